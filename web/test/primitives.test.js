// Encoding conventions (sections 2 and 7.1): fixed-width little-endian integers, LEB128
// varuints in shortest form, zig-zag varints, strings.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ByteReader, ByteWriter, WireError } from "../tickwire.js";
import { hex, toHex } from "../test-support/fixtures.js";

function written(write) {
  const writer = new ByteWriter();
  write(writer);
  return toHex(writer.finish());
}

function wireError(reason, offset) {
  return (error) => {
    assert.ok(error instanceof WireError, `expected a WireError, got ${error}`);
    assert.equal(error.reason, reason, error.message);
    if (offset !== undefined) assert.equal(error.offset, offset);
    return true;
  };
}

test("varuint: the examples of 7.1", () => {
  const examples = [[0, "00"], [127, "7f"], [128, "80 01"], [300, "ac 02"], [2 ** 32 - 1, "ff ff ff ff 0f"]];
  for (const [value, bytes] of examples) {
    assert.equal(written((w) => w.writeVarUint(value)), bytes);
    assert.equal(new ByteReader(hex(bytes)).readVarUint(), value);
  }
  // 2^64−1 (read as the nearest double: every such value is refused by its user anyway).
  assert.equal(new ByteReader(hex("ff ff ff ff ff ff ff ff ff 01")).readVarUint(), 2 ** 64);
});

test("varuint: refused unless in shortest form, ≤ 10 bytes, ≤ 64 bits, complete", () => {
  assert.throws(() => new ByteReader(hex("80 00")).readVarUint(), wireError("nonCanonicalVarint", 0));
  assert.throws(() => new ByteReader(hex("ff 80 00")).readVarUint(), wireError("nonCanonicalVarint", 0));
  assert.throws(() => new ByteReader(hex("ff ff ff ff ff ff ff ff ff 81 00")).readVarUint(), wireError("varintTooLong", 0));
  assert.throws(() => new ByteReader(hex("ff ff ff ff ff ff ff ff ff 02")).readVarUint(), wireError("varintOverflow", 0));
  assert.throws(() => new ByteReader(hex("80")).readVarUint(), wireError("truncated", 0));
  const reader = new ByteReader(hex("05 ac"));
  assert.equal(reader.readVarUint(), 5);
  assert.throws(() => reader.readVarUint(), (error) => wireError("truncated", 1)(error) && error.needed === 2 && error.available === 1);
});

test("varuint: 32-bit fields refuse 2^32", () => {
  assert.equal(new ByteReader(hex("ff ff ff ff 0f")).readVarUint32(), 0xffffffff);
  const reader = new ByteReader(hex("80 80 80 80 10"));
  assert.throws(() => reader.readVarUint32(), (error) => wireError("varintOverflow", 0)(error) && error.bits === 32);
  assert.equal(reader.offset, 0);   // the reader points at the refused field
});

test("zig-zag: 0, −1, 1, −2, 2 → 0, 1, 2, 3, 4; −64…63 in one byte, −8192…8191 in two", () => {
  [0, -1, 1, -2, 2].forEach((value, index) => assert.equal(written((w) => w.writeVarInt(value)), toHex([index])));
  const length = (value) => { const w = new ByteWriter(); w.writeVarInt(value); return w.finish().length; };
  assert.deepEqual([-64, 63, -65, 64, -8192, 8191, -8193, 8192].map(length), [1, 1, 2, 2, 2, 2, 3, 3]);
  for (const value of [0, -12, 40, -(2 ** 31), 2 ** 31 - 1, -(2 ** 40), 2 ** 40]) {
    const w = new ByteWriter();
    w.writeVarInt(value);
    assert.equal(new ByteReader(w.finish()).readVarInt(), value);
  }
  assert.equal(new ByteReader(hex("17")).readVarInt(), -12);   // 7.8: vy −12 is zz 23
  assert.throws(() => new ByteReader(hex("80 80 80 80 10")).readVarInt32(), wireError("varintOverflow", 0));
  assert.equal(new ByteReader(hex("ff ff ff ff 0f")).readVarInt32(), -(2 ** 31));
});

test("fixed-width integers are little-endian", () => {
  const reader = new ByteReader(hex("2a  34 12  78 56 34 12  ff ff ff ff"));
  assert.equal(reader.readU8(), 0x2a);
  assert.equal(reader.readU16(), 0x1234);
  assert.equal(reader.readU32(), 0x12345678);
  assert.equal(reader.readU32(), 0xffffffff);
  assert.ok(reader.isAtEnd);
  assert.throws(() => reader.readU8(), wireError("truncated", 11));
  assert.equal(written((w) => { w.writeU16(0x1234); w.writeU32(0x80000001); }), "34 12 01 00 00 80");
});

test("strings: varuint length, then valid UTF-8, within the caller's limit", () => {
  assert.equal(new ByteReader(hex("06 68 c3 a9 6c 6c 6f")).readString(64), "héllo");
  assert.equal(new ByteReader(hex("00")).readString(0), "");
  assert.throws(() => new ByteReader(hex("41")).readString(64), wireError("lengthTooLarge", 0));
  assert.throws(() => new ByteReader(hex("02 c3 28")).readString(64), wireError("invalidUTF8", 1));
  assert.throws(() => new ByteReader(hex("03 ed a0 80")).readString(64), wireError("invalidUTF8"));   // a surrogate
  assert.throws(() => new ByteReader(hex("05 61 62")).readString(64), wireError("truncated", 1));
  assert.equal(written((w) => w.writeString("héllo")), "06 68 c3 a9 6c 6c 6f");
  assert.throws(() => new ByteWriter().writeString("héllo", 5), RangeError);
});

test("expectEnd: bytes left over are an error", () => {
  const reader = new ByteReader(hex("01 02 03"));
  reader.readU8();
  assert.throws(() => reader.expectEnd(), (error) => wireError("trailingBytes", 1)(error) && error.count === 2);
});
