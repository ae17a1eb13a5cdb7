// The room picker: the server's Arena rooms with their level, seats, cluster node and the
// page's round trip to the server; join a listed room, a level, or a room by id, under a
// chosen name.
// Admins can watch a room or a replay instead, with the server's admin token.

import { ROOM_ID_PATTERN } from "../tickwire.js";
import { DEFAULT_LEVELS, isWatchableRoom } from "./url-options.js";

/** Arena's rooms of a room list (a server may run other games too). */
export function arenaRooms(rooms) {
  return rooms.filter((room) => room.game.toLowerCase() === "arena");
}

/** The level keys to offer: the default ones and any seen in the room list. */
export function knownLevels(rooms) {
  return [...new Set([...DEFAULT_LEVELS, ...arenaRooms(rooms).map((room) => room.level)])];
}

/**
 * The texts of a room's row: id, node (with `withNode`), level, seats, ping. A server that
 * is not in a cluster lists every room with an empty node, so its picker has no Node column.
 */
export function roomCells(room, pingMs, withNode) {
  return [room.id, ...(withNode ? [room.node] : []), room.level, `${room.players}/${room.capacity}`, `${pingMs} ms`];
}

export class Picker {
  /**
   * elements: { root, form, name, level, levels (a <datalist>), room, rooms (a <tbody>),
   * nodeHeader (the Node column's <th>), message, watchForm, adminToken, watchRoom }. onJoin(choice) gets { name, room } or
   * { name, level }; onWatch(request) gets { adminToken, room } (client.spectate's).
   * defaults: readOptions(), and spectate: the URL's spectate request or null. With a
   * token (?token=), the admin token may be left empty: an admin token stands in for it.
   */
  constructor(elements, { defaults, spectate, onJoin, onWatch }) {
    this.elements = elements;
    this.onJoin = onJoin;
    elements.name.value = defaults.name || `player${Math.floor(Math.random() * 1000)}`;
    elements.level.value = defaults.level;
    elements.room.value = defaults.room;
    elements.adminToken.value = spectate?.adminToken ?? "";
    elements.watchRoom.value = spectate?.room ?? "";
    if (spectate) elements.watchForm.closest("details").open = true;   // back here when watching failed
    elements.watchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const request = { adminToken: elements.adminToken.value, room: elements.watchRoom.value.trim() };
      if (!request.adminToken && !defaults.token) this.showMessage("Enter the server's admin token to watch.");
      else if (!isWatchableRoom(request.room)) this.showMessage("Watch a room id (1-32 letters, digits, _ or -) or replay:ID.");
      else onWatch(request);
    });
    this.showLevels([]);
    elements.form.addEventListener("submit", (event) => {
      event.preventDefault();
      // The button pressed decides: join the level, or the room id (also Enter in its field).
      const byRoom = event.submitter?.value === "room" || document.activeElement === elements.room;
      this.#join(byRoom ? { room: elements.room.value.trim() } : { level: elements.level.value.trim() });
    });
  }

  show(message = "") {
    this.elements.root.hidden = false;
    this.showMessage(message);
  }

  hide() {
    this.elements.root.hidden = true;
  }

  showMessage(message) {
    this.elements.message.textContent = message;
  }

  /** Lists the rooms; `pingMs` is the round trip of the list request. */
  showRooms(rooms, pingMs) {
    const listed = arenaRooms(rooms);
    const withNode = listed.some((room) => room.node !== "");
    this.elements.nodeHeader.hidden = !withNode;
    const rows = listed.map((room) => {
      const tr = document.createElement("tr");
      for (const text of roomCells(room, pingMs, withNode)) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.append(td);
      }
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Join";
      button.disabled = room.players >= room.capacity;
      button.addEventListener("click", () => this.#join({ room: room.id }));
      const td = document.createElement("td");
      td.append(button);
      tr.append(td);
      return tr;
    });
    if (rows.length === 0) {
      const tr = document.createElement("tr");
      const td = document.createElement("td");
      td.colSpan = 5;
      td.textContent = `no Arena rooms yet (ping ${pingMs} ms): join a level to start one`;
      tr.append(td);
      rows.push(tr);
    }
    this.elements.rooms.replaceChildren(...rows);
    this.showLevels(rooms);
  }

  showLevels(rooms) {
    const options = knownLevels(rooms).map((level) => {
      const option = document.createElement("option");
      option.value = level;
      return option;
    });
    this.elements.levels.replaceChildren(...options);
  }

  #join(choice) {
    const name = this.elements.name.value.trim();
    if (!name) {
      this.showMessage("Enter a name first.");
      return;
    }
    if (choice.room !== undefined && !ROOM_ID_PATTERN.test(choice.room)) {
      this.showMessage("A room id is 1-32 letters, digits, _ or -.");
      return;
    }
    this.onJoin({ name, ...choice });
  }
}
