// Remote entities drawn between snapshots: buffer the snapshots by tick and, for a render
// tick (see render-clock.js), blend each entity between the snapshot before and the one
// after. An entity is never slid across a change that is not movement: it appears only
// once its first snapshot is reached, and a respawn (alive flag flips) or a jump longer
// than its top speed allows is shown as a cut at the later snapshot. A jump of the snapshot
// ticks themselves (a replay room's seek, PROTOCOL.md §6.1) restarts the buffer: the two
// sides of it are different moments of the game, nothing to blend.

import { MAX_SPEED } from "./movement.js";

// Positions arrive rounded down to 1/64 tile, so a step may look up to 3/256 tile longer.
const QUANTIZATION_SLACK = 4;

export class Interpolation {
  /**
   * maxSpeed: the fastest legal move, in position units per tick. resetGap: a snapshot more
   * ticks than this after the newest is a seek, not the next one (snapshots of a replay at
   * 8x come 16 ticks apart at 60 Hz; a seek moves them by at least 10 s of ticks).
   */
  constructor({ maxSpeed = MAX_SPEED, capacity = 64, resetGap = 64 } = {}) {
    this.maxSpeed = maxSpeed;
    this.capacity = capacity;
    this.resetGap = resetGap;
    this.snapshots = [];   // { tick, bodies: Map id → { id, x, y, alive, ... }, extra }, ascending ticks
  }

  /**
   * Buffers a snapshot's bodies (each { id, x, y, alive, ... }); `extra` is kept with it
   * for the caller (e.g. the world, to draw projectiles of the same tick). Returns true
   * when the snapshot restarted the buffer (a jump of more than resetGap ticks).
   */
  push(tick, bodies, extra = null) {
    const newest = this.snapshots.at(-1);
    if (newest && tick <= newest.tick) return false;   // late or repeated: the buffer is by tick
    const jumped = newest !== undefined && tick - newest.tick > this.resetGap;
    if (jumped) this.clear();
    this.snapshots.push({ tick, bodies, extra });
    if (this.snapshots.length > this.capacity) this.snapshots.shift();
    return jumped;
  }

  /** Forgets everything (a new room, a resume). */
  clear() {
    this.snapshots = [];
  }

  /** Keeps only the newest snapshot: it starts a new stretch of the game (a seek back). */
  cut() {
    this.snapshots = this.snapshots.slice(-1);
  }

  /**
   * The bodies at `renderTick`: { bodies: [{ ...body, x, y }], base } where `base` is the
   * buffered snapshot at or before renderTick (null before the first). Before the first
   * snapshot (at the start, or after a restart) its bodies are shown still, so a seek
   * shows the new moment at once instead of an empty map. Snapshots older than `base` are
   * dropped: the render clock never goes back.
   */
  sample(renderTick) {
    const index = this.#indexAtOrBefore(renderTick);
    if (index < 0) return { bodies: [...(this.snapshots[0]?.bodies.values() ?? [])], base: null };
    if (index > 0) this.snapshots.splice(0, index);
    const [before, after] = this.snapshots;
    if (!after) return { bodies: [...before.bodies.values()], base: before };
    const fraction = (renderTick - before.tick) / (after.tick - before.tick);
    const longestStep = this.maxSpeed * (after.tick - before.tick) + QUANTIZATION_SLACK;
    const bodies = [];
    for (const [id, from] of before.bodies) {
      const to = after.bodies.get(id);
      if (!to || from.alive !== to.alive || Math.hypot(to.x - from.x, to.y - from.y) > longestStep) {
        bodies.push(from);   // leaving, respawning or teleporting: no slide; cut at `after`
      } else {
        bodies.push({ ...to, x: from.x + (to.x - from.x) * fraction, y: from.y + (to.y - from.y) * fraction });
      }
    }
    return { bodies, base: before };
  }

  #indexAtOrBefore(renderTick) {
    let index = -1;
    while (index + 1 < this.snapshots.length && this.snapshots[index + 1].tick <= renderTick) index++;
    return index;
  }
}
