// TickwireClient against a fake WebSocket, the test playing the server: join, snapshots and
// acks, inputs with sequences, resume after a drop, spectating, errors, cluster redirects.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ServerError, SnapshotError, SUBPROTOCOL, TickwireClient, connect, tokenToHex } from "../tickwire.js";
import {
  DELTA_TICK_2, FULL_TICK_1, TOKEN, bytes, errorMessage, fakeWebSocketClass, flush, hex, redirectMessage, s,
  snapshotMessage, toHex, until, welcomeMessage,
} from "../test-support/fixtures.js";

const TOKEN_HEX = toHex(TOKEN);
const RESUME = `05 02 ${TOKEN_HEX}`;

function setup(options = {}) {
  const Socket = fakeWebSocketClass();
  const client = new TickwireClient("ws://game.test/", {
    WebSocket: Socket, reconnectDelayMs: 1, reconnectMaxDelayMs: 4, ...options,
  });
  const events = [];
  for (const type of ["open", "welcome", "snapshot", "roster", "rooms", "error", "close", "reconnecting", "redirect"]) {
    client.on(type, (value) => events.push([type, value]));
  }
  const eventsOf = (type) => events.filter(([t]) => t === type).map(([, value]) => value);
  return { Socket, client, events, eventsOf };
}

/** Joins and answers with a welcome; returns the socket. */
async function joined(context, join = { name: "ada" }) {
  const joining = context.client.join(join);
  await flush();
  const ws = context.Socket.instances.at(-1);
  ws.open();
  await flush();
  ws.receive(welcomeMessage());
  await joining;
  return ws;
}

/** The connection the client opens after a drop: opened, once it has sent its first message (the resume, or the spectate). */
async function reconnection(Socket) {
  await until(() => Socket.instances.length === 2);
  const next = Socket.instances[1];
  next.open();
  await until(() => next.sent.length === 1);
  return next;
}

test("connects with the tickwire.v2 subprotocol and binaryType arraybuffer", async () => {
  const { Socket, client } = setup();
  const connecting = connect("ws://game.test/", { WebSocket: Socket });
  await flush();
  const ws = Socket.instances[0];
  assert.equal(ws.url, "ws://game.test/");
  assert.equal(ws.protocols, SUBPROTOCOL);
  assert.equal(ws.binaryType, "arraybuffer");
  ws.open();
  const connected = await connecting;
  assert.equal(connected.state, "lobby");
  assert.equal(client.state, "idle");   // the client of setup() never connected
});

test("join: sends the join, resolves with the welcome, then roster and snapshots arrive", async () => {
  const context = setup();
  const { client, eventsOf } = context;
  const ws = await joined(context, { name: "ada", room: "room-1" });
  assert.deepEqual(ws.sentHex(), [toHex(bytes("01 02", s("ada"), "01", s("room-1")))]);
  assert.equal(client.state, "playing");
  assert.equal(client.role, "player");
  assert.equal(client.welcome.playerId, 7);
  assert.deepEqual(client.sessionToken, TOKEN);
  assert.equal(eventsOf("welcome")[0].resumed, false);

  ws.receive(bytes("85 01 07 00", s("ada"), "ff ff", "00"));
  assert.deepEqual(client.roster, [{ id: 7, name: "ada", ping: null, identity: "" }]);
  assert.equal(eventsOf("roster").length, 1);

  ws.receive(snapshotMessage(FULL_TICK_1));
  assert.equal(eventsOf("snapshot").length, 1);
  assert.equal(client.world.tick, 1);
  assert.deepEqual({ ...client.world.get(9).fields }, { x: 5200, y: 2600, vx: 40, vy: -12, owner: 1 });
  assert.equal(client.lastAppliedTick, 1);
  assert.equal(client.lastInputSequence, 41);
});

test("acks: a player acks until an input carries the ack; inputs carry it after that", async () => {
  const context = setup();
  const { client } = context;
  const ws = await joined(context);
  ws.sent.length = 0;

  ws.receive(snapshotMessage(FULL_TICK_1));
  assert.deepEqual(ws.sentHex(), ["07 01"]);   // no input has carried an ack yet

  assert.equal(client.sendInput({ moveX: -127, moveY: 127, aim: 40960, buttons: 1 }), 1);
  assert.equal(client.inputSequence, 1);
  assert.equal(ws.sentHex()[1], "02 01 01 81 7f 00 a0 01");   // ack 1, sequence 1

  ws.receive(snapshotMessage(DELTA_TICK_2));   // a delta from tick 1
  assert.equal(client.world.tick, 2);
  assert.equal(ws.sent.length, 2);             // an input was sent since tick 1: no extra ack
  assert.equal(client.sendInput({ aim: 5 }), 2);
  assert.equal(ws.sentHex()[2], "02 02 02 00 00 05 00 00");

  assert.equal(client.sendAck(), true);
  assert.equal(ws.sentHex()[3], "07 02");
});

/** A snapshot with no entities: full (`baseline` 0) or a delta that changes nothing. */
function emptySnapshot(tick, baseline = 0) {
  return snapshotMessage(bytes(tick, baseline === 0 ? 0 : tick - baseline, "00", "00"));
}

