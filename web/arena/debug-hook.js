// window.tickwireArena: what the page is doing, for end-to-end tests and for curious
// players in the console. Recording is a push (and a shift once full), nothing more.

export const TRACE_LIMIT = 5000;

/** Appends to a trace list, keeping only its last `limit` entries. */
export function record(list, entry, limit = TRACE_LIMIT) {
  list.push(entry);
  if (list.length > limit) list.shift();
}

/**
 * Creates the hook. `live` supplies the getters: client, state, playerId, role ("player",
 * "spectator" or null) and replay (the last replayStatus or null), each a function, so the
 * hook always shows the current values.
 */
export function createDebugHook(live) {
  return {
    get client() { return live.client(); },
    get state() { return live.state(); },
    get playerId() { return live.playerId(); },
    get role() { return live.role(); },
    get replay() { return live.replay(); },
    snapshots: 0,
    errors: [],
    trace: { inputs: [], snapshots: [], reconciliations: [], frames: [] },
  };
}

/** Keeps every error message the page sees, including uncaught ones. */
export function recordError(hook, error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  record(hook.errors, message);
}
