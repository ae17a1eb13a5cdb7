// Client-side prediction of the own player. The server applies one input per tick and
// echoes the sequence of the last one it applied (lastInputSequence) with each snapshot.
// So: move locally at once for every input sent, and on each snapshot restart from the
// server's position and replay the inputs it has not applied yet. Because movement.js is
// the server's movement bit for bit, the replay lands where the server will be.

import { move } from "./movement.js";

// More unacknowledged inputs than this means the server is not applying ours (it queues at
// most 8): forget the oldest rather than grow without end.
const MAX_PENDING = 256;

/** Positions arrive as x & ~3 (1/64 tile on the wire). */
function quantized(position) {
  return { x: position.x & ~3, y: position.y & ~3 };
}

export class Prediction {
  /** grid = { width, height, tiles } as in `welcome.grid`. */
  constructor(grid) {
    this.grid = grid;
    this.pending = [];         // { sequence, moveX, moveY, predicted: {x, y} | null }, oldest first
    this.base = null;          // where the pending inputs start from
    this.alive = false;
    this.lastAcked = null;     // the newest entry the server applied, kept for repeated acks
  }

  /** Where the own player is predicted to be after every input sent, or null if unknown. */
  get position() {
    return this.pending.at(-1)?.predicted ?? this.base;
  }

  /**
   * The position before and after the newest input ({ from, to }), to draw the player
   * moving smoothly across the tick; null if unknown.
   */
  latestStep() {
    const to = this.position;
    if (!to) return null;
    const from = this.pending.at(-2)?.predicted ?? this.base ?? to;
    return { from, to };
  }

  /** Records an input just sent and moves the prediction by it (only while alive). */
  applyInput(sequence, moveX, moveY) {
    const from = this.position;
    const predicted = this.alive && from ? move(this.grid, from.x, from.y, moveX, moveY) : null;
    this.pending.push({ sequence, moveX, moveY, predicted });
    if (this.pending.length > MAX_PENDING) this.pending.shift();
    return predicted;
  }

  /**
   * Takes a snapshot's word for it: `server` is the own player as replicated
   * ({ x, y, alive }, x and y multiples of 4) or null when absent. Returns the
   * reconciliation { lastInputSequence, server, predicted }: `predicted` is what this
   * prediction had recorded after input lastInputSequence (null if none), so
   * predicted vs server is the prediction error.
   */
  reconcile(lastInputSequence, server) {
    const acked = this.#takeAcked(lastInputSequence);
    const predicted = acked?.predicted ?? null;
    if (!server) {
      this.base = null;
      this.alive = false;
      return null;
    }
    const justRespawned = server.alive && !this.alive;
    this.alive = server.alive;
    const serverPosition = { x: server.x, y: server.y };
    // The server sends its position rounded down to 1/64 tile. When our exact prediction
    // for the same input rounds to it, it was right: keep its low bits rather than jump up
    // to 3/256 tile on every snapshot. Otherwise (a hit wall we did not foresee, a repeated
    // input, death or respawn) the server wins.
    const keepPrediction = !justRespawned && server.alive && predicted !== null
      && quantized(predicted).x === server.x && quantized(predicted).y === server.y;
    this.base = keepPrediction ? predicted : serverPosition;
    this.#replay();
    return { lastInputSequence, server: serverPosition, predicted };
  }

  // Drops the inputs the server has applied; returns the entry of the last one.
  #takeAcked(lastInputSequence) {
    let dropped = 0;
    while (dropped < this.pending.length && this.pending[dropped].sequence <= lastInputSequence) dropped++;
    const applied = this.pending.splice(0, dropped);
    const newest = applied.at(-1);
    if (newest?.sequence === lastInputSequence) this.lastAcked = newest;
    return this.lastAcked?.sequence === lastInputSequence ? this.lastAcked : null;
  }

  // Moves through the unacknowledged inputs again from the new base; a dead player stands
  // still until the server says it is back.
  #replay() {
    let position = this.base;
    for (const entry of this.pending) {
      if (this.alive) position = move(this.grid, position.x, position.y, entry.moveX, entry.moveY);
      entry.predicted = this.alive ? position : null;
    }
  }
}