test("acks: inputs at about the snapshot rate carry every ack, even with two snapshots between two inputs", async () => {
  const clock = { now: 0 };
  const context = setup({ now: () => clock.now });
  const ws = await joined(context);   // 60 ticks/s, 30 snapshots/s
  ws.sent.length = 0;
  ws.receive(emptySnapshot(2));
  assert.deepEqual(ws.sentHex(), ["07 02"]);   // no input has carried an ack yet
  clock.now = 10;
  context.client.sendInput({});
  clock.now = 33;
  ws.receive(emptySnapshot(4, 2));
  clock.now = 66;                              // the next input is late: two snapshots since it
  ws.receive(emptySnapshot(6, 4));
  assert.equal(ws.sent.length, 2);             // the ack and the input: nothing for ticks 4 and 6
  clock.now = 70;
  context.client.sendInput({});
  assert.equal(ws.sent.length, 3);
  clock.now = 140;                             // idle for two snapshot intervals (66.7 ms)
  ws.receive(emptySnapshot(8, 6));
  assert.equal(ws.sentHex()[3], "07 08");
});

/** A client on a clock the test moves, joined to a room whose welcome has these rates. */
async function joinedOnClock(rates = {}, start = 0) {
  const clock = { now: start };
  const context = setup({ now: () => clock.now });
  return { clock, context, ws: await joinedAt(context, rates) };
}

/** Joins a room whose welcome has these rates; returns the socket, nothing sent yet. */
async function joinedAt(context, rates) {
  const joining = context.client.join({ name: "ada" });
  await flush();
  const ws = context.Socket.instances.at(-1);
  ws.open();
  await flush();
  ws.receive(welcomeMessage(rates));
  await joining;
  ws.sent.length = 0;
  return ws;
}

test("acks: a slow player acks before its last ack would fall out of the server's 32-tick ring", async () => {
  // A snapshot every 12 ticks, idle after 400 ms: the ring decides here, not idleness.
  const { clock, context: { client }, ws } = await joinedOnClock({ snapshotRate: 5 });
  ws.receive(emptySnapshot(12));
  clock.now = 100;
  client.sendInput({});                    // carries ack 12
  ws.receive(emptySnapshot(19, 12));       // the snapshot after next (43) is 31 ticks from 12
  assert.equal(ws.sent.length, 2);
  ws.receive(emptySnapshot(20, 12));       // 44 would be 32 from it
  assert.equal(ws.sentHex()[2], "07 14");
  ws.receive(emptySnapshot(21, 20));
  client.sendInput({});                    // carries ack 21 ...
  ws.receive(emptySnapshot(28, 21));       // ... so 28 (52 after next) needs none
  assert.equal(ws.sent.length, 4);
  client.sendAck();                        // the app acks 28 itself ...
  ws.receive(emptySnapshot(35, 28));       // ... and that counts too
  assert.equal(ws.sent.length, 5);
});

test("acks: a tick the app acked from its snapshot listener is not acked again", async () => {
  const context = setup();
  const ws = await joinedAt(context, {});
  context.client.on("snapshot", () => context.client.sendAck());
  ws.receive(emptySnapshot(2));
  assert.deepEqual(ws.sentHex(), ["07 02"]);
});

test("acks: rates that do not divide count a snapshot as the rounded-up number of ticks", async () => {
  const { context, ws } = await joinedOnClock({ snapshotRate: 7 });   // 60/7: 9 ticks
  ws.receive(emptySnapshot(100));
  context.client.sendInput({});            // carries ack 100
  ws.receive(emptySnapshot(113, 100));     // 113 + 18 − 100 = 31
  assert.equal(ws.sent.length, 2);
  ws.receive(emptySnapshot(114, 100));     // 32
  assert.equal(ws.sent.length, 3);
});

test("acks: an input sent before any snapshot carries no ack, so the first snapshot is acked", async () => {
  const { clock, context, ws } = await joinedOnClock();
  context.client.sendInput({});            // ack 0
  ws.receive(emptySnapshot(2));
  assert.equal(ws.sentHex()[1], "07 02");
});

test("acks: a new room starts the rule afresh", async () => {
  const { clock, context, ws } = await joinedOnClock();
  ws.receive(emptySnapshot(40));
  context.client.sendInput({});            // carries ack 40
  context.client.leave();
  const joining = context.client.join({ name: "ada" });
  await flush();
  ws.receive(welcomeMessage());
  await joining;
  ws.sent.length = 0;
  clock.now = 10;                          // an input 10 ms ago, but in the other room
  ws.receive(emptySnapshot(2));
  assert.deepEqual(ws.sentHex(), ["07 02"]);
});

test("acks: rates of 0 in a welcome count as 1", async () => {
  const { clock, context, ws } = await joinedOnClock({ tickRate: 0, snapshotRate: 0 });
  ws.receive(emptySnapshot(10));
  context.client.sendInput({});            // carries ack 10
  clock.now = 1999;
  ws.receive(emptySnapshot(11, 10));       // a snapshot a second: idle after 2 s
  assert.equal(ws.sent.length, 2);
  clock.now = 2000;
  ws.receive(emptySnapshot(12, 11));
  assert.equal(ws.sentHex()[2], "07 0c");
});

test("acks: a clock that steps back counts as idle", async () => {
  const { clock, context, ws } = await joinedOnClock({}, 5000);
  ws.receive(emptySnapshot(2));
  context.client.sendInput({});
  clock.now = 0;
  ws.receive(emptySnapshot(4, 2));
  assert.equal(ws.sentHex()[2], "07 04");
});

