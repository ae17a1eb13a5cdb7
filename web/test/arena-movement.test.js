// movement.js against the Swift simulation, bit for bit: fixtures/arena-movement.json is
// written by Tests/ArenaTests/WebFixtureMovementTests.swift.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { MAX_MOVE_INPUT, MAX_SPEED, PLAYER_RADIUS, UNITS_PER_TILE, move, squareRoot, velocity } from "../arena/movement.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/arena-movement.json", import.meta.url), "utf8"));

function gridOf(trace) {
  assert.equal(trace.tiles.length, trace.width * trace.height, `${trace.map}: tiles length`);
  return { width: trace.width, height: trace.height, tiles: Uint8Array.from(trace.tiles, (c) => c.charCodeAt(0)) };
}

test("the fixture's rules are the ones movement.js was written for", () => {
  assert.deepEqual(fixture.rules, {
    maxSpeed: MAX_SPEED, playerRadius: PLAYER_RADIUS, maxMoveInput: MAX_MOVE_INPUT, unitsPerTile: UNITS_PER_TILE,
  });
});

test("velocity matches the Swift simulation for every fixture input", () => {
  assert.ok(fixture.velocities.length > 0);
  for (const [moveX, moveY, vx, vy] of fixture.velocities) {
    assert.deepEqual(velocity(moveX, moveY), { x: vx, y: vy }, `velocity(${moveX}, ${moveY})`);
  }
});

test("move matches every step of the Swift traces (walls, corners, outside the map)", () => {
  assert.ok(fixture.traces.length > 0);
  for (const [index, trace] of fixture.traces.entries()) {
    const grid = gridOf(trace);
    let [x, y] = trace.start;
    for (const [step, [moveX, moveY, expectedX, expectedY]] of trace.steps.entries()) {
      ({ x, y } = move(grid, x, y, moveX, moveY));
      assert.deepEqual([x, y], [expectedX, expectedY], `trace ${index} (${trace.map}) step ${step}: input (${moveX}, ${moveY})`);
    }
  }
});

test("squareRoot is the integer floor", () => {
  for (const value of [0, 1, 2, 3, 4, 15, 16, 17, 1156, 2312, 32258, 2 ** 40 + 5]) {
    const root = squareRoot(value);
    assert.ok(root * root <= value && (root + 1) * (root + 1) > value, `squareRoot(${value}) = ${root}`);
  }
});
