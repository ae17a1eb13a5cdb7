// The Arena web client in headless Chromium, against a real server with bots: it joins,
// moves and fires through a proxy adding 100 ms of round trip, and the page's own trace
// shows prediction, reconciliation and interpolation at work. Run by `make test` after the
// Swift build (node --test Tests/Browser/); it saves a screenshot to .build/browser/.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Browser } from "./cdp.js";
import { startDelayProxy } from "./delay-proxy.js";
import { repository, runTickwire, startServer, waitForRooms } from "./processes.js";

const ONE_WAY_DELAY_MS = 50;
const TOP_SPEED = 34;       // 1/256 tile per tick (ArenaRules.maxSpeed)
const QUANTUM = 3;          // positions arrive as x & ~3
const TICK_MS = 1000 / 60;
const keys = { right: ["d", "KeyD", 68], left: ["a", "KeyA", 65] };

async function withServerAndBots(t, room) {
  const server = await startServer(["--seed", "7"]);
  t.after(() => server.stop());
  const bots = runTickwire(["bot", "--url", `ws://127.0.0.1:${server.port}`, "--count", "3", "--room", room, "--duration", "300"]);
  t.after(() => bots.stop());
  await waitForRooms(server.port, (rooms) => rooms.some((entry) => entry.id === room && entry.players === 3), `three bots in room ${room}`);
  return server;
}

function launch(t) {
  const browser = Browser.launch();
  t.after(() => browser.close());
  return browser;
}

const ownAlive = `(() => { const arena = window.tickwireArena; const me = arena.client?.world?.get(arena.playerId);
  return me !== undefined && (me.fields.flags & 1) === 1; })()`;