test("autoAck: false sends no ack", async () => {
  const context = setup({ autoAck: false });
  const ws = await joined(context);
  ws.sent.length = 0;
  ws.receive(snapshotMessage(FULL_TICK_1));
  assert.deepEqual(ws.sent, []);
});

test("a delta whose baseline the client lacks is refused with an error event, not applied", async () => {
  const context = setup();
  const { client, eventsOf } = context;
  const ws = await joined(context);
  ws.sent.length = 0;
  ws.receive(snapshotMessage(DELTA_TICK_2));
  const [error] = eventsOf("error");
  assert.ok(error instanceof SnapshotError);
  assert.equal(error.reason, "unknownBaseline");
  assert.equal(client.world, null);
  assert.equal(client.lastAppliedTick, 0);
  assert.deepEqual(ws.sent, []);
  assert.equal(client.sendInput({}), 1);
  assert.equal(ws.sentHex()[0], "02 00 01 00 00 00 00 00");   // still acking nothing (0)
  ws.receive(snapshotMessage(FULL_TICK_1));                    // the server falls back to a full one
  assert.equal(client.world.tick, 1);
});

test("sendInput validates against the layout and sends nothing on a bad value", async () => {
  const context = setup();
  const { client } = context;
  const ws = await joined(context);
  ws.sent.length = 0;
  assert.throws(() => client.sendInput({ moveX: -128 }), { name: "InputError", field: "moveX" });
  assert.throws(() => client.sendInput({ buttons: 4 }), { name: "InputError", field: "buttons" });
  assert.deepEqual(ws.sent, []);
  assert.equal(client.inputSequence, 0);
});

test("the input rate stays under the server's limit (token bucket)", async () => {
  let now = 0;
  const context = setup({ maxInputsPerSecond: 10, inputBurst: 2, now: () => now });
  const { client } = context;
  const ws = await joined(context);
  ws.sent.length = 0;
  assert.equal(client.sendInput({}), 1);
  assert.equal(client.sendInput({}), 2);
  assert.equal(client.sendInput({}), null);   // bucket empty: dropped locally, not sent
  now = 100;                                  // +1 token at 10/s
  assert.equal(client.sendInput({}), 3);
  assert.equal(client.sendInput({}), null);
  assert.equal(ws.sent.length, 3);
});

test("resume after a lost connection: same token, sequences continue, the first snapshot is full", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const ws = await joined(context);
  ws.receive(snapshotMessage(FULL_TICK_1));
  client.sendInput({ moveX: 1 });
  client.sendInput({ moveX: 2 });
  assert.equal(client.inputSequence, 2);

  ws.drop(1006);   // lost without a close frame: the seat is kept for the grace period
  assert.deepEqual(eventsOf("close")[0], { code: 1006, reason: "", willReconnect: true });
  assert.equal(client.state, "reconnecting");
  assert.equal(client.sendInput({ moveX: 3 }), null);   // nothing to send it on
  assert.equal(client.world.tick, 1);                   // still drawable meanwhile

  const second = await reconnection(Socket);
  assert.equal(second.protocols, SUBPROTOCOL);
  assert.equal(second.sentHex()[0], RESUME);

  second.receive(welcomeMessage());   // same player id, same token
  await until(() => client.state === "playing");
  const welcome = eventsOf("welcome").at(-1);
  assert.equal(welcome.resumed, true);
  assert.equal(client.world, null);    // old baselines are gone: the next snapshot is full
  assert.equal(client.lastAppliedTick, 0);

  assert.equal(client.sendInput({ moveX: 4 }), 3);   // continues above 2, never restarts at 1
  assert.equal(second.sentHex()[1], "02 00 03 04 00 00 00 00");
  second.receive(snapshotMessage(FULL_TICK_1));
  assert.equal(client.world.tick, 1);
  assert.equal(eventsOf("reconnecting").length >= 1, true);
});

test("a close with 1001 (server going away) also resumes; error 30 is retried on the same connection", async () => {
  const context = setup({ reconnectTimeoutMs: 5000 });
  const { Socket, client, eventsOf } = context;
  const ws = await joined(context);
  ws.drop(1001);
  const second = await reconnection(Socket);
  // The server has not noticed the old connection is gone: "still connected" is error 30.
  second.receive(errorMessage(30, "invalid token"));
  assert.equal(eventsOf("error")[0].code, 30);
  await until(() => second.sent.length === 2);          // the resume again, same socket
  assert.deepEqual(second.sentHex(), [RESUME, RESUME]);
  assert.equal(Socket.instances.length, 2);
  second.receive(welcomeMessage());
  await until(() => client.state === "playing");
});

test("reconnection gives up after reconnectTimeoutMs and reports the final close", async () => {
  const context = setup({ reconnectTimeoutMs: 40 });
  const { Socket, client, eventsOf } = context;
  const ws = await joined(context);
  ws.drop(1006);
  // Every new connection fails before opening.
  await until(() => {
    const last = Socket.instances.at(-1);
    if (last !== ws && last.readyState === 0) last.drop(1006);
    return client.state === "closed";
  });
  const closes = eventsOf("close");
  assert.equal(closes.at(-1).willReconnect, false);
  assert.match(closes.at(-1).reason, /could not get back into room room-1/);
  assert.equal(client.role, null);
});

