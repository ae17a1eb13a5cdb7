// The input timer: one tick per elapsed tick interval, whatever the timer's wake-ups.

import { test } from "node:test";
import assert from "node:assert/strict";
import { TickTimer } from "../arena/tick-timer.js";

function fakeTimer(tickRate) {
  let time = 0;
  let pending = null;
  const ticks = [];
  const timer = new TickTimer({
    tickRate, onTick: (scheduled) => ticks.push(scheduled), now: () => time,
    setTimer: (callback, delay) => { pending = { callback, at: time + delay }; return 1; },
    clearTimer: () => { pending = null; },
  });
  // Wakes the timer up at `at` (at its request or later: timers are late, never early).
  const wakeAt = (at) => {
    time = Math.max(at, pending.at);
    const { callback } = pending;
    pending = null;
    callback();
  };
  return { timer, ticks, wakeAt, pendingAt: () => pending?.at };
}

test("one tick per interval, at the scheduled times, even when wake-ups are late", () => {
  const { timer, ticks, wakeAt, pendingAt } = fakeTimer(50);   // 20 ms per tick
  timer.start();
  assert.deepEqual(ticks, [0]);
  assert.equal(pendingAt(), 20);
  wakeAt(23);    // 3 ms late
  wakeAt(45);    // 5 ms late for tick 40
  wakeAt(61);    // tick 60 ran late; tick 80 not yet due
  assert.deepEqual(ticks, [0, 20, 40, 60]);
  assert.equal(pendingAt(), 80);
  assert.equal(timer.fraction(70), 0.5);
});

test("a long stall catches up a few ticks only", () => {
  const { timer, ticks, wakeAt } = fakeTimer(50);
  timer.start();
  wakeAt(1000);   // 50 ticks missed
  assert.deepEqual(ticks, [0, 960, 980, 1000]);
  wakeAt(1020);
  assert.deepEqual(ticks.slice(-1), [1020]);
});
