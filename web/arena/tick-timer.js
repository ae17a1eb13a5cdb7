// Sends inputs at the server's tick rate, independent of the display's frame rate: the
// server applies exactly one input per tick, so one input per tick keeps its queue short
// and the prediction in step. A timer wakes up for each tick and an accumulator on the
// clock decides how many ticks are due (a late wake-up sends the missed ones, up to a few).

export class TickTimer {
  /**
   * onTick(scheduledTime) runs once per elapsed tick. maxCatchUp: after a longer stall (a
   * hidden tab), the older missed ticks are skipped instead of sent in a burst the server
   * would drop (it queues 8).
   */
  constructor({
    tickRate, onTick, maxCatchUp = 3,
    // Wrapped: browsers refuse setTimeout called as a method of another object.
    now = () => performance.now(),
    setTimer = (callback, delay) => setTimeout(callback, delay),
    clearTimer = (id) => clearTimeout(id),
  }) {
    this.interval = 1000 / tickRate;
    this.onTick = onTick;
    this.maxCatchUp = maxCatchUp;
    this.now = now;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    this.nextTick = null;     // when the next tick is due (ms)
    this.lastTick = null;     // when the last tick that ran was due
    this.timer = null;
  }

  start() {
    if (this.timer !== null) return;
    this.nextTick = this.now();
    this.run();
  }

  stop() {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  /** Runs the ticks due by now and sleeps until the next one. */
  run() {
    const now = this.now();
    let due = now >= this.nextTick ? Math.floor((now - this.nextTick) / this.interval) + 1 : 0;
    if (due > this.maxCatchUp) {
      this.nextTick += (due - this.maxCatchUp) * this.interval;
      due = this.maxCatchUp;
    }
    for (let count = 0; count < due; count++) {
      this.lastTick = this.nextTick;
      this.nextTick += this.interval;
      this.onTick(this.lastTick);
    }
    this.timer = this.setTimer(() => this.run(), Math.max(0, this.nextTick - this.now()));
  }

  /** How far `time` is into the current tick, 0...1: to draw the own player between inputs. */
  fraction(time) {
    if (this.lastTick === null) return 1;
    return Math.min(1, Math.max(0, (time - this.lastTick) / this.interval));
  }
}