test("errors that close free the seat: no reconnection after them, nor after a goodbye", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const ws = await joined(context);
  ws.receive(errorMessage(20, "rate limited"));
  const [error] = eventsOf("error");
  assert.ok(error instanceof ServerError);
  assert.equal(error.codeName, "rateLimited");
  assert.equal(error.closes, true);
  ws.drop(1008, "rate limited");
  await flush();
  assert.deepEqual(eventsOf("close"), [{ code: 1008, reason: "rate limited", willReconnect: false }]);
  assert.equal(client.state, "closed");
  assert.equal(Socket.instances.length, 1);
});

test("close() says goodbye with 1000 and does not reconnect", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const ws = await joined(context);
  client.close();
  assert.deepEqual(ws.closedWith, { code: 1000, reason: "" });
  await flush();
  assert.equal(client.state, "closed");
  assert.equal(eventsOf("close")[0].willReconnect, false);
  assert.equal(Socket.instances.length, 1);
});

test("resume() with a stored token: sends resume, continues 8 above lastInputSequence when the sequence is unknown", async () => {
  const { Socket, client } = setup();
  const resuming = client.resume(tokenToHex(TOKEN));   // e.g. kept in sessionStorage
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  assert.deepEqual(ws.sentHex(), [RESUME]);
  ws.receive(welcomeMessage());
  const welcome = await resuming;
  assert.equal(welcome.resumed, true);
  assert.equal(client.sendInput({}), null);   // the seat's last sequence is not known yet
  ws.receive(snapshotMessage(FULL_TICK_1));   // lastInputSequence 41
  assert.equal(client.sendInput({}), 50);     // 41 + 8 queued at most, + 1
});

test("resume() with the last sequence sent continues right above it", async () => {
  const { Socket, client } = setup();
  const resuming = client.resume(TOKEN, { sequence: 99 });
  await flush();
  Socket.instances[0].open();
  await flush();
  Socket.instances[0].receive(welcomeMessage());
  await resuming;
  assert.equal(client.sendInput({}), 100);
});

test("a refused join rejects with the ServerError; the connection stays in the lobby", async () => {
  const { Socket, client } = setup();
  const joining = client.join({ name: "ada", game: "arena", level: "nowhere" });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  assert.deepEqual(ws.sentHex(), [toHex(bytes("01 02", s("ada"), "02", s("arena"), s("nowhere")))]);
  ws.receive(errorMessage(12, "unknown level nowhere; levels: arena, duel"));
  await assert.rejects(joining, (error) => error instanceof ServerError && error.code === 12 && !error.closes);
  assert.equal(client.state, "lobby");
});

test("listRooms resolves with the room list", async () => {
  const { Socket, client, eventsOf } = setup();
  const listing = client.listRooms();
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  assert.deepEqual(ws.sentHex(), ["04"]);
  ws.receive(bytes("83 01", s("a"), s("arena"), s("duel"), "01 00 02 00 0a 3c 00 00 00 00", s("node-b")));
  const rooms = await listing;
  assert.equal(rooms[0].capacity, 2);
  assert.equal(rooms[0].node, "node-b");
  assert.deepEqual(eventsOf("rooms")[0], rooms);
});

test("leave returns to the lobby; snapshots still in flight are ignored", async () => {
  const context = setup();
  const { client, eventsOf } = context;
  const ws = await joined(context);
  ws.sent.length = 0;
  client.leave();
  assert.deepEqual(ws.sentHex(), ["03"]);
  assert.equal(client.state, "lobby");
  assert.equal(client.welcome, null);
  ws.receive(snapshotMessage(FULL_TICK_1));
  assert.equal(eventsOf("snapshot").length, 0);
  assert.equal(client.sendInput({}), null);
  assert.throws(() => client.leave(), /not in a room/);
});

test("spectate: spectating message, acks every snapshot, no inputs, re-spectates after a drop", async () => {
  const { Socket, client, eventsOf } = setup();
  const watching = client.spectate({ adminToken: "secret", room: "room-1" });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  const spectate = toHex(bytes("06 02", s("secret"), s("room-1")));
  assert.deepEqual(ws.sentHex(), [spectate]);
  ws.receive(welcomeMessage({ kind: 0x86, playerId: 0, token: new Uint8Array(16) }));
  const message = await watching;
  assert.equal(message.type, "spectating");
  assert.equal(client.state, "spectating");
  assert.equal(client.role, "spectator");

  ws.receive(snapshotMessage(FULL_TICK_1));
  ws.receive(snapshotMessage(DELTA_TICK_2));
  client.sendInput({ moveX: 1 });
  assert.deepEqual(ws.sentHex().slice(1), ["07 01", "07 02"]);

  ws.drop(1006);
  await reconnection(Socket);
  assert.deepEqual(Socket.instances[1].sentHex(), [spectate]);
  Socket.instances[1].receive(welcomeMessage({ kind: 0x86, playerId: 0, token: new Uint8Array(16) }));
  await until(() => client.state === "spectating");
  assert.equal(eventsOf("welcome").length, 2);
});

test("spectate with an empty room resolves with the room list", async () => {
  const { Socket, client } = setup();
  const listing = client.spectate({ adminToken: "secret" });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  assert.deepEqual(ws.sentHex(), [toHex(bytes("06 02", s("secret"), "00"))]);
  ws.receive(hex("83 00"));
  assert.deepEqual(await listing, []);
});

test("a welcome this client cannot decode fails the join and hands the seat back", async () => {
  const { Socket, client, eventsOf } = setup();
  const joining = client.join({ name: "ada" });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  const broken = welcomeMessage();
  broken[1] = 3;   // version 3
  ws.receive(broken);
  await assert.rejects(joining, (error) => error.name === "ProtocolError" && error.code === 3);
  assert.equal(eventsOf("error").length, 1);
  assert.equal(ws.sentHex().at(-1), "03");
  assert.equal(client.state, "lobby");
});

