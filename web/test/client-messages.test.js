// Client-to-server messages (section 3): every layout byte for byte, the validation that
// keeps the client from sending what the server refuses with a closing error, and the
// server-side decoder used by the fake server.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
  ByteReader, InputError, ProtocolError, decodeClientMessage, decodeInputLayout, encodeClientMessage,
  hexToToken, inputValuesInOrder, tokenToHex,
} from "../tickwire.js";
import { ARENA_LAYOUT_BYTES, TOKEN, bytes, hex, s, toHex } from "../test-support/fixtures.js";

const arena = decodeInputLayout(new ByteReader(ARENA_LAYOUT_BYTES));

function encodes(message, expectedHex, layout) {
  const encoded = encodeClientMessage(message, layout);
  assert.equal(toHex(encoded), toHex(hex(expectedHex)));
  return encoded;
}

function refusedWith(code) {
  return (error) => error instanceof ProtocolError && error.code === code;
}

test("join, target 0: any room of the default game", () => {
  encodes({ type: "join", name: "ada" }, "01 02  03 61 64 61  00");
});

test("join, target 1: a room id", () => {
  encodes({ type: "join", name: "ada", room: "arena-1" }, "01 02  03 61 64 61  01  07 61 72 65 6e 61 2d 31");
});

test("join, target 2: a game and a level (empty = defaults)", () => {
  encodes({ type: "join", name: "ada", game: "arena", level: "duel" },
    "01 02  03 61 64 61  02  05 61 72 65 6e 61  04 64 75 65 6c");
  encodes({ type: "join", name: "ada", target: "level" }, "01 02  03 61 64 61  02  00  00");
  encodes({ type: "join", name: "ada", level: "duel" }, "01 02  03 61 64 61  02  00  04 64 75 65 6c");
});

test("join: names up to 64 UTF-8 bytes; room ids of 1–32 of A-Z a-z 0-9 _ -; strings up to 256 bytes", () => {
  const name64 = "é".repeat(32);   // 64 bytes
  assert.equal(encodeClientMessage({ type: "join", name: name64 })[2], 64);
  assert.throws(() => encodeClientMessage({ type: "join", name: name64 + "a" }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "join", name: 7 }), TypeError);
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", room: "" }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", room: "has space" }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", room: "r".repeat(33) }), RangeError);
  encodeClientMessage({ type: "join", name: "ada", room: "A_z-09".padEnd(32, "x") });
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", game: "g".repeat(257) }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", target: "elsewhere" }), RangeError);
});

test("input: ack and sequence varuints, then Arena's layout moveX:i8 moveY:i8 aim:u16 buttons:u8", () => {
  encodes({ type: "input", ack: 300, sequence: 1, values: { moveX: -127, moveY: 127, aim: 40960, buttons: 1 } },
    "02  ac 02  01  81  7f  00 a0  01", arena);
  // Fields left out are 0; the largest ack and sequence are 2^32−1.
  encodes({ type: "input", ack: 0xffffffff, sequence: 0xffffffff, values: {} },
    "02  ff ff ff ff 0f  ff ff ff ff 0f  00 00 00 00 00", arena);
});

test("input: values are validated against the layout before anything is encoded", () => {
  const input = (values) => () => encodeClientMessage({ type: "input", ack: 0, sequence: 1, values }, arena);
  const rejects = (field) => (error) => error instanceof InputError && error.field === field;
  assert.throws(input({ moveX: -128 }), rejects("moveX"));       // −128 is an error (§3)
  assert.throws(input({ moveY: 128 }), rejects("moveY"));
  assert.throws(input({ aim: 65536 }), rejects("aim"));
  assert.throws(input({ aim: -1 }), rejects("aim"));
  assert.throws(input({ buttons: 2 }), rejects("buttons"));      // bits outside the mask
  assert.throws(input({ buttons: -1 }), rejects("buttons"));
  assert.throws(input({ moveX: 0.5 }), rejects("moveX"));
  assert.throws(input({ moveX: "1" }), rejects("moveX"));
  assert.throws(input({ fire: 1 }), rejects("fire"));            // not in the layout
  assert.throws(() => encodeClientMessage({ type: "input", ack: 2 ** 32, sequence: 1, values: {} }, arena), RangeError);
  assert.throws(() => encodeClientMessage({ type: "input", ack: 0, sequence: -1, values: {} }, arena), RangeError);
  assert.throws(() => encodeClientMessage({ type: "input", ack: 0, sequence: 1, values: {} }), TypeError);   // no layout
  assert.deepEqual(inputValuesInOrder(arena, { buttons: 1, aim: 7 }), [0, 0, 7, 1]);
});

