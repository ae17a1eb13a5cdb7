// Server-to-client messages (section 4): welcome and spectating with the game's tables
// (built by hand from the layout of section 4 with Arena's tables of section 5), roomList,
// error, roster, redirect, snapshot framing, and every refusal the document lists.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ErrorCode, ProtocolError, ServerError, decodeServerMessage, errorCodeName } from "../tickwire.js";
import { ARENA_LAYOUT_BYTES, TOKEN, bytes, hex, s, toHex } from "../test-support/fixtures.js";

const ARENA_SCHEMA = bytes(
  "03",
  s("player"), "06",
  s("x"), "0e 00 02", s("y"), "0e 00 02",            // 14 bits, shift 2
  s("aim"), "0a 00 06",                               // 10 bits, shift 6
  s("flags"), "01 00 00", s("health"), "07 00 00", s("score"), "10 00 00",
  s("projectile"), "05",
  s("originX"), "10 00 00", s("originY"), "10 00 00", s("aim"), "0a 00 06",
  s("launchTick"), "07 01 00",                        // the only signed field
  s("owner"), "0a 00 00",
  s("pickup"), "01",
  s("active"), "01 00 00",
);

const GRID = bytes("01", "03 00", "02 00", [..."#.#S+#"].map((c) => c.charCodeAt(0)));

/** An Arena welcome; any part can be swapped for a broken one. */
function arenaWelcome({
  kind = "81", version = "02", playerId = "05 00", token = TOKEN, schema = ARENA_SCHEMA,
  layout = ARENA_LAYOUT_BYTES, size = "80 06 80 04", grid = GRID, roomId = s("arena-1"),
} = {}) {
  return bytes(
    kind, version, playerId, token,
    roomId, s("arena"), s("1.2.0"), s("duel"), s("The Duel"),
    "3c 00", "1e 00",
    schema, layout,
    size,                       // levelWidth 768 (3 × 256), levelHeight 512
    grid,
  );
}

function refusedWith(code) {
  return (error) => {
    assert.ok(error instanceof ProtocolError, `expected a ProtocolError, got ${error}`);
    assert.equal(error.code, code, error.message);
    return true;
  };
}

test("welcome: header, Arena's schema and input layout, level size and grid", () => {
  const welcome = decodeServerMessage(arenaWelcome());
  assert.equal(welcome.type, "welcome");
  assert.equal(welcome.version, 2);
  assert.equal(welcome.playerId, 5);
  assert.deepEqual(welcome.sessionToken, TOKEN);
  assert.equal(welcome.roomId, "arena-1");
  assert.equal(welcome.game, "arena");
  assert.equal(welcome.gameVersion, "1.2.0");
  assert.equal(welcome.level, "duel");
  assert.equal(welcome.levelTitle, "The Duel");
  assert.equal(welcome.tickRate, 60);
  assert.equal(welcome.snapshotRate, 30);
  assert.equal(welcome.levelWidth, 768);
  assert.equal(welcome.levelHeight, 512);
  assert.deepEqual(welcome.grid, { width: 3, height: 2, tiles: Uint8Array.from("#.#S+#", (c) => c.charCodeAt(0)) });

  const kinds = welcome.schema.kinds;
  assert.deepEqual(kinds.map((kind) => [kind.id, kind.name, kind.fields.length]), [[0, "player", 6], [1, "projectile", 5], [2, "pickup", 1]]);
  const summary = (field) => [field.name, field.bits, field.signed, field.quantizeShift, field.wireMin, field.wireMax];
  assert.deepEqual(kinds[0].fields.map(summary), [
    ["x", 14, false, 2, 0, 16383], ["y", 14, false, 2, 0, 16383], ["aim", 10, false, 6, 0, 1023],
    ["flags", 1, false, 0, 0, 1], ["health", 7, false, 0, 0, 127], ["score", 16, false, 0, 0, 65535],
  ]);
  assert.deepEqual(kinds[1].fields.map(summary)[3], ["launchTick", 7, true, 0, -64, 63]);

  assert.deepEqual(welcome.inputLayout.fields.map((field) => ({ ...field })), [
    { name: "moveX", bytes: 1, signed: true, min: -127, max: 127, mask: null },
    { name: "moveY", bytes: 1, signed: true, min: -127, max: 127, mask: null },
    { name: "aim", bytes: 2, signed: false, min: 0, max: 65535, mask: null },
    { name: "buttons", bytes: 1, signed: false, min: 0, max: 1, mask: 1 },
  ]);
});

