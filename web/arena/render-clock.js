// The clock remote entities are drawn at: a fractional server tick a little behind the
// newest snapshot, so there is nearly always a snapshot on each side of it to interpolate
// between. It runs at real-time speed and only slews its rate (by at most ±10 %) to drift
// towards its target: a clock that jumped would make players jump, and one running
// faster than ~1.1x would show them faster than their top speed.

export class RenderClock {
  /**
   * tickRate and snapshotRate from `welcome`. delaySnapshots: how many snapshot intervals
   * behind the newest snapshot to draw. resetSeconds: an error this large (a stall, a
   * hidden tab) is fixed by a jump instead of a long catch-up.
   */
  constructor({ tickRate, snapshotRate, delaySnapshots = 2, maxRateChange = 0.1, resetSeconds = 0.3 }) {
    this.snapshotRate = snapshotRate;
    this.delaySnapshots = delaySnapshots;
    this.maxRateChange = maxRateChange;
    this.resetSeconds = resetSeconds;
    this.setTickRate(tickRate);
    this.tick = null;          // the render tick, fractional; null until the first snapshot
    this.newestTick = null;
    this.newestArrival = 0;
    this.lastNow = 0;
  }

  /**
   * How fast the snapshot ticks advance, per second: the room's tick rate, or in a replay
   * room the recording's rate times the playback speed (PROTOCOL.md §6.1).
   */
  setTickRate(ticksPerSecond) {
    this.ticksPerMs = ticksPerSecond / 1000;
    // Slow replays send a snapshot only when the tick moves on: at least one tick apart.
    this.snapshotInterval = Math.max(1, ticksPerSecond / this.snapshotRate);   // in ticks
    this.delay = this.delaySnapshots * this.snapshotInterval;
    this.resetTicks = this.resetSeconds * ticksPerSecond;
  }

  /** Jumps to its target at the next advance (after the snapshot ticks jumped: a seek). */
  restart() {
    this.tick = null;
  }

  /** Notes a snapshot's tick and arrival time (ms, performance.now()). */
  onSnapshot(tick, now) {
    if (this.newestTick !== null && tick <= this.newestTick) return;
    this.newestTick = tick;
    this.newestArrival = now;
  }

  /**
   * Where the clock should be: the server's tick estimated from the newest arrival (which
   * moves on in real time, for at most one snapshot interval, so a late snapshot does not
   * pull it ahead of the data), minus the delay.
   */
  target(now) {
    const sinceArrival = Math.min((now - this.newestArrival) * this.ticksPerMs, this.snapshotInterval);
    return this.newestTick + sinceArrival - this.delay;
  }

  /** Advances to `now` (ms) and returns the render tick, or null before any snapshot. */
  advance(now) {
    if (this.newestTick === null) return null;
    const target = this.target(now);
    if (this.tick === null || Math.abs(target - this.tick) > this.resetTicks) {
      this.tick = target;
    } else {
      const error = target - this.tick;
      // Full slew at 2 ticks of error; a smaller error bends the rate proportionally.
      const rate = 1 + Math.max(-this.maxRateChange, Math.min(this.maxRateChange, error * this.maxRateChange / 2));
      this.tick += (now - this.lastNow) * this.ticksPerMs * rate;
    }
    // Never past the newest snapshot: wait for data rather than guess.
    this.tick = Math.min(this.tick, this.newestTick);
    this.lastNow = now;
    return this.tick;
  }
}
