// Remote players drawn between snapshots: smooth under jittery arrival (never faster on
// screen than their top speed, give or take the clock's slew and the 1/64-tile rounding),
// and placed without sliding when they appear, respawn or teleport.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Interpolation } from "../arena/interpolation.js";
import { RenderClock } from "../arena/render-clock.js";

const TICK_RATE = 60;
const SNAPSHOT_RATE = 30;
const MS_PER_TICK = 1000 / TICK_RATE;
const TOP_SPEED = 34;

// A small deterministic PRNG, so a failure can be replayed.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// A player running at top speed back and forth along x (turning every 100 ticks).
function serverX(tick) {
  const phase = tick % 200;
  return 1000 + TOP_SPEED * (phase < 100 ? phase : 200 - phase);
}

const body = (id, x, y, alive = true) => ({ id, x, y, alive });
const bodies = (...list) => new Map(list.map((entry) => [entry.id, entry]));

// Plays `seconds` of snapshots arriving with latency and jitter (in order, as over TCP)
// against frames every `frameMs`; returns every frame's sample of player 1.
function play({ seconds, frameMs, jitterMs, seed }) {
  const next = random(seed);
  const clock = new RenderClock({ tickRate: TICK_RATE, snapshotRate: SNAPSHOT_RATE });
  const interpolation = new Interpolation();
  const arrivals = [];
  let lastArrival = 0;
  for (let tick = 2; tick <= seconds * TICK_RATE; tick += 2) {
    lastArrival = Math.max(lastArrival, tick * MS_PER_TICK + 40 + next() * jitterMs);
    arrivals.push({ tick, time: lastArrival, x: serverX(tick) & ~3 });
  }
  const frames = [];
  let delivered = 0;
  for (let now = 0; now < seconds * 1000; now += frameMs * (0.9 + 0.2 * next())) {
    while (delivered < arrivals.length && arrivals[delivered].time <= now) {
      const { tick, time, x } = arrivals[delivered++];
      interpolation.push(tick, bodies(body(1, x, 500)));
      clock.onSnapshot(tick, time);
    }
    const renderTick = clock.advance(now);
    const player = interpolation.sample(renderTick).bodies.find((entry) => entry.id === 1);
    if (!player) continue;   // drawn from the first snapshot on, once the clock reaches it
    frames.push({ now, renderTick, newestTick: clock.newestTick, x: player.x });
  }
  return frames;
}

for (const [name, frameMs, jitterMs] of [["60 Hz frames, 30 ms jitter", 1000 / 60, 30], ["144 Hz frames, 60 ms jitter", 1000 / 144, 60]]) {
  test(`smooth under jittered arrival (${name}): no frame step faster than top speed`, () => {
    const frames = play({ seconds: 20, frameMs, jitterMs, seed: 7 });
    // Allowed: the clock's ±10 % slew and the rounding to 1/64 tile (up to 3/256 tile per 2-tick step).
    const fastestPerTick = (TOP_SPEED + 1.5) * 1.1;
    let fastest = 0;
    for (let index = 1; index < frames.length; index++) {
      const ticks = (frames[index].now - frames[index - 1].now) / MS_PER_TICK;
      const speed = Math.abs(frames[index].x - frames[index - 1].x) / ticks;
      fastest = Math.max(fastest, speed);
      assert.ok(speed <= fastestPerTick, `frame ${index}: ${speed.toFixed(2)}/tick > ${fastestPerTick.toFixed(2)}`);
    }
    assert.ok(fastest > TOP_SPEED * 0.8, "the player does move");
    // Once settled, it is drawn about 2 snapshot intervals (4 ticks) behind the newest, never ahead.
    for (const frame of frames.slice(frames.length / 2)) {
      const behind = frame.newestTick - frame.renderTick;
      assert.ok(behind >= 0 && behind <= 10, `render tick ${frame.renderTick} vs newest ${frame.newestTick}`);
    }
  });
}

test("the render clock slews by at most 10 % and jumps only over a big gap", () => {
  const clock = new RenderClock({ tickRate: TICK_RATE, snapshotRate: SNAPSHOT_RATE });
  clock.onSnapshot(100, 0);
  assert.equal(clock.advance(0), 96);              // 2 snapshot intervals behind
  clock.onSnapshot(110, 100);                      // 10 ticks ahead of the pace: catch up slowly
  const before = clock.advance(100);
  const after = clock.advance(100 + MS_PER_TICK);
  assert.ok(after - before <= 1.1 + 1e-9 && after - before > 1, `${after - before} ticks in one tick`);
  clock.onSnapshot(200, 200);                      // 1.5 s of snapshots at once: reset
  assert.equal(clock.advance(200), 196);
  clock.advance(1000);                             // long after: held at the newest snapshot
  assert.equal(clock.tick, 200);
});

test("an entity that appears is placed at its first snapshot, not slid in", () => {
  const interpolation = new Interpolation();
  interpolation.push(10, bodies(body(1, 1000, 1000)));
  interpolation.push(12, bodies(body(1, 1034, 1000), body(2, 3000, 3000)));
  assert.equal(interpolation.sample(11).bodies.find((entry) => entry.id === 2), undefined);
  assert.deepEqual(interpolation.sample(11).bodies, [{ id: 1, x: 1017, y: 1000, alive: true }]);
  assert.deepEqual(interpolation.sample(12).bodies.find((entry) => entry.id === 2), body(2, 3000, 3000));
});

test("a respawn (alive flag flips) cuts from the death spot to the spawn point", () => {
  const interpolation = new Interpolation();
  interpolation.push(10, bodies(body(1, 1000, 1000)));
  interpolation.push(12, bodies(body(1, 1000, 1000, false)));
  interpolation.push(14, bodies(body(1, 5000, 200)));
  assert.deepEqual(interpolation.sample(11).bodies, [body(1, 1000, 1000)]);           // not blended into death
  assert.deepEqual(interpolation.sample(13.9).bodies, [body(1, 1000, 1000, false)]);  // dead, where it fell
  assert.deepEqual(interpolation.sample(14).bodies, [body(1, 5000, 200)]);            // then at the spawn
});

test("a jump longer than top speed allows is a teleport, not a slide", () => {
  const interpolation = new Interpolation();
  interpolation.push(10, bodies(body(1, 1000, 1000)));
  interpolation.push(12, bodies(body(1, 1000 + 2 * TOP_SPEED + 4, 1000)));   // the longest legal step (+ rounding)
  interpolation.push(14, bodies(body(1, 4000, 1000)));
  assert.deepEqual(interpolation.sample(11).bodies[0].x, 1036);
  assert.deepEqual(interpolation.sample(13).bodies[0].x, 1072);
  assert.deepEqual(interpolation.sample(14).bodies[0].x, 4000);
});

test("a removed entity stays until its removal is reached, then is gone", () => {
  const interpolation = new Interpolation();
  interpolation.push(10, bodies(body(1, 1000, 1000), body(2, 2000, 2000)));
  interpolation.push(12, bodies(body(1, 1000, 1000)));
  assert.equal(interpolation.sample(11).bodies.length, 2);
  assert.equal(interpolation.sample(12).bodies.length, 1);
  assert.equal(interpolation.snapshots.length, 1);   // older snapshots are dropped
});