test("welcome without a grid (hasGrid 0), e.g. Pong", () => {
  const welcome = decodeServerMessage(arenaWelcome({ grid: "00" }));
  assert.equal(welcome.grid, null);
});

test("spectating: the same body, player id 0 and an all-zero token", () => {
  const message = decodeServerMessage(arenaWelcome({ kind: "86", playerId: "00 00", token: new Uint8Array(16) }));
  assert.equal(message.type, "spectating");
  assert.equal(message.playerId, 0);
  assert.deepEqual(message.sessionToken, new Uint8Array(16));
});

test("welcome: every truncation, and a trailing byte, are malformed (1)", () => {
  const whole = arenaWelcome();
  for (let length = 0; length < whole.length; length++) {
    assert.throws(() => decodeServerMessage(whole.subarray(0, length)), refusedWith(1), `length ${length}`);
  }
  assert.throws(() => decodeServerMessage(bytes(whole, "00")), refusedWith(1));
});

test("welcome: a version other than 2 is error 3", () => {
  assert.throws(() => decodeServerMessage(arenaWelcome({ version: "01" })), refusedWith(3));
  assert.throws(() => decodeServerMessage(arenaWelcome({ kind: "86", version: "03" })), refusedWith(3));
});

test("welcome: schema limits (4), names over 64 bytes (1)", () => {
  const kind = (...fields) => bytes("01", s("k"), fields.length, ...fields);
  const field = (spec) => bytes(s("f"), spec);
  assert.ok(decodeServerMessage(arenaWelcome({ schema: kind(field("20 01 1f")) })));   // bits 32, signed, shift 31
  assert.ok(decodeServerMessage(arenaWelcome({ schema: "00" })));                      // no kinds at all
  assert.throws(() => decodeServerMessage(arenaWelcome({ schema: kind(field("00 00 00")) })), refusedWith(4));   // bits 0
  assert.throws(() => decodeServerMessage(arenaWelcome({ schema: kind(field("21 00 00")) })), refusedWith(4));   // bits 33
  assert.throws(() => decodeServerMessage(arenaWelcome({ schema: kind(field("08 02 00")) })), refusedWith(4));   // flags 2
  assert.throws(() => decodeServerMessage(arenaWelcome({ schema: kind(field("08 00 20")) })), refusedWith(4));   // shift 32
  const sixteen = Array.from({ length: 16 }, () => field("01 00 00"));
  assert.ok(decodeServerMessage(arenaWelcome({ schema: kind(...sixteen) })));
  assert.throws(() => decodeServerMessage(arenaWelcome({ schema: kind(...sixteen, field("01 00 00")) })), refusedWith(4));
  const longName = bytes("01", [65, ...new Uint8Array(65).fill(0x6b)], "00");
  assert.throws(() => decodeServerMessage(arenaWelcome({ schema: longName })), refusedWith(1));
});

test("welcome: input layout limits (4), a range past 32 bits (1)", () => {
  const layout = (...fields) => bytes(fields.length, ...fields);
  const range = (name, size, flags, min, max) => bytes(s(name), size, flags, min, max);
  const ok = (value) => assert.ok(decodeServerMessage(arenaWelcome({ layout: value })));
  const refused = (value, code = 4) => assert.throws(() => decodeServerMessage(arenaWelcome({ layout: value })), refusedWith(code));
  ok(layout());
  ok(layout(range("a", 1, 1, "ff 01", "fe 01")));                  // i8 −128…127
  refused(layout(range("a", 1, 1, "81 02", "00")));                // −129 does not fit i8
  refused(layout(range("a", 1, 0, "00", "80 04")));                // 256 does not fit u8
  refused(layout(range("a", 1, 0, "01", "00")));                   // min −1 on an unsigned field
  refused(layout(range("a", 1, 0, "04", "02")));                   // min 2 > max 1
  ok(layout(range("a", 4, 0, "00", "fe ff ff ff 0f")));            // u32 up to 2^31−1
  refused(layout(range("a", 4, 0, "00", "80 80 80 80 10")), 1);    // 2^31 (zz 2^32): min/max are 32-bit varints
  refused(layout(range("a", 3, 0, "00", "00")));                   // 3 bytes
  refused(layout(bytes(s("a"), "01 03")));                         // flags 3
  refused(layout(bytes(s("a"), "01 02 00 01 00 00")));             // mask 0x100 does not fit 1 byte
  ok(layout(bytes(s("a"), "04 02 ff ff ff 7f")));
  refused(layout(bytes(s("a"), "04 02 00 00 00 80")));             // mask bit 31 on an unsigned 4-byte field
  refused(layout(range("", 1, 0, "00", "00")));                    // empty name
  refused(layout(range("a", 1, 0, "00", "00"), range("a", 1, 0, "00", "00")));   // twice
  const eight = Array.from({ length: 8 }, (_, i) => range(`f${i}`, 1, 0, "00", "00"));
  ok(layout(...eight));
  refused(layout(...eight, range("f8", 1, 0, "00", "00")));
});

