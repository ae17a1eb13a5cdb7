// What the page's URL asks for: ?server=ws://host:7777/&name=ada&level=duel&room=r1&autojoin=1,
// or, for admins, ?spectate=r1&admin=TOKEN (also spectate=replay:ID). On a server that
// authenticates players, ?token=JWT is the player's signed token (PROTOCOL.md §3.1).

import { ROOM_ID_PATTERN } from "../tickwire.js";

export const DEFAULT_LEVELS = ["duel", "arena", "warehouse"];
export const REPLAY_PREFIX = "replay:";

/** The game server's WebSocket URL when none is given: the page's own host. */
export function defaultServer(location) {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/`;
}

/** { server, name, level, room, autojoin, token } from a Location (or URL); token "" = none. */
export function readOptions(location) {
  const params = new URLSearchParams(location.search);
  return {
    server: params.get("server") || defaultServer(location),
    name: params.get("name") ?? "",
    level: params.get("level") ?? "",
    room: params.get("room") ?? "",
    autojoin: params.get("autojoin") === "1",
    token: params.get("token") ?? "",
  };
}

/** The `spectate` the URL asks for ({ adminToken, room }), or null without `spectate`. */
export function spectateRequest(location) {
  const params = new URLSearchParams(location.search);
  const room = params.get("spectate");
  return room ? { adminToken: params.get("admin") ?? "", room } : null;
}

/** The `join` for a choice: a room id if there is one, else an Arena level ("" = default). */
export function joinRequest({ name, room, level }) {
  return room ? { name, room } : { name, game: "arena", level: level ?? "" };
}

export function isReplayRoom(roomId) {
  return roomId.startsWith(REPLAY_PREFIX);
}

/** A room an admin can watch: a live room id, or replay:ID (ID as `GET /replays` lists it). */
export function isWatchableRoom(roomId) {
  return ROOM_ID_PATTERN.test(roomId) || (isReplayRoom(roomId) && roomId.length > REPLAY_PREFIX.length);
}
