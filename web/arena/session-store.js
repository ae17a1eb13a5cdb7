// The seat to take back after a page reload. A reload closes the socket with 1001, which
// keeps the seat for the server's reconnect grace (PROTOCOL.md §10); the session token,
// kept per tab in sessionStorage, resumes it.

const KEY = "tickwire.arena.seat";

/** Saves { server, token (hex), room, sequence? }. */
export function saveSeat(storage, seat) {
  try {
    storage.setItem(KEY, JSON.stringify(seat));
  } catch {
    // Storage may be full or disabled: the seat is then simply not resumed.
  }
}

/** The seat saved for this server, or null. */
export function loadSeat(storage, server) {
  try {
    const seat = JSON.parse(storage.getItem(KEY) ?? "null");
    return seat && seat.server === server && typeof seat.token === "string" ? seat : null;
  } catch {
    return null;
  }
}

export function clearSeat(storage) {
  try {
    storage.removeItem(KEY);
  } catch {
    // Nothing to forget.
  }
}