test("welcome: level size at most 2^31−1 (4), varuints past 32 bits (1)", () => {
  assert.equal(decodeServerMessage(arenaWelcome({ size: "ff ff ff ff 07  01" })).levelWidth, 2 ** 31 - 1);
  assert.throws(() => decodeServerMessage(arenaWelcome({ size: "80 80 80 80 08  01" })), refusedWith(4));
  assert.throws(() => decodeServerMessage(arenaWelcome({ size: "01  80 80 80 80 10" })), refusedWith(1));
});

test("welcome: grid flag, grid size limits (4)", () => {
  assert.throws(() => decodeServerMessage(arenaWelcome({ grid: "02" })), refusedWith(4));
  assert.throws(() => decodeServerMessage(arenaWelcome({ grid: "01 00 00 05 00" })), refusedWith(4));   // 0 × 5
  assert.throws(() => decodeServerMessage(arenaWelcome({ grid: "01 01 04 01 04" })), refusedWith(4));   // 1025 × 1025 tiles
  const big = bytes("01 00 04 00 04", new Uint8Array(1024 * 1024).fill(0x2e));                          // exactly 2^20 tiles
  assert.equal(decodeServerMessage(arenaWelcome({ grid: big })).grid.tiles.length, 1048576);
});

test("welcome: invalid UTF-8 and strings over 256 bytes are malformed (1)", () => {
  assert.throws(() => decodeServerMessage(arenaWelcome({ roomId: "02 c3 28" })), refusedWith(1));
  assert.throws(() => decodeServerMessage(arenaWelcome({ roomId: bytes("81 02", new Uint8Array(257).fill(0x61)) })), refusedWith(1));
  assert.equal(decodeServerMessage(arenaWelcome({ roomId: bytes("80 02", new Uint8Array(256).fill(0x61)) })).roomId.length, 256);
  // A byte-order mark is part of the string, not stripped.
  assert.equal(decodeServerMessage(arenaWelcome({ roomId: "03 ef bb bf" })).roomId, "\ufeff");
});

test("roomList", () => {
  const message = decodeServerMessage(bytes(
    "83 01",
    s("arena-1"), s("arena"), s("arena"),
    "03 00", "08 00",        // players 3, capacity 8
    "ac 02", "3c 00",        // tick 300, tickRate 60
    "dc 0b", "00", "e0 5d",  // tickP99Micros 1500, lateTicks 0, bytesPerSecond 12000
    "00",                    // node: none on a single server
  ));
  assert.deepEqual(message, {
    type: "roomList",
    rooms: [{ id: "arena-1", game: "arena", level: "arena", players: 3, capacity: 8, tick: 300, tickRate: 60, tickP99Micros: 1500, lateTicks: 0, bytesPerSecond: 12000, node: "" }],
  });
  assert.deepEqual(decodeServerMessage(hex("83 00")), { type: "roomList", rooms: [] });
  assert.throws(() => decodeServerMessage(hex("83 91 4e")), refusedWith(4));   // 10001 rooms
  const tickOver32 = bytes("83 01", s("r"), s("g"), s("l"), "00 00 00 00", "80 80 80 80 10", "3c 00 00 00 00 00");
  assert.throws(() => decodeServerMessage(tickOver32), refusedWith(1));
});

test("roomList: every entry ends with its cluster node, at most 256 bytes, always present", () => {
  const entry = (id, node) => bytes(s(id), s("arena"), s("duel"), "01 00 02 00", "0a 3c 00", "00 00 00", node);
  const message = decodeServerMessage(bytes("83 02", entry("a", s("node-b")), entry("b", "00")));
  assert.deepEqual(message.rooms.map(({ id, node }) => [id, node]), [["a", "node-b"], ["b", ""]]);
  const node256 = "n".repeat(256);
  assert.equal(decodeServerMessage(bytes("83 01", entry("a", bytes("80 02", new TextEncoder().encode(node256))))).rooms[0].node, node256);
  assert.throws(() => decodeServerMessage(bytes("83 01", entry("a", bytes("81 02", new Uint8Array(257).fill(0x6e))))), refusedWith(1));
  // An entry of before (no node) is truncated, the first of two shifts the second: malformed.
  assert.throws(() => decodeServerMessage(bytes("83 01", entry("a", ""))), refusedWith(1));
  assert.throws(() => decodeServerMessage(bytes("83 02", entry("a", ""), entry("b", ""))), refusedWith(1));
  assert.throws(() => decodeServerMessage(bytes("83 01", entry("a", "02 c3 28"))), refusedWith(1));   // invalid UTF-8
});