test("a throwing listener does not break message handling", async () => {
  const uncaught = [];
  const context = setup({ onListenerError: (error) => uncaught.push(error) });
  const { client } = context;
  const ws = await joined(context);
  client.on("snapshot", () => { throw new Error("listener bug"); });
  let later = 0;
  client.on("snapshot", () => later++);
  ws.receive(snapshotMessage(FULL_TICK_1));
  assert.equal(client.world.tick, 1);
  assert.equal(later, 1);
  assert.equal(uncaught[0]?.message, "listener bug");
});

test("join or resume from a room is refused locally (the server would answer error 14)", async () => {
  const context = setup();
  const { client } = context;
  const ws = await joined(context);
  ws.sent.length = 0;
  await assert.rejects(client.join({ name: "bob" }), /leave\(\) first/);
  await assert.rejects(client.resume(TOKEN), /leave\(\) first/);
  await assert.rejects(client.spectate({ adminToken: "secret", room: "room-2" }), /leave\(\) first/);
  assert.deepEqual(ws.sent, []);
});

test("a spectator switching to a room that does not exist ends up in the lobby (§6)", async () => {
  const { Socket, client } = setup();
  const watching = client.spectate({ adminToken: "secret", room: "room-1" });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  ws.receive(welcomeMessage({ kind: 0x86, playerId: 0, token: new Uint8Array(16) }));
  await watching;
  const switching = client.spectate({ adminToken: "secret", room: "gone" });
  await flush();
  ws.receive(snapshotMessage(FULL_TICK_1));   // from the old room, already on its way: ignored
  assert.equal(client.world, null);
  ws.receive(errorMessage(11, "no room gone"));
  await assert.rejects(switching, (error) => error.code === 11);
  assert.equal(client.state, "lobby");
  assert.equal(client.role, null);
});

// ── credentials (PROTOCOL.md §3.1) ──

const JWT = "eyJhbGciOi.x.y";
const RESUME_WITH_JWT = toHex(bytes(hex(RESUME), s(JWT)));

test("credential option: sent with join, and with the automatic resume after a drop", async () => {
  const context = setup({ credential: JWT });
  const { Socket, client } = context;
  assert.equal(client.credential, JWT);
  const ws = await joined(context, { name: "ada", room: "room-1" });
  assert.deepEqual(ws.sentHex(), [toHex(bytes("01 02", s("ada"), "01", s("room-1"), s(JWT)))]);
  ws.receive(bytes("85 01 07 00", s("ada"), "2a 00", s("user-17")));
  assert.deepEqual(client.roster, [{ id: 7, name: "ada", ping: 42, identity: "user-17" }]);

  ws.drop(1006);
  const second = await reconnection(Socket);
  assert.deepEqual(second.sentHex(), [RESUME_WITH_JWT]);
  second.receive(welcomeMessage());
  await until(() => client.state === "playing");
});

test("credential: a fresh token put in client.credential goes with the next automatic resume", async () => {
  const context = setup({ credential: "old.token.x", reconnectTimeoutMs: 5000 });
  const { Socket, client } = context;
  const ws = await joined(context);
  assert.equal(ws.sentHex()[0], toHex(bytes("01 02", s("ada"), "00", s("old.token.x"))));
  client.credential = JWT;
  ws.drop(1001);
  const second = await reconnection(Socket);
  assert.deepEqual(second.sentHex(), [RESUME_WITH_JWT]);
  // Error 30 (the seat still connected, or of another identity) is retried with it too.
  second.receive(errorMessage(30, "invalid token"));
  await until(() => second.sent.length === 2);
  assert.deepEqual(second.sentHex(), [RESUME_WITH_JWT, RESUME_WITH_JWT]);
  second.receive(welcomeMessage());
  await until(() => client.state === "playing");
});

test("credential: without one, join, resume and spectate are the bytes of before", async () => {
  const { Socket, client } = setup();
  assert.equal(client.credential, "");
  const resuming = client.resume(TOKEN, { sequence: 3 });
  await flush();
  Socket.instances[0].open();
  await flush();
  assert.deepEqual(Socket.instances[0].sentHex(), [RESUME]);
  Socket.instances[0].receive(errorMessage(30, "unknown or expired session token"));
  await assert.rejects(resuming, (error) => error.code === 30);
  assert.throws(() => new TickwireClient("ws://game.test/", { credential: 42 }), TypeError);
});

test("credential given to resume() or spectate() is sent and becomes the client's", async () => {
  const { Socket, client } = setup();
  const resuming = client.resume(TOKEN, { sequence: 3, credential: JWT });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  assert.deepEqual(ws.sentHex(), [RESUME_WITH_JWT]);
  assert.equal(client.credential, JWT);
  ws.receive(errorMessage(52, "token expired: exp 1 is not after now"));
  await assert.rejects(resuming, (error) => error.codeName === "credentialExpired" && !error.closes);
  assert.equal(client.state, "lobby");   // the connection stays open

  // An admin token (admin: true) stands in for the admin token, which is then empty.
  const watching = client.spectate({ room: "room-1", credential: "admin.jwt.z" });
  await flush();
  assert.equal(ws.sentHex()[1], toHex(bytes("06 02 00", s("room-1"), s("admin.jwt.z"))));
  assert.equal(client.credential, "admin.jwt.z");
  ws.receive(welcomeMessage({ kind: 0x86, playerId: 0, token: new Uint8Array(16) }));
  await watching;
  // ...and with the re-spectate after a drop.
  ws.drop(1006);
  await reconnection(Socket);
  assert.deepEqual(Socket.instances[1].sentHex(), [toHex(bytes("06 02 00", s("room-1"), s("admin.jwt.z")))]);
});

