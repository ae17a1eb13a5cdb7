// The Arena page: wires the client library (../tickwire.js) to the picker, the game, the
// canvas and the HUD. Flow: watch a room as an admin (?spectate=), or resume the seat saved
// by a reload, or join at once (?autojoin=1), or show the room picker; then play (or
// watch, steering a replay room) until leaving or the connection ends.

import { ErrorCode, ServerError, TickwireClient, tokenToHex } from "../tickwire.js";
import { ArenaGame } from "./arena-game.js";
import { Controls } from "./controls.js";
import { createDebugHook, record, recordError } from "./debug-hook.js";
import { Hud, scoreboardRows } from "./hud.js";
import { Picker } from "./lobby.js";
import { Renderer } from "./renderer.js";
import { ReplayControls } from "./replay-controls.js";
import { clearSeat, loadSeat, saveSeat } from "./session-store.js";
import { TickTimer } from "./tick-timer.js";
import { isReplayRoom, joinRequest, readOptions, spectateRequest } from "./url-options.js";

const ROOM_REFRESH_MS = 3000;     // also keeps the lobby connection from idling out (60 s)
const RESUME_ATTEMPTS = 3;        // the server may not have seen the old page's socket close yet
const RESUME_RETRY_MS = 400;

const options = readOptions(location);
const spectate = spectateRequest(location);
const byId = (id) => document.getElementById(id);
const canvas = byId("game");

let client = null;
let phase = "picker";             // picker, connecting, playing, spectating, reconnecting, closed
let game = null;                  // the ArenaGame while in a room
let timer = null;                 // sends one input per server tick while playing
let replay = null;                // the last replayStatus while watching a replay room
let ownOnScreen = null;           // where the own player was drawn (CSS px), to aim from
const names = new Map();          // player id → name, from the roster

const hook = createDebugHook({
  client: () => client, state: () => phase, playerId: () => game?.playerId ?? null,
  role: () => client?.role ?? null, replay: () => replay,
});
window.tickwireArena = hook;
window.addEventListener("error", (event) => recordError(hook, event.error ?? event.message));
window.addEventListener("unhandledrejection", (event) => recordError(hook, event.reason));

const renderer = new Renderer(canvas);
const controls = new Controls(canvas);
const hud = new Hud({ status: byId("status"), scoreboard: byId("scoreboard-rows"), leave: byId("leave") }, { onLeave: leave });
const picker = new Picker({
  root: byId("picker"), form: byId("picker-form"), name: byId("name"), level: byId("level"), levels: byId("levels"),
  room: byId("room"), rooms: byId("room-rows"), nodeHeader: byId("room-node"), message: byId("picker-message"),
  watchForm: byId("watch-form"), adminToken: byId("admin-token"), watchRoom: byId("watch-room"),
}, { defaults: options, spectate, onJoin: (choice) => join(joinRequest(choice)), onWatch: watch });
const replayControls = new ReplayControls({
  root: byId("replay-bar"), play: byId("replay-play"), back: byId("replay-back"), seek: byId("replay-seek"),
  forward: byId("replay-forward"), time: byId("replay-time"), slower: byId("replay-slower"), speed: byId("replay-speed"),
  faster: byId("replay-faster"), state: byId("replay-state"), ending: byId("replay-ending"),
}, { onCommand: ({ command, ...details }) => client?.controlReplay(command, details) });
byId("back").addEventListener("click", () => showPicker());

// ── connection ──

function newClient() {
  // A throwing listener below is reported as uncaught, so the window "error" handler sees it.
  const created = new TickwireClient(options.server, { credential: options.token });   // ?token=JWT
  created.on("error", (error) => onClientError(error));
  created.on("welcome", (welcome) => startGame(welcome));
  created.on("snapshot", (snapshot) => onSnapshot(snapshot));
  created.on("roster", (roster) => onRoster(roster));
  created.on("replayStatus", (status) => onReplayStatus(status));
  created.on("reconnecting", ({ attempt }) => setPhase("reconnecting", `attempt ${attempt}`));
  created.on("close", (event) => onClose(event));
  return created;
}

