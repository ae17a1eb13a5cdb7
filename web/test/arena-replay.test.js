// Watching as an admin: the replay keys (mirroring Sources/Spectator/ReplayKeys.swift), the
// replay bar's texts, a spectator's view of a room, the seek's jump of snapshot ticks, and
// the URL and status line of spectator mode.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ArenaGame } from "../arena/arena-game.js";
import { statusText } from "../arena/hud.js";
import { Interpolation } from "../arena/interpolation.js";
import { RenderClock } from "../arena/render-clock.js";
import {
  clockText, commandForKey, faster, pauseText, positionText, slower, speedText,
} from "../arena/replay-keys.js";
import { isReplayRoom, isWatchableRoom, spectateRequest } from "../arena/url-options.js";

// 1:40 into a 3:10 recording at 60 Hz, playing at 1x.
const STATUS = { tick: 6000, endTick: 11400, tickRate: 60, paused: false, speedQuarters: 4, ending: "complete (room closed)" };

test("space and p toggle on status.paused", () => {
  for (const key of [" ", "p", "P"]) {
    assert.deepEqual(commandForKey(key, STATUS), { command: "pause" });
    assert.deepEqual(commandForKey(key, { ...STATUS, paused: true }), { command: "play" });
  }
});

test("+ and - walk the speed ladder 1, 2, 4, 8, 16, 32 quarters and stop at its ends", () => {
  const up = [1];
  while (up.at(-1) !== faster(up.at(-1))) up.push(faster(up.at(-1)));
  assert.deepEqual(up, [1, 2, 4, 8, 16, 32]);
  const down = [32];
  while (down.at(-1) !== slower(down.at(-1))) down.push(slower(down.at(-1)));
  assert.deepEqual(down, [32, 16, 8, 4, 2, 1]);
  for (const key of ["+", "="]) assert.deepEqual(commandForKey(key, STATUS), { command: "speed", quarters: 8 });
  for (const key of ["-", "_"]) assert.deepEqual(commandForKey(key, STATUS), { command: "speed", quarters: 2 });
  assert.deepEqual(commandForKey("+", { ...STATUS, speedQuarters: 32 }), { command: "speed", quarters: 32 });
  assert.deepEqual(commandForKey("-", { ...STATUS, speedQuarters: 1 }), { command: "speed", quarters: 1 });
  assert.equal(faster(3), 6);    // as PlaybackClock: a speed off the ladder doubles and halves too
  assert.equal(slower(3), 1);
});

test("[ and ] seek 10 s of the recording, clamped at the start and the end; 0 goes to the start", () => {
  assert.deepEqual(commandForKey("[", STATUS), { command: "seek", tick: 5400 });
  assert.deepEqual(commandForKey("]", STATUS), { command: "seek", tick: 6600 });
  assert.deepEqual(commandForKey("[", { ...STATUS, tick: 599 }), { command: "seek", tick: 0 });
  assert.deepEqual(commandForKey("[", { ...STATUS, tick: 600 }), { command: "seek", tick: 0 });
  assert.deepEqual(commandForKey("]", { ...STATUS, tick: 11000 }), { command: "seek", tick: 11400 });
  assert.deepEqual(commandForKey("]", { ...STATUS, tick: 11400 }), { command: "seek", tick: 11400 });
  assert.deepEqual(commandForKey("]", { ...STATUS, tickRate: 30 }), { command: "seek", tick: 6300 });
  assert.deepEqual(commandForKey("]", { ...STATUS, tickRate: 0 }), { command: "seek", tick: 6010 });   // max(1, rate)
  assert.deepEqual(commandForKey("0", STATUS), { command: "seek", tick: 0 });
});

test("other keys steer nothing", () => {
  for (const key of ["q", "c", "l", "Enter", "ArrowLeft", "1", "Tab"]) assert.equal(commandForKey(key, STATUS), null);
});

test("the bar's texts read as the terminal's status line", () => {
  assert.equal(clockText(0), "0:00");
  assert.equal(clockText(42), "0:42");
  assert.equal(clockText(190), "3:10");
  assert.equal(positionText(STATUS), "1:40 / 3:10");
  assert.deepEqual([1, 2, 3, 4, 5, 6, 8, 32].map(speedText), ["0.25x", "0.5x", "0.75x", "1x", "1.25x", "1.50x", "2x", "8x"]);
  assert.equal(pauseText(STATUS), "");
  assert.equal(pauseText({ ...STATUS, paused: true }), "PAUSED");
  assert.equal(pauseText({ ...STATUS, paused: true, tick: 11400 }), "END");
});

const ROWS = ["##########", "#........#", "#........#", "#........#", "##########"];
const GRID = { width: 10, height: 5, tiles: Uint8Array.from(ROWS.join(""), (c) => c.charCodeAt(0)) };
const player = (id, x, y) => ({ id, kindName: "player", fields: { x, y, aim: 0, flags: 1, health: 100, score: 0 } });

const body = (id, x, y, alive = true) => ({ id, x, y, alive });
const bodies = (...list) => new Map(list.map((entry) => [entry.id, entry]));