test("credential errors that keep the connection reject the join; the client stays in the lobby", async () => {
  const { Socket, client } = setup();
  for (const [code, codeName] of [[50, "credentialRequired"], [51, "invalidCredential"], [53, "wrongAudience"], [54, "roomNotAllowed"]]) {
    const joining = client.join({ name: "ada", credential: JWT });
    await flush();
    if (Socket.instances[0].readyState === 0) Socket.instances[0].open();
    await flush();
    Socket.instances[0].receive(errorMessage(code, "refused"));
    await assert.rejects(joining, (error) => error instanceof ServerError && error.codeName === codeName && !error.closes);
    assert.equal(client.state, "lobby");
  }
  assert.equal(Socket.instances.length, 1);
  await assert.rejects(client.join({ name: "ada", credential: "a".repeat(2049) }), RangeError);
  assert.equal(client.credential, JWT);   // a refused credential does not replace the client's
  assert.equal(Socket.instances[0].sent.length, 4);
});

test("error 43 (replaced by the same identity elsewhere) closes and is not resumed; nor is 56", async () => {
  for (const [code, codeName] of [[43, "replaced"], [56, "tooManyCredentialFailures"]]) {
    const context = setup({ credential: JWT });
    const { Socket, client, eventsOf } = context;
    const ws = await joined(context);
    ws.receive(errorMessage(code, "user-17 joined from another connection"));
    const [error] = eventsOf("error");
    assert.equal(error.codeName, codeName);
    assert.equal(error.closes, true);
    ws.drop(1008, "user-17 joined from another connection");
    await flush();
    assert.equal(eventsOf("close").at(-1).willReconnect, false);
    assert.equal(client.state, "closed");
    assert.equal(Socket.instances.length, 1);
  }
});

// ── cluster redirects (PROTOCOL.md §3.2) ──

const NODE_B = "ws://10.0.0.2:7777/";
const RESERVATION = hex("10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");

test("a redirected join: quiet 1000 close, the same join with target 3 at the node, resumes go there", async () => {
  const { Socket, client, eventsOf } = setup({ credential: JWT });
  const joining = client.join({ name: "ada", room: "duel-x" });
  await flush();
  const first = Socket.instances[0];
  first.open();
  await flush();
  first.receive(redirectMessage(NODE_B, "duel-x", RESERVATION));
  assert.deepEqual(first.closedWith, { code: 1000, reason: "redirected" });
  assert.equal(Socket.instances.length, 2);
  const second = Socket.instances[1];
  assert.equal(second.url, NODE_B);
  assert.equal(second.protocols, SUBPROTOCOL);
  assert.deepEqual(eventsOf("redirect"), [{ url: NODE_B, roomId: "duel-x" }]);
  assert.equal(client.redirects, 1);
  second.open();
  await until(() => second.sent.length === 1);
  assert.deepEqual(second.sentHex(), [toHex(bytes("01 02", s("ada"), "03", RESERVATION, s(JWT)))]);
  assert.deepEqual(eventsOf("close"), []);   // leaving the first node is no disconnect
  assert.equal(client.url, NODE_B);

  second.receive(welcomeMessage({ roomId: "duel-x" }));
  const welcome = await joining;
  assert.equal(welcome.roomId, "duel-x");
  assert.equal(client.state, "playing");

  // The seat is on node B: the automatic resume after a drop goes there.
  second.drop(1006);
  await until(() => Socket.instances.length === 3);
  const third = Socket.instances[2];
  assert.equal(third.url, NODE_B);
  third.open();
  await until(() => third.sent.length === 1);
  assert.deepEqual(third.sentHex(), [RESUME_WITH_JWT]);
  assert.deepEqual(eventsOf("close"), [{ code: 1006, reason: "", willReconnect: true }]);
});

test("a redirect during the automatic resume: the same resume at the node that holds the seat", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const ws = await joined(context);
  ws.drop(1006);
  const second = await reconnection(Socket);
  second.receive(redirectMessage(NODE_B));   // a resume's redirect: no room id, no reservation
  assert.deepEqual(second.closedWith, { code: 1000, reason: "redirected" });
  const third = Socket.instances[2];
  assert.equal(third.url, NODE_B);
  third.open();
  await until(() => third.sent.length === 1);
  assert.deepEqual(third.sentHex(), [RESUME]);
  third.receive(welcomeMessage());
  await until(() => client.state === "playing");
  assert.equal(eventsOf("welcome").at(-1).resumed, true);
  assert.deepEqual(eventsOf("close"), [{ code: 1006, reason: "", willReconnect: true }]);
  assert.equal(client.url, NODE_B);
});

