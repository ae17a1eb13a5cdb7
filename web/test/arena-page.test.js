// The page's DOM-free helpers: URL parameters, the join they ask for, the scoreboard's
// order, the picker's levels, and the seat kept for a reload.

import { test } from "node:test";
import assert from "node:assert/strict";
import { scoreboardRows, pingText } from "../arena/hud.js";
import { arenaRooms, knownLevels, roomCells } from "../arena/lobby.js";
import { clearSeat, loadSeat, saveSeat } from "../arena/session-store.js";
import { joinRequest, readOptions } from "../arena/url-options.js";

test("URL parameters, and the server defaulting to the page's host", () => {
  assert.deepEqual(readOptions(new URL("https://game.example/?name=ada&level=duel&autojoin=1")),
    { server: "wss://game.example/", name: "ada", level: "duel", room: "", autojoin: true, token: "" });
  assert.deepEqual(readOptions(new URL("http://localhost:7777/?server=ws%3A%2F%2F10.0.0.2%3A7000%2F&room=r1")),
    { server: "ws://10.0.0.2:7000/", name: "", level: "", room: "r1", autojoin: false, token: "" });
  // ?token= is the player's signed token (JWT), passed to the client as its credential.
  assert.equal(readOptions(new URL("https://game.example/?token=eyJhbGciOi.x.y&autojoin=1")).token, "eyJhbGciOi.x.y");
  assert.deepEqual(joinRequest({ name: "ada", room: "r1", level: "duel" }), { name: "ada", room: "r1" });
  assert.deepEqual(joinRequest({ name: "ada", room: "", level: "duel" }), { name: "ada", game: "arena", level: "duel" });
});

test("scoreboard: best score first, own row marked, unmeasured ping shown as a dash", () => {
  const roster = [
    { id: 1, name: "ada", ping: 12, identity: "" }, { id: 2, name: "bob", ping: null, identity: "user-17" }, { id: 3, name: "cy", ping: 40 },
  ];
  const players = new Map([[1, { score: 2, alive: true }], [2, { score: 5, alive: false }]]);
  assert.deepEqual(scoreboardRows(roster, players, 1), [
    { id: 2, name: "bob", identity: "user-17", ping: null, score: 5, alive: false, own: false },
    { id: 1, name: "ada", identity: "", ping: 12, score: 2, alive: true, own: true },
    { id: 3, name: "cy", identity: "", ping: 40, score: 0, alive: false, own: false },
  ]);
  assert.equal(pingText(null), "—");
  assert.equal(pingText(12), "12 ms");
});

test("the picker lists Arena rooms and offers the default levels plus those seen", () => {
  const rooms = [{ id: "a", game: "arena", level: "duel" }, { id: "p", game: "pong", level: "classic" }, { id: "b", game: "Arena", level: "maze" }];
  assert.deepEqual(arenaRooms(rooms).map((room) => room.id), ["a", "b"]);
  assert.deepEqual(knownLevels(rooms), ["duel", "arena", "warehouse", "maze"]);
});

test("the picker's rows name the cluster node only when a room has one", () => {
  const room = { id: "a", game: "arena", level: "duel", players: 1, capacity: 8, node: "node-b" };
  assert.deepEqual(roomCells(room, 12, true), ["a", "node-b", "duel", "1/8", "12 ms"]);
  assert.deepEqual(roomCells({ ...room, node: "" }, 12, false), ["a", "duel", "1/8", "12 ms"]);
});

test("the seat is kept per server", () => {
  const items = new Map();
  const storage = { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => items.set(key, value), removeItem: (key) => items.delete(key) };
  saveSeat(storage, { server: "ws://a/", token: "00".repeat(16), room: "r1" });
  assert.deepEqual(loadSeat(storage, "ws://a/"), { server: "ws://a/", token: "00".repeat(16), room: "r1" });
  assert.equal(loadSeat(storage, "ws://b/"), null);
  clearSeat(storage);
  assert.equal(loadSeat(storage, "ws://a/"), null);
});