test("redirect: the example of PROTOCOL.md §3.2, url, room id, 16 reservation bytes", () => {
  const text = readFileSync(new URL("../../docs/PROTOCOL.md", import.meta.url), "utf8");
  const section = text.slice(text.indexOf("### 3.2 Clusters"), text.indexOf("## 4. Server to client"));
  const start = section.indexOf("```\nredirect") + 4;
  const example = section.slice(start, section.indexOf("\n```", start)).split("\n").slice(1)
    .map((line) => line.trim().split(/\s{2,}/)[0]).filter((part) => /^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(part)).join(" ");
  const message = hex(example);
  assert.equal(toHex(message), "88 13 77 73 3a 2f 2f 31 30 2e 30 2e 30 2e 32 3a 37 37 37 37 2f 06 64 75 65 6c 2d 78 "
    + "10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");
  assert.deepEqual(decodeServerMessage(message), {
    type: "redirect", url: "ws://10.0.0.2:7777/", roomId: "duel-x",
    reservation: hex("10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f"),
  });
  // After a resume: no room id, no reservation (all zeros).
  assert.deepEqual(decodeServerMessage(bytes("88", s("wss://b.example/game"), "00", new Uint8Array(16))), {
    type: "redirect", url: "wss://b.example/game", roomId: "", reservation: new Uint8Array(16),
  });
  for (let length = 1; length < message.length; length++) {
    assert.throws(() => decodeServerMessage(message.subarray(0, length)), refusedWith(1), `length ${length}`);
  }
  assert.throws(() => decodeServerMessage(bytes(message, "00")), refusedWith(1));
  assert.throws(() => decodeServerMessage(bytes("88 81 02", new Uint8Array(257).fill(0x61), "00", new Uint8Array(16))), refusedWith(1));
});

test("error: code, message, and whether the server closes next", () => {
  assert.deepEqual(decodeServerMessage(bytes("84 0a 00", s("room is full"))),
    { type: "error", code: 10, codeName: "roomFull", message: "room is full", closes: false });
  assert.equal(decodeServerMessage(bytes("84 14 00", s("slow down"))).closes, true);    // 20 rateLimited
  assert.equal(decodeServerMessage(bytes("84 2a 00", s("closed"))).codeName, "roomClosed");
  assert.equal(decodeServerMessage(bytes("84 05 00", s(""))).codeName, "messageTooLarge"); // reserved but named
  assert.throws(() => decodeServerMessage(bytes("84 29 00", s("kicked"))), refusedWith(4)); // 41: not a code
  assert.throws(() => decodeServerMessage(bytes("84 00 00", s(""))), refusedWith(4));
  assert.throws(() => decodeServerMessage(bytes("84 63 00", s(""))), refusedWith(4));
});

test("error: the authentication codes 43 and 50–56; 43 and 56 close", () => {
  const expected = [
    [43, "replaced", true], [50, "credentialRequired", false], [51, "invalidCredential", false],
    [52, "credentialExpired", false], [53, "wrongAudience", false], [54, "roomNotAllowed", false],
    [56, "tooManyCredentialFailures", true],
  ];
  for (const [code, codeName, closes] of expected) {
    assert.deepEqual(decodeServerMessage(bytes("84", [code, 0], s("m"))), { type: "error", code, codeName, message: "m", closes });
    assert.equal(ErrorCode[codeName], code);
    assert.equal(errorCodeName(code), codeName);
    const error = new ServerError(code, "m");
    assert.equal(error.codeName, codeName);
    assert.equal(error.closes, closes);
  }
  for (const code of [44, 49, 57]) assert.throws(() => decodeServerMessage(bytes("84", [code, 0], s(""))), refusedWith(4));
});

test("error: the cluster codes 60 and 61 keep the connection open", () => {
  for (const [code, codeName] of [[60, "directoryUnavailable"], [61, "reservationInvalid"]]) {
    assert.deepEqual(decodeServerMessage(bytes("84", [code, 0], s("m"))), { type: "error", code, codeName, message: "m", closes: false });
    assert.equal(ErrorCode[codeName], code);
    assert.equal(new ServerError(code, "m").closes, false);
  }
  for (const code of [59, 62]) assert.throws(() => decodeServerMessage(bytes("84", [code, 0], s(""))), refusedWith(4));
});

