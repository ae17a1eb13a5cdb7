// Projectile trajectories (PROTOCOL.md §5): velocity from the aim's top 10 bits with the
// Q14 sine table, and position = origin + v × age with the age taken mod 128.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cosine, projectileAge, projectilePosition, projectileVelocity, sine } from "../arena/projectiles.js";

test("velocity for the examples of PROTOCOL.md §5", () => {
  const examples = [[0, 85, 0], [8192, 60, 60], [16384, 0, 85], [40960, -60, -60], [44800, -34, -77]];
  for (const [aim, vx, vy] of examples) {
    assert.deepEqual(projectileVelocity(aim), { x: vx, y: vy }, `aim ${aim}`);
  }
});

test("the sine table has the hard-coded values of FixedTrig", () => {
  assert.equal(sine(0), 0);
  assert.equal(sine(1), 101);
  assert.equal(sine(128), 11585);
  assert.equal(sine(256), 16384);
  assert.equal(sine(512 + 1), -101);
  assert.equal(cosine(0), 16384);
  assert.equal(sine(1024 + 7), sine(7));
});

test("only the aim's top 10 bits count, and opposite aims fly opposite ways", () => {
  assert.deepEqual(projectileVelocity(8192 + 63), projectileVelocity(8192));
  for (let aim = 0; aim < 32768; aim += 64 * 37) {
    const v = projectileVelocity(aim);
    const opposite = projectileVelocity(aim + 32768);
    assert.deepEqual({ x: 0 - opposite.x, y: 0 - opposite.y }, v, `aim ${aim}`);
  }
});

test("position: origin + v × age, the age mod 128 from a signed 7-bit launch tick", () => {
  // Fired on tick 200: launchTick = (((200 - 1) mod 128) xor 64) - 64 = 71 xor 64 - 64 = -57.
  const fields = { originX: 1000, originY: 2000, aim: 8192, launchTick: -57 };
  assert.equal(projectileAge(200, -57), 1);
  assert.deepEqual(projectilePosition(fields, 200), { x: 1060, y: 2060, age: 1 });
  assert.deepEqual(projectilePosition(fields, 210), { x: 1000 + 60 * 11, y: 2000 + 60 * 11, age: 11 });
  // Between ticks, for drawing: half a tick later is half a step further.
  assert.deepEqual(projectilePosition(fields, 200.5), { x: 1090, y: 2090, age: 1.5 });
});