test("a redirected spectate is sent again as it is", async () => {
  const { Socket, client, eventsOf } = setup();
  const watching = client.spectate({ adminToken: "secret", room: "duel-x" });
  await flush();
  Socket.instances[0].open();
  await flush();
  const spectate = toHex(bytes("06 02", s("secret"), s("duel-x")));
  Socket.instances[0].receive(redirectMessage(NODE_B, "duel-x"));
  Socket.instances[1].open();
  await until(() => Socket.instances[1].sent.length === 1);
  assert.deepEqual(Socket.instances[1].sentHex(), [spectate]);
  Socket.instances[1].receive(welcomeMessage({ kind: 0x86, playerId: 0, token: new Uint8Array(16), roomId: "duel-x" }));
  assert.equal((await watching).type, "spectating");
  assert.equal(client.state, "spectating");
  assert.deepEqual(eventsOf("close"), []);
});

test("more than 3 redirects in a row fail the request and close the client, saying why", async () => {
  const { Socket, client, eventsOf } = setup();
  const joining = client.join({ name: "ada" });
  await flush();
  Socket.instances[0].open();
  await flush();
  for (const node of ["b", "c", "d"]) {
    Socket.instances.at(-1).receive(redirectMessage(`ws://${node}/`, "r", RESERVATION));
    Socket.instances.at(-1).open();
    await until(() => Socket.instances.at(-1).sent.length === 1);
  }
  const last = Socket.instances.at(-1);
  last.receive(redirectMessage("ws://e/", "r", RESERVATION));
  await assert.rejects(joining, /more than 3 redirects in a row \(last to ws:\/\/e\/\)/);
  assert.equal(Socket.instances.length, 4);
  assert.equal(last.closedWith.code, 1000);
  await flush();
  assert.deepEqual(eventsOf("close"), [{ code: 1000, reason: "more than 3 redirects in a row (last to ws://e/)", willReconnect: false }]);
  assert.equal(client.state, "closed");
  assert.equal(client.redirects, 3);
});

// The reservation a redirect holds may be refused at the node (61: expired after 5 s, used,
// lost in a Redis restart): the client then sends the join as the application sent it there.
const RESERVATION_2 = hex("20 21 22 23 24 25 26 27 28 29 2a 2b 2c 2d 2e 2f");

/** Starts a join and follows its first redirect to `url`; returns the join and the new socket. */
async function joinRedirected(context, join, url = NODE_B) {
  const { Socket, client } = context;
  const joining = client.join(join);
  await flush();
  Socket.instances[0].open();
  await flush();
  Socket.instances[0].receive(redirectMessage(url, "duel-x", RESERVATION));
  const ws = Socket.instances.at(-1);
  ws.open();
  await until(() => ws.sent.length === 1);
  return { joining, ws };
}

test("a reservation refused with 61 after a redirect: the original join again on the same socket, its welcome resolves join()", async () => {
  const context = setup({ credential: JWT });
  const { Socket, client, eventsOf } = context;
  const { joining, ws } = await joinRedirected(context, { name: "ada", room: "duel-x" });
  ws.receive(errorMessage(61, "reservation expired"));
  await until(() => ws.sent.length === 2);
  assert.deepEqual(ws.sentHex(), [
    toHex(bytes("01 02", s("ada"), "03", RESERVATION, s(JWT))),
    toHex(bytes("01 02", s("ada"), "01", s("duel-x"), s(JWT))),   // as first sent: name, room id, credential
  ]);
  assert.equal(Socket.instances.length, 2);   // no new connection
  assert.equal(ws.closedWith, null);
  ws.receive(welcomeMessage({ roomId: "duel-x" }));
  const welcome = await joining;
  assert.equal(welcome.roomId, "duel-x");
  assert.equal(client.state, "playing");
  assert.equal(client.url, NODE_B);
  assert.deepEqual(eventsOf("error"), []);    // handled: nothing for the page to report
  assert.deepEqual(eventsOf("close"), []);
  assert.equal(client.redirects, 1);
});

test("the original join sent again after 61 may be redirected again, and follows that redirect", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const { joining, ws } = await joinRedirected(context, { name: "ada", game: "arena", level: "duel" });
  ws.receive(errorMessage(61, "reservation already used"));
  await until(() => ws.sent.length === 2);
  assert.equal(ws.sentHex()[1], toHex(bytes("01 02", s("ada"), "02", s("arena"), s("duel"))));
  ws.receive(redirectMessage("ws://c/", "duel-y", RESERVATION_2));
  assert.deepEqual(ws.closedWith, { code: 1000, reason: "redirected" });
  const third = Socket.instances[2];
  assert.equal(third.url, "ws://c/");
  third.open();
  await until(() => third.sent.length === 1);
  assert.deepEqual(third.sentHex(), [toHex(bytes("01 02", s("ada"), "03", RESERVATION_2))]);
  third.receive(welcomeMessage({ roomId: "duel-y" }));
  assert.equal((await joining).roomId, "duel-y");
  assert.equal(client.url, "ws://c/");
  assert.equal(client.redirects, 2);
  assert.deepEqual(eventsOf("error"), []);
});

