// What the page's URL asks for: ?server=ws://host:7777/&name=ada&level=duel&room=r1&autojoin=1

export const DEFAULT_LEVELS = ["duel", "arena", "warehouse"];

/** The game server's WebSocket URL when none is given: the page's own host. */
export function defaultServer(location) {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/`;
}

/** { server, name, level, room, autojoin } from a Location (or URL). */
export function readOptions(location) {
  const params = new URLSearchParams(location.search);
  return {
    server: params.get("server") || defaultServer(location),
    name: params.get("name") ?? "",
    level: params.get("level") ?? "",
    room: params.get("room") ?? "",
    autojoin: params.get("autojoin") === "1",
  };
}

/** The `join` for a choice: a room id if there is one, else an Arena level ("" = default). */
export function joinRequest({ name, room, level }) {
  return room ? { name, room } : { name, game: "arena", level: level ?? "" };
}