test("roster: ids, names, pings (0xFFFF = not measured), identities (empty without authentication)", () => {
  assert.deepEqual(decodeServerMessage(bytes("85 02", "01 00", s("ada"), "2a 00", "00", "02 00", s("bob"), "ff ff", "00")), {
    type: "roster",
    players: [{ id: 1, name: "ada", ping: 42, identity: "" }, { id: 2, name: "bob", ping: null, identity: "" }],
  });
  assert.deepEqual(decodeServerMessage(hex("85 00")), { type: "roster", players: [] });
  assert.throws(() => decodeServerMessage(hex("85 81 08")), refusedWith(4));    // 1025 entries
  assert.throws(() => decodeServerMessage(bytes("85 01 01 00", [65, ...new Uint8Array(65).fill(0x61)], "00 00 00")), refusedWith(1));
});

test("roster: the verified identity after the ping, at most 128 bytes, always present", () => {
  // The example of PROTOCOL.md §4 (hex lines whose notes follow two spaces).
  const text = readFileSync(new URL("../../docs/PROTOCOL.md", import.meta.url), "utf8");
  const section = text.slice(text.indexOf("## 4. Server to client"), text.indexOf("## 5. "));
  const start = section.indexOf("```\nroster") + 4;
  const example = section.slice(start, section.indexOf("\n```", start)).split("\n").slice(1)
    .map((line) => line.trim().split(/\s{2,}/)[0]).join(" ");
  const message = hex(example);
  assert.equal(toHex(message), "85 01 03 00 03 61 64 61 2a 00 07 75 73 65 72 2d 31 37");
  assert.deepEqual(decodeServerMessage(message), {
    type: "roster", players: [{ id: 3, name: "ada", ping: 42, identity: "user-17" }],
  });
  const identity128 = "é".repeat(64);   // 128 bytes
  assert.equal(decodeServerMessage(bytes("85 01 01 00", s("ada"), "ff ff", "80 01", new TextEncoder().encode(identity128)))
    .players[0].identity, identity128);
  assert.throws(() => decodeServerMessage(bytes("85 01 01 00", s("ada"), "ff ff", "81 01", new Uint8Array(129).fill(0x61))), refusedWith(1));
  // An entry of before (no identity) is truncated: the field is not optional.
  assert.throws(() => decodeServerMessage(bytes("85 01 01 00", s("ada"), "2a 00")), refusedWith(1));
  assert.throws(() => decodeServerMessage(bytes("85 02 01 00", s("ada"), "2a 00", "02 00", s("bob"), "ff ff", "00")), refusedWith(1));
  assert.throws(() => decodeServerMessage(bytes("85 01 01 00", s("ada"), "2a 00", "02 c3 28")), refusedWith(1));   // invalid UTF-8
});

test("snapshot: the body is returned as is, for decodeSnapshot", () => {
  const message = decodeServerMessage(hex("82 01 00 29 00"));
  assert.equal(message.type, "snapshot");
  assert.deepEqual([...message.body], [1, 0, 0x29, 0]);
});

test("framing: empty (1), unknown or client kinds (2)", () => {
  assert.throws(() => decodeServerMessage(new Uint8Array(0)), refusedWith(1));
  assert.throws(() => decodeServerMessage(hex("89")), refusedWith(2));
  assert.throws(() => decodeServerMessage(hex("80")), refusedWith(2));
  assert.throws(() => decodeServerMessage(hex("01 02")), refusedWith(2));
  assert.throws(() => decodeServerMessage(hex("84 0a 00 00 ff")), refusedWith(1));   // trailing byte
  // An ArrayBuffer is accepted as well as a Uint8Array.
  assert.equal(decodeServerMessage(hex("83 00").buffer).type, "roomList");
});

test("replayStatus decodes as PROTOCOL.md §4 says", () => {
  // tick 300, end 600, rate 60 (u16 LE), paused, 1x, ending "x"
  assert.deepEqual(decodeServerMessage(hex("87 ac 02 d8 04 3c 00 01 04 01 78")), {
    type: "replayStatus", tick: 300, endTick: 600, tickRate: 60, paused: true, speedQuarters: 4, ending: "x",
  });
  assert.throws(() => decodeServerMessage(hex("87 01 02 3c 00 02 04 00")), (error) => error.code === 4);
  assert.throws(() => decodeServerMessage(hex("87 01 02 3c 00 00 00 00")), (error) => error.code === 4);
});
