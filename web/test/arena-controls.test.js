// Key state to moveX / moveY, mouse vector to aim (DOM-free parts of controls.js).

import { test } from "node:test";
import assert from "node:assert/strict";
import { aimFromVector, moveFromKeys } from "../arena/controls.js";

test("WASD and arrow keys: ±127 per axis, y positive = down, opposite keys cancel", () => {
  const move = (...codes) => moveFromKeys(new Set(codes));
  assert.deepEqual(move(), { moveX: 0, moveY: 0 });
  assert.deepEqual(move("KeyD"), { moveX: 127, moveY: 0 });
  assert.deepEqual(move("ArrowLeft"), { moveX: -127, moveY: 0 });
  assert.deepEqual(move("KeyW"), { moveX: 0, moveY: -127 });
  assert.deepEqual(move("ArrowDown"), { moveX: 0, moveY: 127 });
  assert.deepEqual(move("KeyS", "KeyD"), { moveX: 127, moveY: 127 });
  assert.deepEqual(move("KeyA", "ArrowRight"), { moveX: 0, moveY: 0 });
  assert.deepEqual(move("KeyA", "ArrowLeft", "KeyW"), { moveX: -127, moveY: -127 });
  assert.deepEqual(move("KeyQ", "Space"), { moveX: 0, moveY: 0 });
});

test("mouse vector to aim: 0 = east, increasing toward screen down", () => {
  assert.equal(aimFromVector(10, 0), 0);
  assert.equal(aimFromVector(5, 5), 8192);
  assert.equal(aimFromVector(0, 3), 16384);
  assert.equal(aimFromVector(-1, 0), 32768);
  assert.equal(aimFromVector(-4, -4), 40960);
  assert.equal(aimFromVector(0, -1), 49152);
  assert.equal(aimFromVector(1, -1e-9), 0);          // just above east wraps to 0, not 65536
  assert.equal(aimFromVector(0, 0), null);
  for (const aim of [0, 100, 16384, 30000, 65535]) {
    const angle = (aim / 65536) * 2 * Math.PI;
    assert.equal(aimFromVector(Math.cos(angle) * 300, Math.sin(angle) * 300), aim);
  }
});