test("input: 2- and 4-byte fields, signed and unsigned, little-endian", () => {
  const layout = decodeInputLayout(new ByteReader(bytes(
    "04",
    s("a"), "02 01", "ff ff 03", "fe ff 03",            // i16 −32768…32767
    s("b"), "04 01", "ff ff ff ff 0f", "fe ff ff ff 0f", // i32 full range
    s("c"), "04 00", "00", "fe ff ff ff 0f",             // u32 0…2^31−1
    s("d"), "04 02", "ff ff ff 7f",                      // u32 mask 0x7fffffff
  )));
  encodes({ type: "input", ack: 1, sequence: 2, values: { a: -2, b: -2147483648, c: 2147483647, d: 0x40000001 } },
    "02 01 02  fe ff  00 00 00 80  ff ff ff 7f  01 00 00 40", layout);
  assert.throws(() => encodeClientMessage({ type: "input", ack: 1, sequence: 2, values: { c: 2 ** 31 } }, layout), InputError);
});

test("leave, listRooms: the kind byte alone", () => {
  encodes({ type: "leave" }, "03");
  encodes({ type: "listRooms" }, "04");
});

test("resume: version then the 16-byte token (bytes or 32 hex digits)", () => {
  const expected = "05 02  00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff";
  encodes({ type: "resume", token: TOKEN }, expected);
  encodes({ type: "resume", token: "00112233445566778899AABBCCDDEEFF" }, expected);
  assert.equal(tokenToHex(TOKEN), "00112233445566778899aabbccddeeff");
  assert.deepEqual(hexToToken(tokenToHex(TOKEN)), TOKEN);
  assert.throws(() => encodeClientMessage({ type: "resume", token: TOKEN.subarray(1) }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "resume", token: "0011" }), TypeError);
});

test("spectate: version, adminToken, room (empty = list rooms only)", () => {
  encodes({ type: "spectate", adminToken: "secret", room: "arena-1" },
    "06 02  06 73 65 63 72 65 74  07 61 72 65 6e 61 2d 31");
  encodes({ type: "spectate", adminToken: "secret" }, "06 02  06 73 65 63 72 65 74  00");
  assert.throws(() => encodeClientMessage({ type: "spectate", adminToken: "t".repeat(257) }), RangeError);
});

// A short stand-in for a JWT: the wire only sees a string (§3.1).
const CREDENTIAL = "eyJhbGciOi.x.y";
const CREDENTIAL_HEX = "0e 65 79 4a 68 62 47 63 69 4f 69 2e 78 2e 79";

test("credential: join, resume and spectate append it as their last string, only when non-empty", () => {
  // join, every target: the credential follows the target's fields.
  encodes({ type: "join", name: "ada", credential: CREDENTIAL }, `01 02  03 61 64 61  00  ${CREDENTIAL_HEX}`);
  encodes({ type: "join", name: "ada", room: "arena-1", credential: CREDENTIAL },
    `01 02  03 61 64 61  01  07 61 72 65 6e 61 2d 31  ${CREDENTIAL_HEX}`);
  encodes({ type: "join", name: "ada", game: "arena", level: "duel", credential: CREDENTIAL },
    `01 02  03 61 64 61  02  05 61 72 65 6e 61  04 64 75 65 6c  ${CREDENTIAL_HEX}`);
  encodes({ type: "resume", token: TOKEN, credential: CREDENTIAL },
    `05 02  00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff  ${CREDENTIAL_HEX}`);
  encodes({ type: "spectate", adminToken: "secret", room: "arena-1", credential: CREDENTIAL },
    `06 02  06 73 65 63 72 65 74  07 61 72 65 6e 61 2d 31  ${CREDENTIAL_HEX}`);
  // An admin credential stands in for the admin token, which is then empty.
  encodes({ type: "spectate", room: "arena-1", credential: CREDENTIAL },
    `06 02  00  07 61 72 65 6e 61 2d 31  ${CREDENTIAL_HEX}`);
  // Without one (absent, undefined, null or ""), the bytes are those of before.
  for (const credential of [undefined, null, ""]) {
    encodes({ type: "join", name: "ada", credential }, "01 02  03 61 64 61  00");
    encodes({ type: "resume", token: TOKEN, credential }, "05 02  00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff");
    encodes({ type: "spectate", adminToken: "secret", credential }, "06 02  06 73 65 63 72 65 74  00");
  }
});

test("credential: at most 2048 UTF-8 bytes, a string", () => {
  const longest = "a".repeat(2048);
  const encoded = encodeClientMessage({ type: "join", name: "ada", credential: longest });
  assert.equal(toHex(encoded.subarray(7, 9)), "80 10");   // varuint 2048 after "01 02 03 ada 00"
  assert.equal(encoded.length, 9 + 2048);
  assert.deepEqual(decodeClientMessage(encoded), { type: "join", name: "ada", target: "any", credential: longest });
  for (const type of ["join", "resume", "spectate"]) {
    const message = { type, name: "ada", token: TOKEN, adminToken: "" };
    assert.throws(() => encodeClientMessage({ ...message, credential: longest + "a" }), RangeError, type);
    assert.throws(() => encodeClientMessage({ ...message, credential: 7 }), TypeError, type);
  }
  // The server refuses a longer one as malformed (1).
  const tooLong = bytes("05 02", TOKEN, "81 10", new Uint8Array(2049).fill(0x61));
  assert.throws(() => decodeClientMessage(tooLong), refusedWith(1));
});

