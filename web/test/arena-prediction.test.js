// Prediction of the own player: inputs move it at once, snapshots reset it to the server's
// position and replay what the server has not applied yet.

import { test } from "node:test";
import assert from "node:assert/strict";
import { move } from "../arena/movement.js";
import { Prediction } from "../arena/prediction.js";

// 10 x 6 tiles, walls around: open floor from 256 to 2303 on x.
const ROWS = ["##########", "#........#", "#........#", "#........#", "#........#", "##########"];
const GRID = { width: 10, height: 6, tiles: Uint8Array.from(ROWS.join(""), (c) => c.charCodeAt(0)) };

const alive = (x, y) => ({ x, y, alive: true });

test("inputs move the prediction at once; nothing is predicted before the first snapshot", () => {
  const prediction = new Prediction(GRID);
  assert.equal(prediction.applyInput(1, 127, 0), null);
  assert.equal(prediction.position, null);
  prediction.reconcile(0, alive(640, 640));
  assert.deepEqual(prediction.position, { x: 640 + 34, y: 640 });   // input 1 replayed
  prediction.applyInput(2, 0, 127);
  assert.deepEqual(prediction.position, { x: 674, y: 674 });
  assert.deepEqual(prediction.latestStep(), { from: { x: 674, y: 640 }, to: { x: 674, y: 674 } });
});

test("a snapshot drops the acknowledged inputs and replays the rest from the server's position", () => {
  const prediction = new Prediction(GRID);
  prediction.reconcile(0, alive(640, 640));
  for (let sequence = 1; sequence <= 5; sequence++) prediction.applyInput(sequence, 127, 0);
  assert.deepEqual(prediction.position, { x: 640 + 5 * 34, y: 640 });

  // The server applied 1...3 but stands somewhere else (say it was pushed): replay 4 and 5 from there.
  const result = prediction.reconcile(3, alive(800, 700));
  assert.deepEqual(prediction.pending.map((entry) => entry.sequence), [4, 5]);
  assert.deepEqual(prediction.position, { x: 800 + 2 * 34, y: 700 });
  assert.deepEqual(result, { lastInputSequence: 3, server: { x: 800, y: 700 }, predicted: { x: 640 + 3 * 34, y: 640 } });
});

test("the replay runs into walls exactly as the server would", () => {
  const prediction = new Prediction(GRID);
  prediction.reconcile(0, alive(2100, 640));
  for (let sequence = 1; sequence <= 10; sequence++) prediction.applyInput(sequence, 127, 0);
  assert.deepEqual(prediction.position, { x: 9 * 256 - 90, y: 640 });   // flush against the east wall
  prediction.reconcile(2, alive(2168, 640));
  let expected = { x: 2168, y: 640 };
  for (let step = 3; step <= 10; step++) expected = move(GRID, expected.x, expected.y, 127, 0);
  assert.deepEqual(prediction.position, expected);
});

test("a server position that is the prediction rounded to 1/64 tile keeps the prediction's low bits", () => {
  const prediction = new Prediction(GRID);
  prediction.reconcile(0, alive(640, 640));
  prediction.applyInput(1, 127, 127);   // velocity (24, 24): 664 = 0b1010011000, already a multiple of 4
  prediction.applyInput(2, 50, -20);    // velocity (13, -5): 677, 659: not multiples of 4
  const afterTwo = { x: 677, y: 659 };
  assert.deepEqual(prediction.position, afterTwo);
  prediction.applyInput(3, 127, 0);

  const result = prediction.reconcile(2, alive(677 & ~3, 659 & ~3));
  assert.deepEqual(result.server, { x: 676, y: 656 });
  assert.deepEqual(result.predicted, afterTwo);
  assert.deepEqual(prediction.position, { x: 677 + 34, y: 659 });   // not 676 + 34

  // A server position the prediction does not round to wins (here: input 2 was repeated).
  prediction.reconcile(2, alive(688, 652));
  assert.deepEqual(prediction.position, { x: 688 + 34, y: 652 });
});

test("the same lastInputSequence twice still reports what was predicted for it", () => {
  const prediction = new Prediction(GRID);
  prediction.reconcile(0, alive(640, 640));
  prediction.applyInput(1, 0, 0);
  assert.deepEqual(prediction.reconcile(1, alive(640, 640)).predicted, { x: 640, y: 640 });
  assert.deepEqual(prediction.reconcile(1, alive(640, 640)).predicted, { x: 640, y: 640 });
  assert.equal(prediction.reconcile(7, alive(640, 640)).predicted, null);   // never sent here
});

test("a dead player snaps to the server and does not move; a respawn snaps to the spawn point", () => {
  const prediction = new Prediction(GRID);
  prediction.reconcile(0, alive(640, 640));
  prediction.applyInput(1, 127, 0);
  prediction.reconcile(1, { x: 900, y: 700, alive: false });
  assert.equal(prediction.alive, false);
  assert.deepEqual(prediction.position, { x: 900, y: 700 });
  assert.equal(prediction.applyInput(2, 127, 0), null);
  assert.equal(prediction.applyInput(3, 127, 0), null);
  assert.deepEqual(prediction.position, { x: 900, y: 700 });

  // Respawned at (384, 384) after input 2: input 3 is replayed from the spawn point, even
  // though the spawn happens to round like nothing predicted.
  prediction.reconcile(2, alive(384, 384));
  assert.equal(prediction.alive, true);
  assert.deepEqual(prediction.position, { x: 384 + 34, y: 384 });
  assert.deepEqual(prediction.applyInput(4, 0, 127), { x: 418, y: 418 });
});

test("an own player missing from the snapshot leaves nothing to predict", () => {
  const prediction = new Prediction(GRID);
  prediction.reconcile(0, alive(640, 640));
  assert.equal(prediction.reconcile(0, null), null);
  assert.equal(prediction.position, null);
  assert.equal(prediction.applyInput(1, 127, 0), null);
});
