// The overlays on the game: connection state and the scoreboard.

/**
 * Scoreboard rows from the roster ({ id, name, ping, identity }) and the replicated players
 * (Map id → { score, alive }): best score first, then by name. `identity` is the verified
 * one on a server that authenticates players, else "".
 */
export function scoreboardRows(roster, players, ownId) {
  return roster
    .map(({ id, name, ping, identity = "" }) => {
      const player = players.get(id);
      return { id, name, identity, ping, score: player?.score ?? 0, alive: player?.alive ?? false, own: id === ownId };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name) || a.id - b.id);
}

/** The status line: "playing — room r1", or "watching r1" for a spectator. */
export function statusText(state, detail = "") {
  if (state === "spectating") return `watching ${detail}`;
  return detail ? `${state} — ${detail}` : state;
}

/** A roster ping: null means not measured yet (or disconnected). */
export function pingText(ping) {
  return ping === null || ping === undefined ? "—" : `${ping} ms`;
}

export class Hud {
  /** elements: { status, scoreboard (a <tbody>), leave (a button) } */
  constructor(elements, { onLeave }) {
    this.elements = elements;
    this.shownRows = "";
    elements.leave.addEventListener("click", () => onLeave());
  }

  /** state: connecting, playing, spectating (detail: the room), reconnecting, closed. */
  showStatus(state, detail = "") {
    const { status } = this.elements;
    status.dataset.state = state;
    status.textContent = statusText(state, detail);
  }

  showScoreboard(rows) {
    // Snapshots come 30 times a second; touch the DOM only when something shows differently.
    const key = JSON.stringify(rows);
    if (key === this.shownRows) return;
    this.shownRows = key;
    const body = this.elements.scoreboard;
    body.replaceChildren(...rows.map((row) => {
      const tr = document.createElement("tr");
      tr.classList.toggle("own", row.own);
      tr.classList.toggle("dead", !row.alive);
      for (const text of [row.name, String(row.score), pingText(row.ping)]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      // The verified identity, when the server has one, on hovering the name.
      if (row.identity) tr.firstChild.title = row.identity;
      return tr;
    }));
  }

  setInGame(inGame) {
    this.elements.leave.hidden = !inGame;
    if (!inGame) this.showScoreboard([]);
  }
}