test("credential: decodeClientMessage reads it when bytes remain, as the server does", () => {
  const messages = [
    { type: "join", name: "ada", target: "any", credential: CREDENTIAL },
    { type: "join", name: "ada", target: "room", room: "arena-1", credential: CREDENTIAL },
    { type: "join", name: "ada", target: "level", game: "", level: "duel", credential: CREDENTIAL },
    { type: "resume", token: TOKEN, credential: CREDENTIAL },
    { type: "spectate", adminToken: "", room: "arena-1", credential: CREDENTIAL },
  ];
  for (const message of messages) {
    assert.deepEqual(decodeClientMessage(encodeClientMessage(message)), message);
  }
  // A present but empty credential (00) is the same as none.
  assert.deepEqual(decodeClientMessage(hex("01 02 03 61 64 61 00 00")), { type: "join", name: "ada", target: "any" });
  // Anything after it is still trailing bytes (1), and a cut-short one is truncated (1).
  assert.throws(() => decodeClientMessage(hex(`01 02 03 61 64 61 00 ${CREDENTIAL_HEX} 00`)), refusedWith(1));
  assert.throws(() => decodeClientMessage(hex("06 02 00 00 03 61 62")), refusedWith(1));
  assert.throws(() => decodeClientMessage(hex("01 02 03 61 64 61 00 02 c3 28")), refusedWith(1));   // invalid UTF-8
});

const RESERVATION = hex("10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");

test("join, target 3: the 16 reservation bytes of a redirect (bytes or 32 hex digits)", () => {
  const expected = "01 02  03 61 64 61  03  10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f";
  encodes({ type: "join", name: "ada", reservation: RESERVATION }, expected);
  encodes({ type: "join", name: "ada", target: "reservation", reservation: [...RESERVATION] }, expected);
  encodes({ type: "join", name: "ada", reservation: "101112131415161718191A1B1C1D1E1F" }, expected);
  encodes({ type: "join", name: "ada", reservation: RESERVATION, credential: CREDENTIAL }, `${expected}  ${CREDENTIAL_HEX}`);
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", reservation: RESERVATION.subarray(1) }), /a reservation is 16 bytes/);
  assert.throws(() => encodeClientMessage({ type: "join", name: "ada", target: "reservation" }), TypeError);
  assert.deepEqual(decodeClientMessage(hex(expected)), { type: "join", name: "ada", target: "reservation", reservation: RESERVATION });
  // Fewer than 16 bytes is a truncated message (1); a target past 3 is error 4, as the server says.
  assert.throws(() => decodeClientMessage(hex("01 02 03 61 64 61 03 10 11 12")), refusedWith(1));
  assert.throws(() => decodeClientMessage(hex("01 02 03 61 64 61 04")),
    (error) => refusedWith(4)(error) && error.message === "join: target kind 4 is not 0, 1, 2 or 3");
});

test("ack: the tick as a 32-bit varuint", () => {
  encodes({ type: "ack", tick: 0 }, "07 00");
  encodes({ type: "ack", tick: 300 }, "07 ac 02");
  encodes({ type: "ack", tick: 0xffffffff }, "07 ff ff ff ff 0f");
  assert.throws(() => encodeClientMessage({ type: "ack", tick: 2 ** 32 }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "nudge" }), TypeError);
});

test("decodeClientMessage reads back every layout", () => {
  const messages = [
    { type: "join", name: "ada", target: "any" },
    { type: "join", name: "ada", target: "room", room: "arena-1" },
    { type: "join", name: "ada", target: "level", game: "pong", level: "" },
    { type: "join", name: "ada", target: "reservation", reservation: RESERVATION },
    { type: "input", ack: 12, sequence: 13, values: { moveX: -3, moveY: 4, aim: 65535, buttons: 1 } },
    { type: "leave" },
    { type: "listRooms" },
    { type: "resume", token: TOKEN },
    { type: "spectate", adminToken: "secret", room: "" },
    { type: "ack", tick: 99 },
  ];
  for (const message of messages) {
    assert.deepEqual(decodeClientMessage(encodeClientMessage(message, arena), arena), message);
  }
  // Without a layout an input's values are skipped, as the server does outside a room.
  assert.deepEqual(decodeClientMessage(hex("02 00 01 05 06 07 08 09")), { type: "input", ack: 0, sequence: 1, values: null });
});

