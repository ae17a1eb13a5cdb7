// ArenaGame: snapshots and inputs in, a scene out (own player predicted, others
// interpolated, projectiles on their trajectory, active pickups on their tiles).

import { test } from "node:test";
import assert from "node:assert/strict";
import { ArenaGame } from "../arena/arena-game.js";

const ROWS = ["##########", "#........#", "#..+..+..#", "#........#", "##########"];
const GRID = { width: 10, height: 5, tiles: Uint8Array.from(ROWS.join(""), (c) => c.charCodeAt(0)) };
const WELCOME = { playerId: 1, tickRate: 60, snapshotRate: 30, grid: GRID };
const MS_PER_TICK = 1000 / 60;
const NAMES = new Map([[1, "me"], [2, "bot"]]);

const player = (id, x, y, alive = true) => ({ id, kindName: "player", fields: { x, y, aim: 0, flags: alive ? 1 : 0, health: 100, score: 0 } });
const shot = (id, originX, launchTick) => ({ id, kindName: "projectile", fields: { originX, originY: 600, aim: 0, launchTick, owner: 2 } });
const pickup = (index, active) => ({ id: 60000 + index, kindName: "pickup", fields: { active: active ? 1 : 0 } });
// Worlds are only iterated, so arrays will do.
const snapshot = (tick, lastInputSequence, entities) => ({ tick, lastInputSequence, world: entities });

test("the own player is predicted, the others interpolated, projectiles and pickups placed", () => {
  const game = new ArenaGame(WELCOME);
  for (let tick = 2; tick <= 12; tick += 2) {
    const entities = [player(1, 640, 640), player(2, 1000 + 34 * tick, 900), pickup(0, true), pickup(1, false)];
    if (tick >= 6) entities.push(shot(1024, 1024, 5), shot(1025, 2100, 5));   // both fired on tick 6
    game.applySnapshot(snapshot(tick, 0, entities), tick * MS_PER_TICK);
  }
  game.applyInput(1, { moveX: 127, moveY: 0 });

  // Drawn at tick 8: two snapshot intervals behind the newest (12), which just arrived.
  const scene = game.scene(12 * MS_PER_TICK, 1, { names: NAMES, aim: 16384 });
  assert.deepEqual(scene.own, { x: 674, y: 640 });
  assert.deepEqual(scene.remotes.map((body) => [body.id, body.x, body.y]), [[2, 1000 + 34 * 8, 900]]);
  assert.deepEqual(scene.players.map(({ id, name, own, aim }) => ({ id, name, own, aim })),
    [{ id: 2, name: "bot", own: false, aim: 0 }, { id: 1, name: "me", own: true, aim: 16384 }]);
  // Age 3 at tick 8: 3 × 85 east of the origin. The second one is inside the east wall by now.
  assert.deepEqual(scene.projectiles, [{ id: 1024, x: 1024 + 3 * 85, y: 600, own: false }]);
  assert.deepEqual(scene.pickups, [{ x: 3, y: 2 }]);
  assert.equal(scene.message, "");
});

test("a dead own player is not drawn and waits for its respawn", () => {
  const game = new ArenaGame(WELCOME);
  game.applySnapshot(snapshot(2, 0, [player(1, 640, 640, false)]), 0);
  game.applyInput(1, { moveX: 127, moveY: 0 });
  const scene = game.scene(0, 1, { names: NAMES, aim: 0 });
  assert.equal(scene.own, null);
  assert.deepEqual(scene.players, []);
  assert.equal(scene.message, "respawning…");
});