function currentClient() {
  if (!client || client.state === "closed") client = newClient();
  return client;
}

function onClientError(error) {
  recordError(hook, error);
  if (error instanceof ServerError && error.code === ErrorCode.roomClosed) {
    stopGame();
    showPicker("The room was closed.");
  }
}

function onClose({ code, reason, willReconnect }) {
  if (willReconnect) {
    setPhase("reconnecting", `connection lost (${code})`);
    return;
  }
  if (phase === "picker") {
    picker.showMessage(`Connection to ${options.server} closed (${code}${reason ? `: ${reason}` : ""}).`);
    return;
  }
  if (phase === "connecting") return;   // the join or resume waiting for it fails and says why
  stopGame();
  clearSeat(sessionStorage);   // a close that does not reconnect gives the seat up
  setPhase("closed", reason ? `${reason} (${code})` : `code ${code}`);
  byId("closed").hidden = false;
}

function setPhase(next, detail = "") {
  phase = next;
  if (next !== "picker") hud.showStatus(next, detail);
}

// ── picker ──

function showPicker(message = "") {
  byId("closed").hidden = true;
  phase = "picker";
  hud.showStatus("picker", "choose a room");
  picker.show(message);
  refreshRooms();
}

// Lists the rooms over the socket; the round trip of the request is the ping shown.
async function refreshRooms() {
  if (phase !== "picker") return;
  try {
    const lobby = currentClient();
    await lobby.connect();
    const started = performance.now();
    const rooms = await lobby.listRooms();
    if (phase === "picker") picker.showRooms(rooms, Math.round(performance.now() - started));
  } catch (error) {
    recordError(hook, error);
    if (phase === "picker") picker.showMessage(`Cannot reach ${options.server}: ${error.message}`);
  }
}

async function join(request) {
  picker.hide();
  setPhase("connecting", request.room ? `room ${request.room}` : `level ${request.level || "default"}`);
  try {
    await currentClient().join(request);   // the welcome event starts the game
  } catch (error) {
    showPicker(`Could not join: ${error.serverMessage ?? error.message}`);
  }
}

// An admin watches a room or a replay (PROTOCOL.md §6); a wrong token also closes the socket.
async function watch(request) {
  picker.hide();
  setPhase("connecting", `watching ${request.room}`);
  const watcher = currentClient();
  try {
    await watcher.spectate(request);   // the welcome event starts the view
  } catch (error) {
    // A wrong token closes the connection next: the picker then lists rooms on a new one.
    if (error.closes && watcher.state !== "closed") await new Promise((resolve) => watcher.once("close", resolve));
    showPicker(`Could not watch ${request.room}: ${error.serverMessage ?? error.message}`);
  }
}

// A reload keeps the seat for the server's grace period: take it back with the token.
async function resumeSeat(seat) {
  setPhase("connecting", `resuming room ${seat.room}`);
  for (let attempt = 1; ; attempt++) {
    try {
      await currentClient().resume(seat.token, { sequence: seat.sequence });
      return true;
    } catch (error) {
      const retry = error instanceof ServerError && error.code === ErrorCode.invalidToken && attempt < RESUME_ATTEMPTS;
      if (!retry) {
        clearSeat(sessionStorage);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, RESUME_RETRY_MS));
    }
  }
}

function leave() {
  stopGame();
  clearSeat(sessionStorage);
  phase = "picker";   // so the close below, if any, is not shown as the end of the game
  if (client?.state === "reconnecting") {
    const old = client;
    client = null;
    old.close();       // gives the seat up and stops the retries
  } else if (client?.role) {
    client.leave();
  }
  showPicker();
}

// ── game ──