test("a browser plays Arena with bots through 100 ms of round trip", { timeout: 120000 }, async (t) => {
  const server = await withServerAndBots(t, "browser");
  const proxy = await startDelayProxy(server.port, ONE_WAY_DELAY_MS);
  t.after(() => proxy.close());
  const page = await launch(t).open(`http://127.0.0.1:${proxy.port}/?name=browser&room=browser&autojoin=1`);

  await page.waitFor(`window.tickwireArena?.state === "playing" && window.tickwireArena.snapshots > 30`, "the page to play");
  await page.waitFor(ownAlive, "the player to be alive");
  const start = await page.evaluate(`(() => { const arena = window.tickwireArena; const me = arena.client.world.get(arena.playerId);
    return { x: me.fields.x, width: arena.client.welcome.levelWidth }; })()`);

  // Hold a movement key (away from the nearer side wall) until the server has moved the player a tile.
  const [key, code, keyCode] = start.x < start.width / 2 ? keys.right : keys.left;
  const pressedAt = await page.evaluate("performance.now()");
  await page.key("keyDown", key, code, keyCode);
  await page.waitFor(`(() => { const arena = window.tickwireArena; const me = arena.client.world.get(arena.playerId);
    return me && Math.abs(me.fields.x - ${start.x}) >= 256; })()`, "the server to move the player a tile", 20000);
  await page.key("keyUp", key, code, keyCode);

  // Aim at the middle of the window and fire until the server has a projectile of ours.
  await page.mouse("mouseMoved", 640, 400);
  await page.mouse("mousePressed", 640, 400);
  await page.waitFor(`(() => { const arena = window.tickwireArena;
    return arena.client.world.ofKind(1).some((shot) => shot.fields.owner === arena.playerId); })()`, "a projectile of the player", 20000);
  await page.mouse("mouseReleased", 640, 400);

  const screenshot = await page.screenshot();
  mkdirSync(resolve(repository, ".build/browser"), { recursive: true });
  writeFileSync(resolve(repository, ".build/browser/arena.png"), screenshot);

  const { trace, errors, playerId } = await page.evaluate(`(() => { const arena = window.tickwireArena;
    return { trace: arena.trace, errors: arena.errors, playerId: arena.playerId }; })()`);
  assert.deepEqual(errors, [], "the page saw no decode or protocol error");
  assert.deepEqual(page.problems, [], "the console shows no error");

  // Prediction: the player moves on screen before the server can have answered the key.
  const firstMove = trace.inputs.find((input) => input.time >= pressedAt && input.moveX !== 0);
  assert.ok(firstMove, "a movement input was sent");
  const before = trace.frames.filter((frame) => frame.time < firstMove.time && frame.own).at(-1);
  const movedOnScreen = trace.frames.find((frame) => frame.time >= firstMove.time && frame.own && frame.own.x !== before.own.x);
  const answered = trace.snapshots.find((snapshot) => snapshot.lastInputSequence >= firstMove.sequence);
  assert.ok(movedOnScreen && answered, "the move was drawn and acknowledged");
  assert.ok(movedOnScreen.time < answered.time,
    `drawn at ${(movedOnScreen.time - firstMove.time).toFixed(1)} ms, acknowledged at ${(answered.time - firstMove.time).toFixed(1)} ms`);
  assert.ok(answered.time - firstMove.time >= 2 * ONE_WAY_DELAY_MS, "the proxy delayed the answer");
  t.diagnostic(`key to screen ${(movedOnScreen.time - firstMove.time).toFixed(1)} ms, key to server answer ${(answered.time - firstMove.time).toFixed(1)} ms`);

  // Reconciliation: what prediction had for each acknowledged input is where the server put
  // the player, within one tick of movement (plus the position quantum).
  const compared = trace.reconciliations.filter((entry) => entry.predicted && entry.time >= pressedAt);
  assert.ok(compared.length >= 10, `${compared.length} reconciliations while moving`);
  const worst = Math.max(...compared.map((entry) =>
    Math.max(Math.abs(entry.predicted.x - entry.server.x), Math.abs(entry.predicted.y - entry.server.y))));
  assert.ok(worst <= TOP_SPEED + QUANTUM, `prediction was off by ${worst}/256 tile at worst`);
  t.diagnostic(`${compared.length} reconciliations, worst error ${worst}/256 tile, ${compared.filter((entry) => entry.predicted.x === entry.server.x && entry.predicted.y === entry.server.y).length} exact`);

  // Interpolation: between two drawn frames no other player moves further than its top
  // speed allows in the time between them (a dead player is not drawn, so a respawn is a
  // new appearance, not a step).
  let steps = 0, fastest = 0;
  for (let index = 1; index < trace.frames.length; index += 1) {
    const [previous, frame] = [trace.frames[index - 1], trace.frames[index]];
    const allowed = TOP_SPEED * ((frame.time - previous.time) / TICK_MS) * 1.15 + QUANTUM;
    for (const [id, x, y] of frame.remotes) {
      const earlier = previous.remotes.find((remote) => remote[0] === id);
      if (!earlier || id === playerId) continue;
      const step = Math.hypot(x - earlier[1], y - earlier[2]);
      fastest = Math.max(fastest, step / ((frame.time - previous.time) / TICK_MS));
      assert.ok(step <= allowed, `player ${id} jumped ${step.toFixed(1)}/256 tile in ${(frame.time - previous.time).toFixed(1)} ms`);
      steps += 1;
    }
  }
  assert.ok(steps > 100, `${steps} remote player steps checked`);
  t.diagnostic(`${steps} remote steps, fastest ${fastest.toFixed(1)}/256 tile per tick (top speed ${TOP_SPEED})`);
});

test("a page from another origin is refused unless --allowed-origin names it", { timeout: 60000 }, async (t) => {
  const pages = await startServer();
  t.after(() => pages.stop());
  const game = await withServerAndBots(t, "guests");
  const browser = launch(t);
  const pageOrigin = `http://127.0.0.1:${pages.port}`;
  const url = (port) => `${pageOrigin}/?server=${encodeURIComponent(`ws://127.0.0.1:${port}/`)}&name=guest&room=guests&autojoin=1`;

  const refused = await browser.open(url(game.port));
  await refused.waitFor(`window.tickwireArena?.state === "closed" || window.tickwireArena?.state === "picker"`, "the refusal");
  assert.ok(refused.problems.some((problem) => problem.includes("403")), `the handshake got 403: ${refused.problems}`);

  const welcoming = await startServer(["--allowed-origin", pageOrigin]);
  t.after(() => welcoming.stop());
  const allowed = await browser.open(url(welcoming.port));
  await allowed.waitFor(`window.tickwireArena?.state === "playing" && window.tickwireArena.snapshots > 5`, "the listed origin to play");
  assert.deepEqual(allowed.problems, []);
});