test("a forward jump of snapshot ticks (a seek) restarts the buffer instead of sliding across it", () => {
  const interpolation = new Interpolation();
  assert.equal(interpolation.push(1000, bodies(body(1, 1000, 1000))), false);
  assert.equal(interpolation.push(1002, bodies(body(1, 1034, 1000))), false);
  // Seek 10 s forward: the player is far away now, and 1000 ticks would allow the move.
  assert.equal(interpolation.push(1602, bodies(body(1, 9000, 1000))), true);
  assert.deepEqual(interpolation.snapshots.map((snapshot) => snapshot.tick), [1602]);
  // The render clock is still before the new snapshot: the new moment is shown, still.
  assert.deepEqual(interpolation.sample(1001).bodies, [body(1, 9000, 1000)]);
  assert.equal(interpolation.sample(1001).base, null);
  interpolation.push(1604, bodies(body(1, 9034, 1000)));
  assert.deepEqual(interpolation.sample(1603).bodies, [body(1, 9017, 1000)]);
  // Gaps up to resetGap are snapshots of a fast replay: blended as usual.
  const fast = new Interpolation();
  fast.push(100, bodies(body(1, 1000, 1000)));
  assert.equal(fast.push(116, bodies(body(1, 1000 + 16 * 34, 1000))), false);
  assert.equal(fast.sample(108).bodies[0].x, 1000 + 8 * 34);
});

test("a seek back moves the snapshot ticks on by little: the game cuts to the newest snapshot", () => {
  const game = new ArenaGame({ playerId: 0, tickRate: 60, snapshotRate: 30, grid: GRID }, { spectator: true });
  for (let tick = 1000; tick <= 1010; tick += 2) {
    game.applySnapshot({ tick, lastInputSequence: 0, world: [player(1, 640 + 34 * (tick - 1000), 640)] }, ((tick - 1000) * 1000) / 60);
  }
  game.scene((10 * 1000) / 60, 1, { names: new Map(), aim: 0 });   // drawn at tick 1006
  // Back to the start of the recording: the next snapshot tick is only 30 on, well within
  // a top-speed move of the old position, and the status (recorded tick lower) comes next.
  game.applySnapshot({ tick: 1040, lastInputSequence: 0, world: [player(1, 1400, 640)] }, (11 * 1000) / 60);
  game.cut();
  const scene = game.scene((11 * 1000) / 60, 1, { names: new Map(), aim: 0 });
  assert.deepEqual(scene.players.map(({ id, x }) => [id, x]), [[1, 1400]]);
  assert.deepEqual(game.interpolation.snapshots.map((snapshot) => snapshot.tick), [1040]);
});

test("the render clock follows the replay's pace and jumps after a seek", () => {
  const clock = new RenderClock({ tickRate: 60, snapshotRate: 30 });
  clock.setTickRate(60 * 2);                  // 2x: 4 ticks per snapshot, drawn 8 behind
  clock.onSnapshot(1000, 0);
  assert.equal(clock.advance(0), 992);
  clock.onSnapshot(1004, 1000 / 30);
  const moved = clock.advance(1000 / 30) - 992;   // 1/30 s at 2x: 4 ticks, ±10 % slew
  assert.ok(moved >= 4 && moved <= 4.4 + 1e-9, `${moved} ticks`);
  clock.setTickRate(60 / 4);                  // 0.25x: a snapshot per tick at most
  assert.equal(clock.snapshotInterval, 1);
  clock.onSnapshot(1060, 100);                // a seek: 56 ticks on, under the reset threshold at 2x
  clock.restart();
  assert.equal(clock.advance(100), 1058);
});

test("a spectator has no own player: everyone is interpolated", () => {
  const game = new ArenaGame({ playerId: 0, tickRate: 60, snapshotRate: 30, grid: GRID }, { spectator: true });
  for (let tick = 2; tick <= 12; tick += 2) {
    const world = [player(0, 700, 700), player(1, 640 + 34 * tick, 640), player(2, 900, 900)];
    assert.deepEqual(game.applySnapshot({ tick, lastInputSequence: 0, world }, (tick * 1000) / 60), { own: null, reconciliation: null });
  }
  const scene = game.scene((12 * 1000) / 60, 1, { names: new Map([[1, "ada"]]), aim: 0 });
  assert.equal(game.playerId, null);
  assert.equal(scene.own, null);
  assert.deepEqual(scene.players.map(({ id, x, name, own }) => [id, x, name, own]),
    [[0, 700, "#0", false], [1, 640 + 34 * 8, "ada", false], [2, 900, "#2", false]]);
});

test("spectator mode from the URL, the rooms it can watch, and its status line", () => {
  assert.deepEqual(spectateRequest(new URL("http://h/?spectate=replay%3Aduel-1-20261203&admin=s3cret")),
    { adminToken: "s3cret", room: "replay:duel-1-20261203" });
  assert.deepEqual(spectateRequest(new URL("http://h/?spectate=r1")), { adminToken: "", room: "r1" });
  assert.equal(spectateRequest(new URL("http://h/?admin=s3cret&room=r1")), null);
  assert.ok(isReplayRoom("replay:x") && !isReplayRoom("r1"));
  assert.ok(isWatchableRoom("r1") && isWatchableRoom("replay:duel-1-20261203-120811"));
  assert.ok(!isWatchableRoom("") && !isWatchableRoom("replay:") && !isWatchableRoom("a b"));
  assert.equal(statusText("spectating", "replay:x"), "watching replay:x");
  assert.equal(statusText("playing", "room r1"), "playing — room r1");
  assert.equal(statusText("closed"), "closed");
});
