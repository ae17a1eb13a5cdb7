// The keys that steer a replay room, and how its status reads: the same mapping as the
// terminal spectator (Sources/Spectator/ReplayKeys.swift, docs/REPLAYS.md §2), without the
// DOM. A status is a `replayStatus` event: { tick, endTick, tickRate, paused, speedQuarters, ending }.

export const SEEK_SECONDS = 10;
export const MIN_SPEED_QUARTERS = 1;    // 0.25x
export const MAX_SPEED_QUARTERS = 32;   // 8x

/** The next speed up the ladder (PlaybackClock.faster): doubled, at most 8x. */
export function faster(quarters) {
  return Math.min(MAX_SPEED_QUARTERS, quarters * 2);
}

/** The next speed down the ladder (PlaybackClock.slower): halved, at least 0.25x. */
export function slower(quarters) {
  return Math.max(MIN_SPEED_QUARTERS, Math.floor(quarters / 2));
}

/** Recorded ticks in one seek step: 10 s of the recording. */
export function seekStep(status) {
  return SEEK_SECONDS * Math.max(1, status.tickRate);
}

/** The seek 10 s back (not before the start) or forward (not past the end). */
export function seekBack(status) {
  return { command: "seek", tick: Math.max(0, status.tick - seekStep(status)) };
}

export function seekForward(status) {
  return { command: "seek", tick: Math.min(status.endTick, status.tick + seekStep(status)) };
}

export function togglePlay(status) {
  return { command: status.paused ? "play" : "pause" };
}

/**
 * The command for a key (KeyboardEvent.key) in a replay with this status, as
 * { command, quarters } or { command, tick } for client.controlReplay, or null for any other key.
 */
export function commandForKey(key, status) {
  switch (key) {
    case " ": case "p": case "P": return togglePlay(status);
    case "+": case "=": return { command: "speed", quarters: faster(status.speedQuarters) };
    case "-": case "_": return { command: "speed", quarters: slower(status.speedQuarters) };
    case "[": return seekBack(status);
    case "]": return seekForward(status);
    case "0": return { command: "seek", tick: 0 };
    default: return null;
  }
}

/** Whole seconds as m:ss. */
export function clockText(seconds) {
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)}:${rest < 10 ? "0" : ""}${rest}`;
}

/** "0:42 / 3:10": where the replay is, and its length. */
export function positionText(status) {
  const rate = Math.max(1, status.tickRate);
  return `${clockText(Math.floor(status.tick / rate))} / ${clockText(Math.floor(status.endTick / rate))}`;
}

/** "0.25x", "0.5x", "2x", "1.25x". */
export function speedText(quarters) {
  switch (quarters) {
    case 1: return "0.25x";
    case 2: return "0.5x";
    case 3: return "0.75x";
    default: return quarters % 4 === 0 ? `${quarters / 4}x` : `${(quarters / 4).toFixed(2)}x`;
  }
}

/** PAUSED, or END once paused at the end; "" while playing. */
export function pauseText(status) {
  if (!status.paused) return "";
  return status.tick >= status.endTick ? "END" : "PAUSED";
}