test("decodeClientMessage refuses what the server refuses, with its error code", () => {
  assert.throws(() => decodeClientMessage(hex("")), refusedWith(1));
  assert.throws(() => decodeClientMessage(hex("81")), refusedWith(2));        // a server kind
  assert.throws(() => decodeClientMessage(hex("09")), refusedWith(2));
  assert.throws(() => decodeClientMessage(hex("01 01 00 00")), refusedWith(3));   // version 1
  assert.throws(() => decodeClientMessage(hex("01 02 00 04")), refusedWith(4));   // target 4
  assert.throws(() => decodeClientMessage(hex("01 02 41"), arena), refusedWith(1)); // name of 65 bytes
  assert.throws(() => decodeClientMessage(hex("02 00 01 80 00 00 00 00"), arena), refusedWith(4));   // moveX −128
  assert.throws(() => decodeClientMessage(hex("02 00 01 00 00 00 00 02"), arena), refusedWith(4));   // buttons bit 1
  assert.throws(() => decodeClientMessage(hex("02 00 01 00 00 00 00 00 00"), arena), refusedWith(1)); // trailing byte
  assert.throws(() => decodeClientMessage(hex("02 00 01 00 00 00"), arena), refusedWith(1));          // truncated
  assert.throws(() => decodeClientMessage(hex("07 80 80 80 80 10")), refusedWith(1));  // ack 2^32
  assert.throws(() => decodeClientMessage(hex("07 80 00")), refusedWith(1));           // not shortest form
});

// Every hex example of docs/PROTOCOL.md §3 (a description line, then hex lines whose notes
// follow two spaces) is a message the decoder reads and the encoder writes back byte for byte.
test("the hex examples of PROTOCOL.md §3 decode and encode back to the same bytes", () => {
  const text = readFileSync(new URL("../../docs/PROTOCOL.md", import.meta.url), "utf8");
  const section = text.slice(text.indexOf("## 3. Client to server"), text.indexOf("## 4. Server to client"));
  const block = section.slice(section.indexOf("```\n") + 4, section.indexOf("\n```", section.indexOf("```\n") + 4));
  const examples = block.split("\n\n").map((example) => {
    const [title, ...lines] = example.split("\n");
    const hexText = lines.map((line) => line.trim().split(/\s{2,}/)[0]).filter((part) => /^[0-9a-f]{2}( [0-9a-f]{2})*$/.test(part));
    return { title, bytes: bytes(hexText.join(" ")) };
  });
  assert.equal(examples.length, 11);
  for (const { title, bytes: message } of examples) {
    const decoded = decodeClientMessage(message, arena);
    assert.deepEqual(encodeClientMessage(decoded, arena), message, title);
  }
  assert.deepEqual(decodeClientMessage(examples[4].bytes, arena).values, { moveX: 127, moveY: -127, aim: 16384, buttons: 1 });
  assert.deepEqual(decodeClientMessage(examples[3].bytes), {
    type: "join", name: "ada", target: "room", room: "friends-1", credential: CREDENTIAL,
  });
  const reserved = examples.find(({ title }) => title.startsWith("join with the reservation"));
  assert.equal(toHex(reserved.bytes), "01 02 03 61 64 61 03 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f");
  assert.deepEqual(decodeClientMessage(reserved.bytes), { type: "join", name: "ada", target: "reservation", reservation: RESERVATION });
  assert.deepEqual(encodeClientMessage({ type: "join", name: "ada", reservation: RESERVATION }), reserved.bytes);
});

test("replayControl encodes as PROTOCOL.md §3 says and reads back", () => {
  assert.equal(toHex(encodeClientMessage({ type: "replayControl", command: "pause" })), "08 01");
  assert.equal(toHex(encodeClientMessage({ type: "replayControl", command: "play" })), "08 02");
  assert.equal(toHex(encodeClientMessage({ type: "replayControl", command: "speed", quarters: 8 })), "08 03 08");
  assert.equal(toHex(encodeClientMessage({ type: "replayControl", command: "seek", tick: 300 })), "08 04 ac 02");
  for (const message of [{ type: "replayControl", command: "speed", quarters: 32 }, { type: "replayControl", command: "seek", tick: 0 }]) {
    assert.deepEqual(decodeClientMessage(encodeClientMessage(message)), message);
  }
  assert.throws(() => encodeClientMessage({ type: "replayControl", command: "speed", quarters: 33 }), RangeError);
  assert.throws(() => encodeClientMessage({ type: "replayControl", command: "rewind" }), TypeError);
  assert.throws(() => decodeClientMessage(hex("08 05")), (error) => error instanceof ProtocolError && error.code === 4);
  assert.throws(() => decodeClientMessage(hex("08 03 00")), (error) => error instanceof ProtocolError && error.code === 4);
});