test("the join sent again after 61 counts against the limit of 3: then 61 fails the join, the connection stays", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const { joining, ws } = await joinRedirected(context, { name: "ada", room: "duel-x" });   // 1
  ws.receive(errorMessage(61, "reservation expired"));                                       // 2: sent again
  await until(() => ws.sent.length === 2);
  ws.receive(redirectMessage("ws://c/", "duel-x", RESERVATION_2));                          // 3
  const third = Socket.instances[2];
  third.open();
  await until(() => third.sent.length === 1);
  third.receive(errorMessage(61, "reservation expired"));                                    // past the limit
  await assert.rejects(joining, (error) => {
    assert.ok(error instanceof ServerError);
    assert.equal(error.code, 61);
    assert.equal(error.codeName, "reservationInvalid");
    assert.equal(error.serverMessage, "reservation expired");
    assert.match(error.message, /^reservationInvalid \(61\): reservation expired \(the original join was not sent again: 3 redirects and retries in a row are the limit\)$/);
    return true;
  });
  await flush();
  assert.equal(third.sent.length, 1);          // nothing sent again
  assert.equal(third.closedWith, null);        // as any 61: the connection stays open
  assert.equal(client.state, "lobby");
  assert.deepEqual(eventsOf("error").map((error) => error.code), [61]);
  assert.deepEqual(eventsOf("close"), []);
  assert.equal(Socket.instances.length, 3);
});

test("a redirect after the join sent again after 61 may be the one past the limit", async () => {
  const context = setup();
  const { Socket, client, eventsOf } = context;
  const { joining, ws } = await joinRedirected(context, { name: "ada" });   // 1
  ws.receive(errorMessage(61, "reservation expired"));                     // 2
  await until(() => ws.sent.length === 2);
  assert.equal(ws.sentHex()[1], toHex(bytes("01 02", s("ada"), "00")));
  ws.receive(redirectMessage("ws://c/", "r", RESERVATION_2));              // 3
  Socket.instances[2].open();
  await until(() => Socket.instances[2].sent.length === 1);
  Socket.instances[2].receive(redirectMessage("ws://d/", "r", RESERVATION)); // 4
  await assert.rejects(joining, /more than 3 redirects in a row \(last to ws:\/\/d\/\)/);
  await flush();
  assert.equal(Socket.instances.length, 3);
  assert.equal(client.state, "closed");
  assert.equal(eventsOf("close").at(-1).willReconnect, false);
});

test("61 for a join the application sent with a reservation itself is not retried", async () => {
  const { Socket, client, eventsOf } = setup();
  const joining = client.join({ name: "ada", reservation: RESERVATION });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  ws.receive(errorMessage(61, "reservation expired"));
  await assert.rejects(joining, (error) => error instanceof ServerError && error.code === 61 &&
    error.message === "reservationInvalid (61): reservation expired");
  await flush();
  assert.deepEqual(ws.sentHex(), [toHex(bytes("01 02", s("ada"), "03", RESERVATION))]);
  assert.equal(client.state, "lobby");
  assert.equal(eventsOf("error").length, 1);
});

test("61 for a join that was not redirected is not retried either", async () => {
  const context = setup();
  const { Socket, client } = context;
  const joining = client.join({ name: "ada", room: "duel-x" });
  await flush();
  const ws = Socket.instances[0];
  ws.open();
  await flush();
  ws.receive(errorMessage(61, "reservation expired"));
  await assert.rejects(joining, { code: 61 });
  await flush();
  assert.equal(ws.sent.length, 1);
  assert.equal(client.state, "lobby");
});

test("a node that cannot be reached after a redirect fails the join with a reason naming it", async () => {
  const { Socket, client, eventsOf } = setup();
  const joining = client.join({ name: "ada" });
  await flush();
  Socket.instances[0].open();
  await flush();
  Socket.instances[0].receive(redirectMessage(NODE_B, "r", RESERVATION));
  Socket.instances[1].drop(1006);
  const reason = `redirected to ${NODE_B}, which could not be reached`;
  await assert.rejects(joining, (error) => error.message.includes(reason));
  await flush();
  assert.deepEqual(eventsOf("close"), [{ code: 1006, reason, willReconnect: false }]);
  assert.equal(client.state, "closed");
  assert.equal(client.url, "ws://game.test/");   // never got there
});

test("error 60 (the node cannot reach its directory) during the automatic resume is retried", async () => {
  const context = setup({ reconnectTimeoutMs: 5000 });
  const { Socket, client } = context;
  const ws = await joined(context);
  ws.drop(1006);
  const second = await reconnection(Socket);
  second.receive(errorMessage(60, "directory unavailable"));
  await until(() => second.sent.length === 2);
  assert.deepEqual(second.sentHex(), [RESUME, RESUME]);
  second.receive(welcomeMessage());
  await until(() => client.state === "playing");
});

test("a redirect to a url the WebSocket refuses fails the join and closes the client", async () => {
  const Base = fakeWebSocketClass();
  // As browsers do: only ws: and wss: URLs make a WebSocket.
  class StrictWebSocket extends Base {
    constructor(url, protocols) {
      if (!/^wss?:/.test(url)) throw new SyntaxError(`the URL's scheme must be ws or wss: ${url}`);
      super(url, protocols);
    }
  }
  const { client, eventsOf } = setup({ WebSocket: StrictWebSocket });
  const joining = client.join({ name: "ada" });
  await flush();
  Base.instances[0].open();
  await flush();
  Base.instances[0].receive(redirectMessage("http://10.0.0.2:7777/", "r", RESERVATION));
  const reason = "redirected to http://10.0.0.2:7777/: the URL's scheme must be ws or wss: http://10.0.0.2:7777/";
  await assert.rejects(joining, { message: reason });
  assert.deepEqual(Base.instances[0].closedWith, { code: 1000, reason: "redirected" });
  assert.deepEqual(eventsOf("close"), [{ code: 1000, reason, willReconnect: false }]);
  assert.equal(client.state, "closed");
});