function startGame(welcome) {
  if (welcome.game.toLowerCase() !== "arena" || !welcome.grid) {
    client.leave();
    showPicker(`Room ${welcome.roomId} plays ${welcome.game}, not Arena.`);
    return;
  }
  stopGame();
  const spectator = welcome.type === "spectating";
  game = new ArenaGame(welcome, { spectator });
  renderer.setMap(welcome.grid);
  picker.hide();
  hud.setInGame(true);
  document.activeElement?.blur?.();   // keys go to the game, not a leftover button
  if (spectator) {
    setPhase("spectating", welcome.roomId);
    return;
  }
  timer = new TickTimer({ tickRate: welcome.tickRate, onTick: sendInput });
  timer.start();
  saveSeat(sessionStorage, { server: options.server, token: tokenToHex(welcome.sessionToken), room: welcome.roomId });
  setPhase("playing", `room ${welcome.roomId} · ${welcome.levelTitle}`);
}

function stopGame() {
  timer?.stop();
  timer = null;
  game = null;
  replay = null;
  replayControls.hide();
  renderer.setBarShown(false);
  ownOnScreen = null;
  hud.setInGame(false);
}

function sendInput() {
  if (!game || client.state !== "playing") return;
  const input = controls.sample(ownOnScreen);
  const sequence = client.sendInput(input);
  if (sequence === null) return;   // not sent (e.g. right after a resume): nothing to predict
  game.applyInput(sequence, input);
  record(hook.trace.inputs, { time: performance.now(), sequence, ...input });
}

function onSnapshot(snapshot) {
  if (!game) return;
  const now = performance.now();
  hook.snapshots++;
  const { own, reconciliation } = game.applySnapshot(snapshot, now);
  const server = own && { x: own.x, y: own.y };
  record(hook.trace.snapshots, { time: now, tick: snapshot.tick, lastInputSequence: snapshot.lastInputSequence, server });
  if (reconciliation) record(hook.trace.reconciliations, { time: now, ...reconciliation });
  hud.showScoreboard(scoreboardRows(client.roster, game.players, game.playerId));
}

// A replay room's playback: the bar, and the pace its snapshot ticks now advance at. A
// seek's snapshot comes just before its status; one back in the recording is a cut (a seek
// forward moves the snapshot ticks far enough for the interpolation to see it by itself).
function onReplayStatus(status) {
  if (!game || client.role !== "spectator" || !isReplayRoom(client.welcome.roomId)) return;
  if (replay && status.tick < replay.tick) game.cut();
  replay = status;
  game.setTickRate((status.tickRate * status.speedQuarters) / 4);
  replayControls.show(status);
  renderer.setBarShown(true);
}

function onRoster(roster) {
  names.clear();
  for (const { id, name } of roster) names.set(id, name);
  if (game) hud.showScoreboard(scoreboardRows(roster, game.players, game.playerId));
}

function frame() {
  requestAnimationFrame(frame);
  if (!game) {
    renderer.draw({ players: [], projectiles: [], pickups: [], message: "" });
    return;
  }
  const now = performance.now();
  const scene = game.scene(now, timer?.fraction(now) ?? 1, { names, aim: controls.aim });
  renderer.draw(scene);
  ownOnScreen = scene.own && renderer.toScreen(scene.own.x, scene.own.y);
  record(hook.trace.frames, {
    time: now,
    own: scene.own,
    remotes: scene.remotes.map((body) => [body.id, body.x, body.y]),
  });
}

// A reload or navigation closes the socket with 1001, which keeps the seat: remember the
// last sequence sent so the resumed seat numbers its inputs above it. (No client.close()
// here: that would send 1000 and free the seat.)
window.addEventListener("pagehide", () => {
  if (!game || !client) return;
  const seat = loadSeat(sessionStorage, options.server);
  if (seat) saveSeat(sessionStorage, { ...seat, sequence: client.inputSequence });
});

// ── start ──

setInterval(refreshRooms, ROOM_REFRESH_MS);
requestAnimationFrame(frame);

const seat = loadSeat(sessionStorage, options.server);
if (spectate) {
  watch(spectate);
} else if (seat && await resumeSeat(seat)) {
  // Back in the room; the welcome event started the game.
} else if (options.autojoin) {
  join(joinRequest(options));
} else {
  showPicker();
}
