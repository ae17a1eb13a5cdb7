// tickwire.js: the JavaScript client library for Tickwire game servers, protocol v2.
//
// One dependency-free ES module for browsers and Node (no build step): copy it next to your
// game and `import { TickwireClient } from "./tickwire.js"`. It works for any Tickwire game,
// because the server's `welcome` describes the game (entity schema and input layout) and
// this module decodes snapshots and encodes inputs from that description alone.
//
//   const client = new TickwireClient("ws://localhost:7777/");
//   client.on("snapshot", (snap) => draw(snap.world));     // entities {id, kind, kindName, fields}
//   const welcome = await client.join({ name: "ada", game: "arena", level: "duel" });
//   client.sendInput({ moveX: 127, moveY: 0, aim: 16384, buttons: 1 });
//
// On a server that authenticates players (`--auth-key`), give the player's signed token:
// new TickwireClient(url, { credential: jwt }); `wss://` URLs work as `ws://` ones do.
//
// The layers, bottom up (each exported, so each can be used and tested without a socket):
//   1. bytes:     ByteReader / ByteWriter (little-endian, LEB128 varints, zig-zag, strings)
//   2. messages:  encodeClientMessage / decodeServerMessage (and the reverse pair, for tests)
//   3. snapshots: decodeSnapshot against a SnapshotRing of the last 32 applied states
//   4. client:    TickwireClient (WebSocket, requests, acks, inputs, resume after a drop,
//                 redirects to the node of a cluster that runs the room)
//
// The reference is docs/PROTOCOL.md of the Tickwire repository; section numbers below ("§7.3")
// point into it.

// ─── Protocol constants ─────────────────────────────────────────────────────────────────

export const PROTOCOL_VERSION = 2;
export const SUBPROTOCOL = "tickwire.v2";

/** Kind bytes of client-to-server messages (§3). */
export const ClientMessageKind = Object.freeze({
  join: 0x01, input: 0x02, leave: 0x03, listRooms: 0x04, resume: 0x05, spectate: 0x06, ack: 0x07,
  replayControl: 0x08,
});

/** Kind bytes of server-to-client messages (§4). */
export const ServerMessageKind = Object.freeze({
  welcome: 0x81, snapshot: 0x82, roomList: 0x83, error: 0x84, roster: 0x85, spectating: 0x86,
  replayStatus: 0x87, redirect: 0x88,
});

/** Replay commands of `replayControl` (§6.1) and their wire numbers. */
const REPLAY_COMMANDS = Object.freeze({ pause: 1, play: 2, speed: 3, seek: 4 });
const REPLAY_COMMAND_NAMES = new Map(Object.entries(REPLAY_COMMANDS).map(([name, code]) => [code, name]));

/** Codes of the `error` message (§8). 41 is reserved and not a valid code. */
export const ErrorCode = Object.freeze({
  malformedMessage: 1, unknownMessageKind: 2, unsupportedVersion: 3, valueOutOfRange: 4,
  messageTooLarge: 5, unexpectedMessage: 6,
  roomFull: 10, roomNotFound: 11, unknownMap: 12, tooManyRooms: 13, alreadyInRoom: 14,
  notInRoom: 15, invalidName: 16,
  rateLimited: 20, serverFull: 21,
  invalidToken: 30, notAuthorized: 31, spectatingDisabled: 32, replayUnavailable: 33,
  idleTimeout: 40, roomClosed: 42, replaced: 43,
  // Authentication (§3.1): refusals of a join's, resume's or spectate's credential.
  credentialRequired: 50, invalidCredential: 51, credentialExpired: 52, wrongAudience: 53,
  roomNotAllowed: 54, tooManyCredentialFailures: 56,
  // Clusters (§3.2): the node cannot reach its directory now (try again); a join's
  // reservation expired, was used, or is held elsewhere.
  directoryUnavailable: 60, reservationInvalid: 61,
});

const ERROR_CODE_NAMES = new Map(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

// The server closes the WebSocket (1008) right after these; the seat is then freed (§8).
const CLOSING_ERROR_CODES = new Set([1, 2, 3, 4, 5, 20, 21, 31, 40, 43, 56]);

/** The name of an error code, or undefined for a code §8 does not list. */
export function errorCodeName(code) {
  return ERROR_CODE_NAMES.get(code);
}

/** Limits of the wire format (§2, §3, §4). */
export const Limits = Object.freeze({
  nameBytes: 64,           // player name in `join` and `roster`
  credentialBytes: 2048,   // the signed token (JWT) in `join`, `resume` and `spectate`
  identityBytes: 128,      // a player's verified identity in `roster`
  textBytes: 256,          // other strings: room ids, game and level names, messages
  fieldNameBytes: 64,      // kind, field and input field names in `welcome`
  sessionTokenBytes: 16,   // also a redirect's reservation
  kindFields: 16,          // fields per entity kind (WorldState.maxFields)
  inputFields: 8,
  rooms: 10000,            // entries of a `roomList`
  rosterEntries: 1024,
  gridTiles: 1048576,
  ringStates: 32,          // states a client keeps as delta baselines (§7.5)
});

/** Room ids the server accepts in `join` (§3); anything else is error 4, which closes. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const MAX_U32 = 0xffffffff;
const MAX_I32 = 0x7fffffff;
const MIN_I32 = -0x80000000;
const PING_NOT_MEASURED = 0xffff;

// The op of an entity-block word (§7.3): its low two bits.
const OP_END = 0;
const OP_CHANGED = 1;
const OP_REMOVED = 2;
const OP_ADDED = 3;
const ADJACENT_FLAG = 0b100;

// ─── Errors ─────────────────────────────────────────────────────────────────────────────

/**
 * Bytes that cannot be read: `reason` is one of truncated, varintTooLong, varintOverflow,
 * nonCanonicalVarint, invalidUTF8, lengthTooLarge, trailingBytes. `offset` counts from the
 * start of the buffer being read.
 */
export class WireError extends Error {
  constructor(reason, offset, message, details = {}) {
    super(message);
    this.name = "WireError";
    this.reason = reason;
    this.offset = offset;
    Object.assign(this, details);
  }
}

/**
 * A message refused by a decoder, with the protocol error code the reference decoder gives
 * (1 malformed, 2 unknown kind, 3 version, 4 value out of range). A WireError is its `cause`.
 */
export class ProtocolError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = "ProtocolError";
    this.code = code;
    this.codeName = errorCodeName(code);
  }
}

/**
 * A snapshot refused by decodeSnapshot (§7.6). `reason` is the name of the case
 * (truncated, malformedVarint, invalidTicks, unknownBaseline, wrongBaseline, badEndMarker,
 * entityIDOutOfRange, unknownEntityKind, badChangeMask, changedEntityNotInBaseline,
 * removedEntityNotInBaseline, addedEntityAlreadyPresent, valueOutOfRange, trailingBytes);
 * its associated values are properties (offset, tick, expected, got, id, kind, mask, ...).
 * A refused snapshot is never applied.
 */
export class SnapshotError extends Error {
  constructor(reason, details, message) {
    super(message);
    this.name = "SnapshotError";
    this.reason = reason;
    Object.assign(this, details);
  }
}

/** An `error` message from the server (§8). `closes`: the server closes the connection next. */
export class ServerError extends Error {
  constructor(code, message) {
    super(`${errorCodeName(code) ?? "error"} (${code}): ${message}`);
    this.name = "ServerError";
    this.code = code;
    this.codeName = errorCodeName(code);
    this.serverMessage = message;
    this.closes = CLOSING_ERROR_CODES.has(code);
  }
}

/** An input value the room's layout does not allow; `field` names it. Nothing was sent. */
export class InputError extends RangeError {
  constructor(field, message) {
    super(message);
    this.name = "InputError";
    this.field = field;
  }
}

// ─── Bytes ──────────────────────────────────────────────────────────────────────────────

// fatal: invalid UTF-8 is an error (§2), not replaced. ignoreBOM: a leading U+FEFF is
// part of the string, not a byte-order mark to strip.
const utf8Decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Views an ArrayBuffer, a typed array, a DataView or an array of numbers as a Uint8Array. */
export function toBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) return Uint8Array.from(data);
  throw new TypeError("expected binary data (ArrayBuffer, typed array or array of bytes)");
}

/**
 * Reads the protocol's primitives from the front of a byte buffer; every read checks the
 * bounds and throws a WireError instead of reading past the end.
 *
 * Varints are read as JavaScript numbers. Up to 2^53 they are exact; a larger varuint (the
 * wire allows 64 bits) comes out rounded, which never matters here: every such value is
 * refused anyway (a 32-bit field, an id past 65535, a mask past 16 bits, a field delta far
 * outside any 32-bit range), only the value quoted in the error is approximate.
 */
export class ByteReader {
  constructor(data) {
    this.bytes = toBytes(data);
    this.position = 0;
  }

  get offset() { return this.position; }
  get remaining() { return this.bytes.length - this.position; }
  get isAtEnd() { return this.position === this.bytes.length; }

  /** Throws trailingBytes unless everything was read (§2: a message is consumed exactly). */
  expectEnd() {
    if (!this.isAtEnd) {
      throw new WireError("trailingBytes", this.position,
        `${this.remaining} unexpected trailing byte(s) at offset ${this.position}`, { count: this.remaining });
    }
  }

  require(count) {
    if (count > this.remaining) {
      throw new WireError("truncated", this.position,
        `truncated input at offset ${this.position}: needed ${count} byte(s), ${this.remaining} available`,
        { needed: count, available: this.remaining });
    }
  }

  readU8() {
    this.require(1);
    return this.bytes[this.position++];
  }

  readU16() {
    this.require(2);
    const b = this.bytes, p = this.position;
    this.position += 2;
    return b[p] | (b[p + 1] << 8);
  }

  readU32() {
    this.require(4);
    const b = this.bytes, p = this.position;
    this.position += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16)) + b[p + 3] * 0x1000000;
  }

  /** A LEB128 varuint in shortest form, at most 10 bytes and 64 bits (§7.1). */
  readVarUint() {
    const start = this.position;
    let value = 0;
    let scale = 1;
    for (let read = 0; ; read++) {
      if (this.position >= this.bytes.length) {
        throw new WireError("truncated", start,
          `truncated input at offset ${start}: needed ${read + 1} byte(s), ${read} available`,
          { needed: read + 1, available: read });
      }
      const byte = this.bytes[this.position++];
      if (read === 9) {
        // The 10th byte holds only bit 63.
        if (byte & 0x80) this.fail(start, "varintTooLong", `varint at offset ${start} is longer than 10 bytes`);
        if (byte > 1) this.fail(start, "varintOverflow", `varint at offset ${start} does not fit in 64 bits`, { bits: 64 });
      }
      value += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) {
        if (byte === 0 && read > 0) {
          this.fail(start, "nonCanonicalVarint", `varint at offset ${start} is not in its shortest form (ends with a zero group)`);
        }
        return value;
      }
      scale *= 128;
    }
  }

  /** A varuint that must fit in 32 bits (the fields listed in §2). */
  readVarUint32() {
    const start = this.position;
    const value = this.readVarUint();
    if (value > MAX_U32) this.fail(start, "varintOverflow", `varint at offset ${start} does not fit in 32 bits`, { bits: 32 });
    return value;
  }

  /** A zig-zag varint: 0, 1, 2, 3, 4 … mean 0, −1, 1, −2, 2 … (§7.1). */
  readVarInt() {
    return zigZagDecode(this.readVarUint());
  }

  /** A zig-zag varint that must fit in a signed 32-bit integer. */
  readVarInt32() {
    const start = this.position;
    const value = this.readVarInt();
    if (value < MIN_I32 || value > MAX_I32) this.fail(start, "varintOverflow", `varint at offset ${start} does not fit in 32 bits`, { bits: 32 });
    return value;
  }

  /** The next `count` bytes, as a view into the buffer (no copy). */
  readBytes(count) {
    this.require(count);
    const start = this.position;
    this.position += count;
    return this.bytes.subarray(start, start + count);
  }

  /** A varuint byte length (at most `maxBytes`), then that many bytes of valid UTF-8. */
  readString(maxBytes) {
    const start = this.position;
    const length = this.readVarUint();
    if (length > maxBytes) {
      this.fail(start, "lengthTooLarge", `length ${length} at offset ${start} exceeds the limit of ${maxBytes}`, { length, limit: maxBytes });
    }
    const bodyOffset = this.position;
    const body = this.readBytes(length);
    try {
      return utf8Decoder.decode(body);
    } catch {
      this.position = start;
      throw new WireError("invalidUTF8", bodyOffset, `string of ${length} byte(s) at offset ${bodyOffset} is not valid UTF-8`, { length });
    }
  }

  // Rewinds to the start of the bad field, so `offset` and the reader agree, and throws.
  fail(start, reason, message, details) {
    this.position = start;
    throw new WireError(reason, start, message, details);
  }
}

/** Builds a message byte by byte; `finish()` returns the Uint8Array. */
export class ByteWriter {
  constructor() {
    this.bytes = [];
  }

  writeU8(value) { this.bytes.push(value & 0xff); }
  writeU16(value) { this.bytes.push(value & 0xff, (value >>> 8) & 0xff); }
  writeU32(value) {
    this.bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
  }

  /** LEB128, for a non-negative integer up to 2^53 (every client field is ≤ 2^32−1). */
  writeVarUint(value) {
    let rest = value;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
  }

  writeVarInt(value) { this.writeVarUint(zigZagEncode(value)); }

  writeBytes(bytes) {
    for (const byte of bytes) this.bytes.push(byte);
  }

  /** UTF-8 length then bytes; a string over `maxBytes` is refused here, not by the server. */
  writeString(text, maxBytes, what = "string") {
    if (typeof text !== "string") throw new TypeError(`${what} must be a string`);
    const encoded = utf8Encoder.encode(text);
    if (maxBytes !== undefined && encoded.length > maxBytes) {
      throw new RangeError(`${what} is ${encoded.length} UTF-8 bytes, at most ${maxBytes} allowed`);
    }
    this.writeVarUint(encoded.length);
    this.writeBytes(encoded);
  }

  finish() { return Uint8Array.from(this.bytes); }
}

// Arithmetic rather than bit operations: the values go past 32 bits.
function zigZagEncode(value) {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function zigZagDecode(value) {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

// ─── Game tables: schema and input layout (§4) ──────────────────────────────────────────

/**
 * A replicated field: `bits` wide, `signed` or not, sent as `value >> quantizeShift` (§7.4).
 * wireBits/wireMin/wireMax: the range of the quantized value the wire may carry.
 */
export function makeField(name, bits, signed, quantizeShift = 0) {
  const wireBits = Math.min(bits, 32 - quantizeShift);
  const wireMin = signed ? -(2 ** (wireBits - 1)) : 0;
  const wireMax = signed ? 2 ** (wireBits - 1) - 1 : 2 ** wireBits - 1;
  return Object.freeze({ name, bits, signed, quantizeShift, wireBits, wireMin, wireMax });
}

/** The quantized value the server sends for `value` (an Int32), as in §7.4. */
export function quantize(field, value) {
  const shifted = (value | 0) >> field.quantizeShift;            // arithmetic: rounds towards −∞
  const unsigned = field.wireBits === 32 ? shifted >>> 0 : (shifted >>> 0) % 2 ** field.wireBits;
  if (field.signed && unsigned >= 2 ** (field.wireBits - 1)) return unsigned - 2 ** field.wireBits;
  return unsigned;
}

/** The value a receiver stores for quantized `q`: Int32(truncating: q << shift) (§7.4). */
export function reconstruct(field, q) {
  return (q << field.quantizeShift) | 0;   // JS shifts take the low 32 bits, like truncating
}

/**
 * schema = kinds:u8, then per kind name:string fields:u8, then per field
 * name:string bits:u8 flags:u8 quantizeShift:u8. Returns { kinds: [{ id, name, fields }] }.
 */
export function decodeSchema(reader) {
  const kindCount = reader.readU8();
  const kinds = [];
  for (let id = 0; id < kindCount; id++) {
    const name = reader.readString(Limits.fieldNameBytes);
    const fieldCount = reader.readU8();
    if (fieldCount > Limits.kindFields) {
      throw new ProtocolError(4, `schema: kind ${name} has ${fieldCount} fields (at most ${Limits.kindFields})`);
    }
    const fields = [];
    for (let index = 0; index < fieldCount; index++) {
      const fieldName = reader.readString(Limits.fieldNameBytes);
      const bits = reader.readU8();
      const flags = reader.readU8();
      const shift = reader.readU8();
      if (bits < 1 || bits > 32 || (flags & ~1) !== 0 || shift > 31) {
        throw new ProtocolError(4, `schema: field ${name}.${fieldName}: bits ${bits}, flags ${flags}, shift ${shift}`);
      }
      fields.push(makeField(fieldName, bits, flags === 1, shift));
    }
    kinds.push(Object.freeze({ id, name, fields: Object.freeze(fields) }));
  }
  return Object.freeze({ kinds: Object.freeze(kinds) });
}

/**
 * inputLayout = fields:u8, then per field name:string bytes:u8 flags:u8, then
 * min:varint max:varint (flags 0 unsigned, 1 signed) or mask:u32 (flags 2).
 * Returns { fields: [{ name, bytes, signed, min, max, mask }] } (mask is null for a range;
 * for a mask, min 0 and max the mask).
 */
export function decodeInputLayout(reader) {
  const count = reader.readU8();
  if (count > Limits.inputFields) {
    throw new ProtocolError(4, `input layout: ${count} fields (at most ${Limits.inputFields})`);
  }
  const fields = [];
  for (let index = 0; index < count; index++) {
    const name = reader.readString(Limits.fieldNameBytes);
    const bytes = reader.readU8();
    const flags = reader.readU8();
    let field;
    if (flags === 0 || flags === 1) {
      const min = reader.readVarInt32();
      const max = reader.readVarInt32();
      if (min > max) throw new ProtocolError(4, `input field ${name}: range ${min}...${max}`);
      field = { name, bytes, signed: flags === 1, min, max, mask: null };
    } else if (flags === 2) {
      const mask = reader.readU32();
      field = { name, bytes, signed: false, min: 0, max: mask, mask };
    } else {
      throw new ProtocolError(4, `input field ${name}: flags ${flags}`);
    }
    const problem = inputFieldProblem(field);
    if (problem) throw new ProtocolError(4, problem);
    if (fields.some((other) => other.name === name)) {
      throw new ProtocolError(4, `input field ${name} appears twice`);
    }
    fields.push(Object.freeze(field));
  }
  return Object.freeze({ fields: Object.freeze(fields) });
}

// What a layout field may hold: its bytes and signedness, and (§3) never an unsigned
// 4-byte value above 2^31−1, since the server keeps inputs as Int32.
function inputFieldProblem({ name, bytes, signed, min, max, mask }) {
  if (name.length === 0) return "input field with an empty name";
  if (bytes !== 1 && bytes !== 2 && bytes !== 4) return `input field ${name}: ${bytes} bytes (1, 2 or 4)`;
  const lowest = signed ? -(2 ** (bytes * 8 - 1)) : 0;
  const highest = signed ? 2 ** (bytes * 8 - 1) - 1 : Math.min(2 ** (bytes * 8) - 1, MAX_I32);
  if (mask !== null) {
    if (mask > highest) return `input field ${name}: mask 0x${mask.toString(16)} does not fit ${bytes} byte(s)`;
  } else if (min < lowest || max > highest) {
    return `input field ${name}: range ${min}...${max} does not fit ${bytes} ${signed ? "signed" : "unsigned"} byte(s)`;
  }
  return null;
}

/**
 * Checks `values` (an object by field name) against the layout and returns them in wire
 * order. A field left out is 0; an unknown name, a non-integer, a value outside its range
 * or with bits outside its mask throws an InputError (the server would answer error 4 and
 * close the connection, §3).
 */
export function inputValuesInOrder(layout, values = {}) {
  if (values === null || typeof values !== "object") throw new TypeError("input values must be an object by field name");
  for (const key of Object.keys(values)) {
    if (!layout.fields.some((field) => field.name === key)) {
      throw new InputError(key, `unknown input field "${key}" (the layout has ${layout.fields.map((f) => f.name).join(", ") || "no fields"})`);
    }
  }
  return layout.fields.map((field) => {
    const value = Object.hasOwn(values, field.name) ? values[field.name] : 0;
    checkInputValue(field, value);
    return value;
  });
}

function checkInputValue(field, value) {
  if (!Number.isInteger(value)) {
    throw new InputError(field.name, `input ${field.name} must be an integer, got ${String(value)}`);
  }
  if (field.mask !== null) {
    if (value < 0 || value > MAX_I32 || (value & ~field.mask) !== 0) {
      throw new InputError(field.name, `input ${field.name} may only set the bits of mask 0x${field.mask.toString(16)}, got ${value}`);
    }
  } else if (value < field.min || value > field.max) {
    throw new InputError(field.name, `input ${field.name} must be in ${field.min}...${field.max}, got ${value}`);
  }
}

// ─── Client messages (§3) ───────────────────────────────────────────────────────────────

/** A session token as 32 lowercase hex digits (to keep it in storage for a later resume). */
export function tokenToHex(token) {
  return Array.from(toBytes(token), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The 16 token bytes from 32 hex digits. */
export function hexToToken(hex) {
  if (typeof hex !== "string" || !/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError("a session token is 32 hex digits");
  return Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
}

// A session token or a reservation: 16 bytes, or 32 hex digits.
function tokenBytes(token, what = "a session token") {
  const bytes = typeof token === "string" ? hexToToken(token) : toBytes(token);
  if (bytes.length !== Limits.sessionTokenBytes) throw new RangeError(`${what} is 16 bytes`);
  return bytes;
}

function checkU32(value, what) {
  if (!Number.isInteger(value) || value < 0 || value > MAX_U32) {
    throw new RangeError(`${what} must be an integer in 0...${MAX_U32}, got ${String(value)}`);
  }
}

// join's target byte: 0 any room, 1 a room id, 2 a game and level, 3 a reservation.
// Inferred from the fields given when `target` is not.
function joinTarget(message) {
  if (message.target !== undefined) return message.target;
  if (message.room !== undefined) return "room";
  if (message.game !== undefined || message.level !== undefined) return "level";
  if (message.reservation !== undefined) return "reservation";
  return "any";
}

/**
 * Encodes a client message (kind byte first) as a Uint8Array:
 *   { type: "join", name, room }                   target 1 (or `target: "room"`)
 *   { type: "join", name, game, level }            target 2 ("" = the default game/level)
 *   { type: "join", name }                         target 0, any room of the default game
 *   { type: "join", name, reservation }            target 3: the 16 bytes of a redirect (§3.2)
 *   { type: "input", ack, sequence, values }       needs the room's input layout
 *   { type: "leave" } / { type: "listRooms" }
 *   { type: "resume", token }                      16 bytes or 32 hex digits
 *   { type: "spectate", adminToken, room }         room "" = list rooms only
 *   { type: "ack", tick }
 *   { type: "replayControl", command: "pause" | "play" }
 *   { type: "replayControl", command: "speed", quarters }   1...32 (0.25x...8x)
 *   { type: "replayControl", command: "seek", tick }         a tick of the recording
 * join, resume and spectate take an optional `credential` (a signed token, at most 2048
 * UTF-8 bytes), appended as their last field only when it is a non-empty string (§3.1).
 * Throws (TypeError, RangeError, InputError) instead of encoding anything the server would
 * refuse with an error that closes the connection.
 */
export function encodeClientMessage(message, layout) {
  const writer = new ByteWriter();
  switch (message.type) {
    case "join": {
      writer.writeU8(ClientMessageKind.join);
      writer.writeU8(PROTOCOL_VERSION);
      writer.writeString(message.name, Limits.nameBytes, "name");
      const target = joinTarget(message);
      if (target === "any") {
        writer.writeU8(0);
      } else if (target === "room") {
        if (typeof message.room !== "string" || !ROOM_ID_PATTERN.test(message.room)) {
          throw new RangeError(`room id must be 1-32 characters of A-Z a-z 0-9 _ -, got ${JSON.stringify(message.room)}`);
        }
        writer.writeU8(1);
        writer.writeString(message.room, Limits.textBytes, "room");
      } else if (target === "level") {
        writer.writeU8(2);
        writer.writeString(message.game ?? "", Limits.textBytes, "game");
        writer.writeString(message.level ?? "", Limits.textBytes, "level");
      } else if (target === "reservation") {
        writer.writeU8(3);
        writer.writeBytes(tokenBytes(message.reservation, "a reservation"));
      } else {
        throw new RangeError(`join target must be "any", "room", "level" or "reservation", got ${JSON.stringify(target)}`);
      }
      writeCredential(writer, message.credential);
      break;
    }
    case "input": {
      if (!layout) throw new TypeError("encoding an input needs the room's input layout (from welcome)");
      checkU32(message.ack, "ack");
      checkU32(message.sequence, "sequence");
      const values = inputValuesInOrder(layout, message.values);
      writer.writeU8(ClientMessageKind.input);
      writer.writeVarUint(message.ack);
      writer.writeVarUint(message.sequence);
      layout.fields.forEach((field, index) => writeInputValue(writer, field.bytes, values[index]));
      break;
    }
    case "leave":
      writer.writeU8(ClientMessageKind.leave);
      break;
    case "listRooms":
      writer.writeU8(ClientMessageKind.listRooms);
      break;
    case "resume":
      writer.writeU8(ClientMessageKind.resume);
      writer.writeU8(PROTOCOL_VERSION);
      writer.writeBytes(tokenBytes(message.token));
      writeCredential(writer, message.credential);
      break;
    case "spectate":
      writer.writeU8(ClientMessageKind.spectate);
      writer.writeU8(PROTOCOL_VERSION);
      writer.writeString(message.adminToken ?? "", Limits.textBytes, "adminToken");
      writer.writeString(message.room ?? "", Limits.textBytes, "room");
      writeCredential(writer, message.credential);
      break;
    case "ack":
      checkU32(message.tick, "tick");
      writer.writeU8(ClientMessageKind.ack);
      writer.writeVarUint(message.tick);
      break;
    case "replayControl": {
      const command = REPLAY_COMMANDS[message.command];
      if (command === undefined) throw new TypeError(`unknown replay command ${JSON.stringify(message.command)}`);
      writer.writeU8(ClientMessageKind.replayControl);
      writer.writeU8(command);
      if (message.command === "speed") {
        if (!Number.isInteger(message.quarters) || message.quarters < 1 || message.quarters > 32) {
          throw new RangeError(`replay speed must be 1...32 quarters, got ${message.quarters}`);
        }
        writer.writeU8(message.quarters);
      } else if (message.command === "seek") {
        checkU32(message.tick, "tick");
        writer.writeVarUint(message.tick);
      }
      break;
    }
    default:
      throw new TypeError(`unknown client message type ${JSON.stringify(message.type)}`);
  }
  return writer.finish();
}

// The optional last field of join, resume and spectate (§3.1): absent when empty, so a
// message without a credential is byte for byte what it was before authentication.
function writeCredential(writer, credential) {
  if (credential === undefined || credential === null || credential === "") return;
  writer.writeString(credential, Limits.credentialBytes, "credential");
}

// Read when bytes remain after the message's other fields, as the server does; an empty
// one (a lone 00) is the same as none and is left out of the decoded message.
function withCredential(reader, message) {
  if (reader.remaining === 0) return message;
  const credential = reader.readString(Limits.credentialBytes);
  return credential === "" ? message : { ...message, credential };
}

// Little-endian in the field's width; negative values as two's complement.
function writeInputValue(writer, bytes, value) {
  if (bytes === 1) writer.writeU8(value);
  else if (bytes === 2) writer.writeU16(value);
  else writer.writeU32(value >>> 0);
}

function readInputValue(reader, field) {
  if (field.bytes === 1) {
    const raw = reader.readU8();
    return field.signed ? (raw << 24) >> 24 : raw;
  }
  if (field.bytes === 2) {
    const raw = reader.readU16();
    return field.signed ? (raw << 16) >> 16 : raw;
  }
  const raw = reader.readU32();
  return field.signed ? raw | 0 : raw;
}

/**
 * Decodes a client message as the server does (the inverse of encodeClientMessage), for
 * tests, fake servers and proxies. Without `layout`, an input's values are left unread
 * (`values: null`), as the server does outside a room. A join, resume or spectate has a
 * `credential` property only when it carries a non-empty one.
 */
export function decodeClientMessage(data, layout) {
  return decodeWholeMessage(data, "client", (kind) => kind < 0x80, (kind, reader) => {
    switch (kind) {
      case ClientMessageKind.join: {
        readVersion(reader);
        const name = reader.readString(Limits.nameBytes);
        const targetByte = reader.readU8();
        if (targetByte === 0) return withCredential(reader, { type: "join", name, target: "any" });
        if (targetByte === 1) {
          return withCredential(reader, { type: "join", name, target: "room", room: reader.readString(Limits.textBytes) });
        }
        if (targetByte === 2) {
          const game = reader.readString(Limits.textBytes);
          return withCredential(reader, { type: "join", name, target: "level", game, level: reader.readString(Limits.textBytes) });
        }
        if (targetByte === 3) {
          const reservation = reader.readBytes(Limits.sessionTokenBytes).slice();
          return withCredential(reader, { type: "join", name, target: "reservation", reservation });
        }
        throw new ProtocolError(4, `join: target kind ${targetByte} is not 0, 1, 2 or 3`);
      }
      case ClientMessageKind.input: {
        const ack = reader.readVarUint32();
        const sequence = reader.readVarUint32();
        if (!layout) {
          reader.readBytes(reader.remaining);
          return { type: "input", ack, sequence, values: null };
        }
        const values = {};
        for (const field of layout.fields) {
          const value = readInputValue(reader, field);
          try {
            checkInputValue(field, value);
          } catch (error) {
            throw new ProtocolError(4, `input: ${error.message}`);
          }
          values[field.name] = value;
        }
        return { type: "input", ack, sequence, values };
      }
      case ClientMessageKind.leave: return { type: "leave" };
      case ClientMessageKind.listRooms: return { type: "listRooms" };
      case ClientMessageKind.resume:
        readVersion(reader);
        return withCredential(reader, { type: "resume", token: reader.readBytes(Limits.sessionTokenBytes).slice() });
      case ClientMessageKind.spectate: {
        readVersion(reader);
        const adminToken = reader.readString(Limits.textBytes);
        return withCredential(reader, { type: "spectate", adminToken, room: reader.readString(Limits.textBytes) });
      }
      case ClientMessageKind.ack: return { type: "ack", tick: reader.readVarUint32() };
      case ClientMessageKind.replayControl: return decodeReplayControl(reader);
      default: return undefined;
    }
  });
}

function decodeReplayControl(reader) {
  const code = reader.readU8();
  const command = REPLAY_COMMAND_NAMES.get(code);
  if (command === undefined) throw new ProtocolError(4, `replayControl: command ${code} is not 1...4`);
  if (command === "speed") {
    const quarters = reader.readU8();
    if (quarters < 1 || quarters > 32) throw new ProtocolError(4, `replayControl: speed ${quarters} quarters is not 1...32`);
    return { type: "replayControl", command, quarters };
  }
  if (command === "seek") return { type: "replayControl", command, tick: reader.readVarUint32() };
  return { type: "replayControl", command };
}

function readVersion(reader) {
  const version = reader.readU8();
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError(3, `protocol version ${version} is not supported (this side speaks ${PROTOCOL_VERSION})`);
  }
  return version;
}

// The frame shared by both directions (§2): a kind byte of the right direction, a body,
// nothing left over. Byte-level problems become error 1, like the reference decoder.
function decodeWholeMessage(data, direction, acceptsKind, decodeBody) {
  const reader = new ByteReader(data);
  if (reader.remaining === 0) throw new ProtocolError(1, "empty message");
  const kind = reader.readU8();
  const unknown = () => new ProtocolError(2, `unknown ${direction} message kind 0x${kind.toString(16)}`);
  if (!acceptsKind(kind)) throw unknown();
  try {
    const message = decodeBody(kind, reader);
    if (message === undefined) throw unknown();
    reader.expectEnd();
    return message;
  } catch (error) {
    if (error instanceof WireError) {
      throw new ProtocolError(1, `${direction} message 0x${kind.toString(16)}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

// ─── Server messages (§4) ───────────────────────────────────────────────────────────────

/**
 * Decodes one server message (an ArrayBuffer or Uint8Array, kind byte first) into:
 *   { type: "welcome" | "spectating", version, playerId, sessionToken, roomId, game,
 *     gameVersion, level, levelTitle, tickRate, snapshotRate, schema, inputLayout,
 *     levelWidth, levelHeight, grid: null | { width, height, tiles } }
 *   { type: "snapshot", body }             decode `body` with decodeSnapshot
 *   { type: "roomList", rooms: [{ id, game, level, players, capacity, tick, tickRate,
 *                                 tickP99Micros, lateTicks, bytesPerSecond, node }] }
 *                                          node: the cluster node running the room ("" on
 *                                          a single server)
 *   { type: "error", code, codeName, message, closes }
 *   { type: "roster", players: [{ id, name, ping, identity }] }
 *                                          ping null = not measured/disconnected; identity
 *                                          "" on a server without authentication (§3.1)
 *   { type: "replayStatus", tick, endTick, tickRate, paused, speedQuarters, ending }   (§6.1)
 *   { type: "redirect", url, roomId, reservation }   the room lives on the node at `url`
 *                                          (§3.2); reservation: 16 bytes, all zeros after
 *                                          a resume or spectate
 * Throws a ProtocolError for anything the reference decoder refuses.
 */
export function decodeServerMessage(data) {
  return decodeWholeMessage(data, "server", (kind) => kind >= 0x80, (kind, reader) => {
    switch (kind) {
      case ServerMessageKind.welcome: return decodeWelcomeBody(reader, "welcome");
      case ServerMessageKind.spectating: return decodeWelcomeBody(reader, "spectating");
      case ServerMessageKind.snapshot: return { type: "snapshot", body: reader.readBytes(reader.remaining) };
      case ServerMessageKind.roomList: return decodeRoomList(reader);
      case ServerMessageKind.error: return decodeError(reader);
      case ServerMessageKind.roster: return decodeRoster(reader);
      case ServerMessageKind.replayStatus: return decodeReplayStatus(reader);
      case ServerMessageKind.redirect: return decodeRedirect(reader);
      default: return undefined;
    }
  });
}

// §4: where a replay room's playback is.
function decodeReplayStatus(reader) {
  const tick = reader.readVarUint32();
  const endTick = reader.readVarUint32();
  const tickRate = reader.readU16();
  const paused = reader.readU8();
  const speedQuarters = reader.readU8();
  if (paused > 1 || speedQuarters < 1 || speedQuarters > 32) {
    throw new ProtocolError(4, `replayStatus: paused ${paused}, speed ${speedQuarters}`);
  }
  return { type: "replayStatus", tick, endTick, tickRate, paused: paused === 1, speedQuarters,
    ending: reader.readString(Limits.textBytes) };
}

// §3.2: where to ask again, and (after a join) the seat held there.
function decodeRedirect(reader) {
  const url = reader.readString(Limits.textBytes);
  const roomId = reader.readString(Limits.textBytes);
  return { type: "redirect", url, roomId, reservation: reader.readBytes(Limits.sessionTokenBytes).slice() };
}

function decodeWelcomeBody(reader, type) {
  const version = reader.readU8();
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError(3, `${type}: protocol version ${version} (this client speaks ${PROTOCOL_VERSION})`);
  }
  const playerId = reader.readU16();
  const sessionToken = reader.readBytes(Limits.sessionTokenBytes).slice();
  const roomId = reader.readString(Limits.textBytes);
  const game = reader.readString(Limits.textBytes);
  const gameVersion = reader.readString(Limits.textBytes);
  const level = reader.readString(Limits.textBytes);
  const levelTitle = reader.readString(Limits.textBytes);
  const tickRate = reader.readU16();
  const snapshotRate = reader.readU16();
  const schema = decodeSchema(reader);
  const inputLayout = decodeInputLayout(reader);
  const levelWidth = reader.readVarUint32();
  const levelHeight = reader.readVarUint32();
  if (levelWidth > MAX_I32 || levelHeight > MAX_I32) {
    throw new ProtocolError(4, `${type}: level size ${levelWidth}x${levelHeight}`);
  }
  const grid = decodeGrid(reader, type);
  return {
    type, version, playerId, sessionToken, roomId, game, gameVersion, level, levelTitle,
    tickRate, snapshotRate, schema, inputLayout, levelWidth, levelHeight, grid,
  };
}

function decodeGrid(reader, type) {
  const flag = reader.readU8();
  if (flag === 0) return null;
  if (flag !== 1) throw new ProtocolError(4, `${type}: grid flag ${flag} is not 0 or 1`);
  const width = reader.readU16();
  const height = reader.readU16();
  if (width === 0 || height === 0 || width * height > Limits.gridTiles) {
    throw new ProtocolError(4, `${type}: grid size ${width}x${height}`);
  }
  // A copy, so the grid does not keep the whole message buffer alive.
  return { width, height, tiles: reader.readBytes(width * height).slice() };
}

function decodeRoomList(reader) {
  const count = reader.readVarUint();
  if (count > Limits.rooms) throw new ProtocolError(4, `roomList: ${count} rooms`);
  const rooms = [];
  for (let index = 0; index < count; index++) {
    rooms.push({
      id: reader.readString(Limits.textBytes),
      game: reader.readString(Limits.textBytes),
      level: reader.readString(Limits.textBytes),
      players: reader.readU16(),
      capacity: reader.readU16(),
      tick: reader.readVarUint32(),
      tickRate: reader.readU16(),
      tickP99Micros: reader.readVarUint32(),
      lateTicks: reader.readVarUint32(),
      bytesPerSecond: reader.readVarUint32(),
      node: reader.readString(Limits.textBytes),
    });
  }
  return { type: "roomList", rooms };
}

function decodeError(reader) {
  const code = reader.readU16();
  // Like the reference decoder: a code §8 does not name (41 included) is refused.
  if (!ERROR_CODE_NAMES.has(code)) throw new ProtocolError(4, `error: unknown code ${code}`);
  const message = reader.readString(Limits.textBytes);
  return { type: "error", code, codeName: errorCodeName(code), message, closes: CLOSING_ERROR_CODES.has(code) };
}

function decodeRoster(reader) {
  const count = reader.readVarUint();
  if (count > Limits.rosterEntries) throw new ProtocolError(4, `roster: ${count} entries`);
  const players = [];
  for (let index = 0; index < count; index++) {
    const id = reader.readU16();
    const name = reader.readString(Limits.nameBytes);
    const ping = reader.readU16();
    const identity = reader.readString(Limits.identityBytes);
    players.push({ id, name, ping: ping === PING_NOT_MEASURED ? null : ping, identity });
  }
  return { type: "roster", players };
}

// ─── Snapshots (§7) ─────────────────────────────────────────────────────────────────────

/**
 * The world at one tick: entities in ascending id order. Each entity is frozen:
 * { id, kind, kindName, fields: { name: value }, quantized: [q per field] }, where `fields`
 * holds what the receiver reconstructs (§7.4) and `quantized` what the wire carried (the
 * numbers deltas apply to). An entity that did not change is the same object as in the
 * baseline, so a renderer can skip it by identity.
 */
export class WorldState {
  constructor(tick, entities) {
    this.tick = tick;
    this.entities = entities;
  }

  #byId = null;

  get size() { return this.entities.length; }

  /** The entity with this id, or undefined. */
  get(id) {
    if (this.#byId === null) this.#byId = new Map(this.entities.map((entity) => [entity.id, entity]));
    return this.#byId.get(id);
  }

  /** Entities of one kind, by kind name or id. */
  ofKind(kind) {
    return this.entities.filter((entity) => entity.kind === kind || entity.kindName === kind);
  }

  [Symbol.iterator]() { return this.entities[Symbol.iterator](); }
}

/**
 * The last `capacity` (32) states a client decoded, by tick: the baselines deltas apply to
 * (§7.5). A lookup is by exact tick, so a delta can never be applied to another tick's state.
 */
export class SnapshotRing {
  constructor(capacity = Limits.ringStates) {
    this.capacity = capacity;
    this.states = new Map();
    this.latest = null;
  }

  /** Stores `state` under its tick, forgetting the oldest state beyond the capacity. */
  store(state) {
    this.states.delete(state.tick);   // re-inserting moves it to the newest end
    this.states.set(state.tick, state);
    while (this.states.size > this.capacity) this.states.delete(this.states.keys().next().value);
    this.latest = state;
  }

  /** The state of exactly this tick, or undefined. */
  get(tick) { return this.states.get(tick); }

  has(tick) { return this.states.has(tick); }

  get size() { return this.states.size; }

  /** Forgets every state (a new room, a resume, leaving). */
  clear() {
    this.states.clear();
    this.latest = null;
  }
}

/**
 * Reads a snapshot header: { tick, baselineDistance, baselineTick, lastInputSequence, full }.
 * baselineTick is tick − baselineDistance, or 0 for a full snapshot.
 */
export function readSnapshotHeader(body) {
  return withSnapshotErrors(() => readHeader(new ByteReader(body)));
}

function readHeader(reader) {
  const tick = reader.readVarUint32();
  const baselineDistance = reader.readVarUint32();
  const lastInputSequence = reader.readVarUint32();
  if (tick < 1 || baselineDistance >= tick) {
    throw new SnapshotError("invalidTicks", { tick, baselineDistance },
      `invalid snapshot ticks: tick ${tick}, baseline distance ${baselineDistance} (need tick >= 1 and distance < tick)`);
  }
  const full = baselineDistance === 0;
  return { tick, baselineDistance, baselineTick: full ? 0 : tick - baselineDistance, lastInputSequence, full };
}

/**
 * Decodes a snapshot body (the bytes after the 0x82 kind byte; error offsets count from
 * its first byte) with the room's `schema` (from welcome). `baselines` is where a delta
 * finds the state of the tick it names: a SnapshotRing (or anything with get(tick)), or a
 * single WorldState, which must be of exactly that tick (wrongBaseline otherwise). A full
 * snapshot needs none.
 *
 * Returns { tick, baselineTick, baselineDistance, full, lastInputSequence, world, added,
 * changed, removed }: the new WorldState, and the entities the snapshot added, changed and
 * removed (a replaced entity is removed and added). Throws a SnapshotError (§7.6) and
 * changes nothing for any snapshot it refuses.
 */
export function decodeSnapshot(body, schema, baselines) {
  return withSnapshotErrors(() => {
    const reader = new ByteReader(body);
    const header = readHeader(reader);
    const baseline = header.full ? null : findBaseline(baselines, header.baselineTick);
    const block = decodeEntityBlock(reader, schema, baseline);
    reader.expectEnd();
    return { ...header, world: new WorldState(header.tick, block.entities), added: block.added, changed: block.changed, removed: block.removed };
  });
}

function findBaseline(baselines, baselineTick) {
  if (baselines instanceof WorldState) {
    if (baselines.tick !== baselineTick) {
      throw new SnapshotError("wrongBaseline", { expected: baselineTick, got: baselines.tick },
        `delta snapshot against baseline tick ${baselineTick} given baseline tick ${baselines.tick}`);
    }
    return baselines;
  }
  const state = baselines ? baselines.get(baselineTick) : undefined;
  if (!state) {
    throw new SnapshotError("unknownBaseline", { tick: baselineTick },
      `delta snapshot against baseline tick ${baselineTick}, which this receiver does not have`);
  }
  if (state.tick !== baselineTick) {
    throw new SnapshotError("wrongBaseline", { expected: baselineTick, got: state.tick },
      `delta snapshot against baseline tick ${baselineTick} given baseline tick ${state.tick}`);
  }
  return state;
}

// Byte-level problems inside a snapshot are reported as SnapshotErrors (§7.6): a
// truncation, trailing bytes, or any other varint problem as malformedVarint.
function withSnapshotErrors(body) {
  try {
    return body();
  } catch (error) {
    if (!(error instanceof WireError)) throw error;
    if (error.reason === "truncated") {
      throw new SnapshotError("truncated", { offset: error.offset }, `snapshot truncated at offset ${error.offset}`);
    }
    if (error.reason === "trailingBytes") {
      throw new SnapshotError("trailingBytes", { offset: error.offset, count: error.count },
        `${error.count} trailing byte(s) after the snapshot's end marker at offset ${error.offset}`);
    }
    throw new SnapshotError("malformedVarint", { offset: error.offset, wireError: error }, `malformed snapshot: ${error.message}`);
  }
}

// The entity block (§7.3): merges the baseline's entities (ascending ids) with the ops.
// Baseline entities no op names are carried over unchanged.
function decodeEntityBlock(reader, schema, baseline) {
  const base = baseline ? baseline.entities : [];
  const entities = [];
  const added = [];
  const changed = [];
  const removed = [];
  let baseIndex = 0;
  let previousId = -1;
  for (;;) {
    const wordOffset = reader.offset;
    const word = reader.readVarUint();
    // The low 3 bits straight from the first byte: exact even when `word` is past 2^53.
    const low = reader.bytes[wordOffset];
    const op = low & 0b11;
    if (op === OP_END) {
      if (word !== 0) {
        throw new SnapshotError("badEndMarker", { offset: wordOffset, word },
          `bad end marker 0x${word.toString(16)} at offset ${wordOffset} (must be 0x00)`);
      }
      break;
    }
    const adjacent = op === OP_CHANGED && (low & ADJACENT_FLAG) !== 0;
    const gap = adjacent ? 0 : Math.floor(word / (op === OP_CHANGED ? 8 : 4));
    const id = previousId + 1 + gap;
    if (id > 0xffff) {
      throw new SnapshotError("entityIDOutOfRange", { offset: wordOffset, id },
        `entity id ${id} at offset ${wordOffset} is beyond 65535`);
    }
    previousId = id;

    while (baseIndex < base.length && base[baseIndex].id < id) {
      entities.push(carriedOver(base[baseIndex++], schema));
    }
    const baseEntity = baseIndex < base.length && base[baseIndex].id === id ? base[baseIndex] : null;

    if (op === OP_CHANGED) {
      if (!baseEntity) {
        throw new SnapshotError("changedEntityNotInBaseline", { id }, `changed entity ${id} is not in the baseline`);
      }
      const kind = kindOf(schema, baseEntity.kind, id);
      const mask = adjacent ? Math.floor(word / 8) : reader.readVarUint();
      checkMask(mask, kind, id, true);
      const entity = makeEntity(id, kind, readValues(reader, kind, mask, id, baseEntity.quantized));
      entities.push(entity);
      changed.push(entity);
      baseIndex++;
    } else if (op === OP_REMOVED) {
      if (!baseEntity) {
        throw new SnapshotError("removedEntityNotInBaseline", { id }, `removed entity ${id} is not in the baseline`);
      }
      removed.push(baseEntity);
      baseIndex++;
    } else {
      const kind = kindOf(schema, reader.readU8(), id);
      if (baseEntity) {
        if (baseEntity.kind === kind.id) {
          throw new SnapshotError("addedEntityAlreadyPresent", { id, kind: kind.id },
            `added entity ${id} of kind ${kind.id} is already in the baseline with that kind`);
        }
        removed.push(baseEntity);   // replaced by an entity of another kind
        baseIndex++;
      }
      const mask = reader.readVarUint();
      checkMask(mask, kind, id, false);
      const entity = makeEntity(id, kind, readValues(reader, kind, mask, id, null));
      entities.push(entity);
      added.push(entity);
    }
  }
  while (baseIndex < base.length) entities.push(carriedOver(base[baseIndex++], schema));
  return { entities, added, changed, removed };
}

function kindOf(schema, kindId, id) {
  const kind = schema.kinds[kindId];
  if (!kind) {
    throw new SnapshotError("unknownEntityKind", { id, kind: kindId }, `entity ${id} has unknown kind ${kindId}`);
  }
  return kind;
}

// An unchanged entity is the baseline's own (immutable) object; its kind is still checked
// against the schema, as the reference decoder does.
function carriedOver(entity, schema) {
  kindOf(schema, entity.kind, entity.id);
  return entity;
}

// A mask may only name the kind's fields; a changed entity must name at least one (§7.3).
function checkMask(mask, kind, id, mustBeNonEmpty) {
  if (mask >= 2 ** kind.fields.length || (mustBeNonEmpty && mask === 0)) {
    throw new SnapshotError("badChangeMask", { id, mask, fieldCount: kind.fields.length },
      `entity ${id}: change mask 0x${mask.toString(16)} is empty or names fields beyond its ${kind.fields.length}`);
  }
}

// One zig-zag delta per set mask bit, lowest first, applied to the baseline's quantized
// value (0 for an added entity); the sum must stay in the field's wire range (§7.3, §7.4).
function readValues(reader, kind, mask, id, baseQuantized) {
  return kind.fields.map((field, index) => {
    const old = baseQuantized ? baseQuantized[index] : 0;
    if ((mask & (1 << index)) === 0) return old;
    const value = old + reader.readVarInt();
    if (value < field.wireMin || value > field.wireMax) {
      throw new SnapshotError("valueOutOfRange", { id, field: field.name, value, range: [field.wireMin, field.wireMax] },
        `entity ${id}: field ${field.name} value ${value} is outside ${field.wireMin}...${field.wireMax}`);
    }
    return value;
  });
}

function makeEntity(id, kind, quantized) {
  // No prototype: a field may be called anything, "__proto__" included.
  const fields = Object.create(null);
  kind.fields.forEach((field, index) => { fields[field.name] = reconstruct(field, quantized[index]); });
  return Object.freeze({ id, kind: kind.id, kindName: kind.name, fields: Object.freeze(fields), quantized: Object.freeze(quantized) });
}

// ─── A small event emitter ──────────────────────────────────────────────────────────────

/** on(type, fn) returns a function that removes the listener; off and once as usual. */
export class Emitter {
  constructor() {
    this.listeners = new Map();
  }

  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    this.listeners.get(type)?.delete(listener);
  }

  once(type, listener) {
    const off = this.on(type, (value) => {
      off();
      listener(value);
    });
    return off;
  }

  // A throwing listener must not break the client's message handling: its exception goes
  // to reportListenerError instead of unwinding through the socket handler.
  emit(type, value) {
    for (const listener of [...(this.listeners.get(type) ?? [])]) {
      try {
        listener(value);
      } catch (error) {
        this.reportListenerError(error);
      }
    }
  }

  /** By default the error is rethrown on its own, where the host reports it as uncaught. */
  reportListenerError(error) {
    queueMicrotask(() => { throw error; });
  }
}

// ─── The client ─────────────────────────────────────────────────────────────────────────

const DEFAULT_OPTIONS = Object.freeze({
  WebSocket: undefined,          // a WebSocket constructor; default: globalThis.WebSocket
  autoReconnect: true,           // resume the seat (or re-spectate) after a lost connection
  reconnectTimeoutMs: 20000,     // how long to keep trying (see #startReconnect)
  reconnectDelayMs: 250,         // first retry delay, doubled per attempt ...
  reconnectMaxDelayMs: 2000,     // ... up to this
  autoAck: true,                 // send `ack` when no input will carry one (see #afterSnapshot)
  maxInputsPerSecond: 100,       // a token bucket below the server's default 120/s (§3)
  inputBurst: 10,
  now: () => (globalThis.performance ? globalThis.performance.now() : Date.now()),
  onListenerError: undefined,    // (error) => void for exceptions thrown by event listeners
  credential: "",                // a signed token (JWT) for servers that authenticate (§3.1)
});

// A close without a goodbye: the server keeps the seat for the grace period (§9, §10).
const LOST_CLOSE_CODES = new Set([1001, 1006]);

// More redirects than this for one request mean the cluster's directory changed under the
// client (a node never redirects to itself, §3.2): give up rather than loop.
const MAX_REDIRECTS = 3;

/**
 * A connection to a Tickwire server, for any game.
 *
 * State (read-only properties): `state` ("idle", "connecting", "lobby", "playing",
 * "spectating", "reconnecting", "closed"), `welcome` (the room's welcome or spectating
 * message: schema, input layout, level), `world` (the latest applied WorldState), `roster`,
 * `rooms`, `sessionToken`, `lastAppliedTick`, `lastInputSequence` (what the server last
 * applied), `inputSequence` (the last sequence sent), `url` (the server's address; a
 * redirect moves it to the node that runs the room once that node is reached, so later
 * resumes go there), `redirects` (how many redirects the client followed).
 *
 * On a cluster (§3.2) a join, resume or spectate may be answered with a redirect to another
 * node: the client closes this connection (1000, reported as nothing), connects to that
 * node and asks again there (a join with the seat the redirect holds); the request resolves
 * with that node's welcome. If that node refuses the seat the redirect held (error 61:
 * expired, used, lost), the client sends the original join again there, reported as
 * nothing; that attempt counts as a redirect. More than 3 redirects in a row fail the
 * request and close the client; a refused reservation past that limit fails the join with
 * error 61 (the connection stays open).
 *
 * `credential` (from the option of that name; writable) is the signed token sent with every
 * join, resume and spectate, the automatic ones after a drop included; "" sends none. Give
 * it a fresh token before the old one expires, or a resume after a drop is refused (52).
 *
 * Events (client.on(type, listener)): "open", "welcome" (also for spectating and after a
 * resume: `message.resumed`), "snapshot", "roster", "rooms", "error" (a ServerError from
 * the server, or a SnapshotError / ProtocolError for a message this client refused),
 * "reconnecting" ({ attempt, delayMs }), "redirect" ({ url, roomId }: following one),
 * "close" ({ code, reason, willReconnect }).
 */
export class TickwireClient extends Emitter {
  #ws = null;
  #options;
  #ring = new SnapshotRing();
  #opening = null;                 // the socket being opened, so connect() opens only one
  #pending = null;                 // the join, resume or spectate awaiting its answer (see #request)
  #roomWaiters = [];               // listRooms calls awaiting a roomList
  #lastSpectate = null;            // the spectate request, to watch the same room again
  #closingByUser = false;
  #reconnecting = null;            // { deadline, cancelled } while resuming after a drop
  #resumeRequest = null;           // how to get back in after a drop
  #sequenceKnown = true;           // false after resume() without the last sequence sent
  #lastInputAt = null;             // options.now() of the last input sent in this room
  #lastAckedTick = 0;              // the tick the last input or ack carried
  #tokens;
  #tokensAt;

  constructor(url, options = {}) {
    super();
    this.url = url;
    this.#options = { ...DEFAULT_OPTIONS, ...options };
    this.state = "idle";
    this.role = null;              // "player" or "spectator" while in a room
    this.welcome = null;
    this.world = null;
    this.roster = [];
    this.rooms = [];
    this.sessionToken = null;
    this.lastAppliedTick = 0;
    this.lastInputSequence = 0;
    this.inputSequence = 0;
    this.redirects = 0;
    this.credential = this.#options.credential ?? "";
    if (typeof this.credential !== "string") throw new TypeError("the credential option must be a string");
    this.#tokens = this.#options.inputBurst;
    this.#tokensAt = this.#options.now();
    if (this.#options.onListenerError) this.reportListenerError = this.#options.onListenerError;
  }

  /** Opens the WebSocket if it is not open; resolves once it is. */
  async connect() {
    if (this.#socketOpen()) return;
    if (this.#reconnecting) throw new Error("reconnecting; wait for the welcome or close event");
    if (!this.#opening) {
      this.#closingByUser = false;
      this.#opening = this.#openSocket().finally(() => { this.#opening = null; });
    }
    await this.#opening;
  }

  /**
   * Joins a room and resolves with its welcome (rejects with a ServerError such as
   * roomFull or invalidName). { name } any room of the default game; { name, room } that
   * room (created if missing); { name, game, level } a room on that level ("" = default).
   * The client's `credential` goes with it; a `credential` given here replaces it.
   */
  async join(options) {
    const credential = this.#credentialFor(options);
    const request = { type: "join", ...options, credential };
    const bytes = encodeClientMessage(request);
    this.#requireLobby("join");
    this.credential = credential;
    await this.connect();
    return this.#request("join", request, bytes);
  }

  /**
   * Takes a seat back with a session token (16 bytes or 32 hex digits) within the server's
   * reconnect grace, e.g. after a page reload. Pass `sequence`, the last input sequence this
   * seat sent, so new inputs are numbered above it (§3). Without it the client waits for
   * the first snapshot and continues 8 above its lastInputSequence (the most inputs the
   * server may have queued), dropping inputs until then. `credential` as for join: on a
   * server that authenticates, a token of the same identity (`sub`) as the seat's.
   */
  async resume(token, { sequence, ...options } = {}) {
    const credential = this.#credentialFor(options);
    const request = { type: "resume", token, credential };
    const bytes = encodeClientMessage(request);
    this.#requireLobby("resume");
    this.credential = credential;
    await this.connect();
    if (sequence !== undefined) {
      checkU32(sequence, "sequence");
      this.inputSequence = sequence;
    }
    this.#sequenceKnown = sequence !== undefined;
    return this.#request("resume", request, bytes);
  }

  /**
   * Watches a room as an admin (§6) and resolves with its `spectating` message; with an
   * empty room, resolves with the room list instead (and stays in the lobby). The client's
   * `credential` goes with it (or one given here): on a server that authenticates, a token
   * with `"admin": true` may stand in for the admin token, which may then be "".
   */
  async spectate({ adminToken = "", room = "", ...options }) {
    const credential = this.#credentialFor(options);
    const request = { type: "spectate", adminToken, room };
    const message = { ...request, credential };
    const bytes = encodeClientMessage(message);
    if (this.role === "player") throw new Error("a player cannot spectate: leave() first (the server answers error 14)");
    this.credential = credential;
    await this.connect();
    this.#lastSpectate = request;
    // A spectator switching rooms leaves its room first (§6), whatever the answer.
    if (this.role === "spectator") this.#enterLobby();
    return this.#request(room === "" ? "spectateList" : "spectate", message, bytes);
  }

  /** Asks for the room list; resolves with the rooms (also emitted as "rooms"). */
  async listRooms() {
    const bytes = encodeClientMessage({ type: "listRooms" });
    await this.connect();
    const rooms = this.#waitForRooms();
    this.#send(bytes);
    return rooms;
  }

  /** Leaves the room for the lobby (no answer; the seat is freed at once). */
  leave() {
    if (this.state === "reconnecting") throw new Error("reconnecting: close() gives the seat up");
    if (this.role === null) throw new Error("not in a room");
    this.#send(encodeClientMessage({ type: "leave" }));
    this.#resumeRequest = null;
    this.#enterLobby();
  }

  /**
   * Sends one input: `values` by field name of the room's input layout (missing ones are
   * 0), with the next sequence number and the ack of the last applied snapshot. Returns the
   * sequence, or null when nothing was sent (not playing, reconnecting, over the input rate,
   * or waiting to learn the sequence after a resume). Throws an InputError for a value the
   * layout does not allow. Send at most one input per tick: the server applies one per tick
   * and queues at most 8.
   */
  sendInput(values) {
    if (this.state !== "playing") return null;
    const layout = this.welcome.inputLayout;
    inputValuesInOrder(layout, values);   // validate before anything else, so errors are not hidden
    if (!this.#sequenceKnown || !this.#socketOpen() || !this.#takeInputToken()) return null;
    const sequence = this.inputSequence + 1;
    if (sequence > MAX_U32) throw new RangeError("input sequence exhausted: only a new join starts a new seat (§3)");
    this.#send(encodeClientMessage({ type: "input", ack: this.lastAppliedTick, sequence, values }, layout));
    this.inputSequence = sequence;
    this.#lastInputAt = this.#options.now();
    this.#lastAckedTick = this.lastAppliedTick;
    return sequence;
  }

  /** Acknowledges the last applied snapshot (done for you unless autoAck is false). */
  sendAck() {
    if (this.role === null || this.lastAppliedTick === 0 || !this.#socketOpen()) return false;
    this.#send(encodeClientMessage({ type: "ack", tick: this.lastAppliedTick }));
    this.#lastAckedTick = this.lastAppliedTick;
    return true;
  }

  /**
   * Steers the replay room this client spectates (§6.1): controlReplay("pause"),
   * ("play"), ("speed", { quarters: 8 }), ("seek", { tick: 600 }). The server answers
   * with a `replayStatus` event.
   */
  controlReplay(command, options = {}) {
    if (this.role !== "spectator" || !this.#socketOpen()) return false;
    this.#send(encodeClientMessage({ type: "replayControl", command, ...options }));
    return true;
  }

  /**
   * Closes the connection with a goodbye (1000 by default), which frees a player's seat
   * (§10) and stops any reconnection.
   */
  close(code = 1000, reason = "") {
    this.#closingByUser = true;
    if (this.#reconnecting) this.#reconnecting.cancelled = true;
    this.#reconnecting = null;
    this.#resumeRequest = null;
    const ws = this.#ws;
    if (ws && ws.readyState <= 1) {
      ws.close(code, reason);
    } else if (this.state !== "closed") {
      this.#ws = null;
      this.#finishClose(code, reason);
    }
  }

  // The credential of a join, resume or spectate: the one given with it, else the client's.
  #credentialFor(options) {
    const credential = options?.credential ?? this.credential;
    if (typeof credential !== "string") throw new TypeError("credential must be a string");
    return credential;
  }

  // The server answers join or resume from a room with error 14 (§3); say so before sending.
  #requireLobby(what) {
    if (this.role !== null || this.#reconnecting) throw new Error(`cannot ${what} while in a room: leave() first`);
  }

  // ── socket ──

  #socketOpen() {
    return this.#ws !== null && this.#ws.readyState === 1;
  }

  #send(bytes) {
    if (!this.#socketOpen()) throw new Error("the connection is not open");
    this.#ws.send(bytes);
  }

  // `unreachableReason`: the close's reason when this socket never opens (the socket's own
  // is empty then), for a failure the page should be able to explain.
  #openSocket({ url = this.url, unreachableReason = "" } = {}) {
    const Socket = this.#options.WebSocket ?? globalThis.WebSocket;
    if (typeof Socket !== "function") {
      throw new Error("no WebSocket: pass the constructor as the WebSocket option (Node < 22)");
    }
    if (!this.#reconnecting) this.state = "connecting";
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new Socket(url, SUBPROTOCOL);
      } catch (error) {   // e.g. a malformed URL
        if (!this.#reconnecting) this.state = "closed";
        reject(error);
        return;
      }
      ws.binaryType = "arraybuffer";
      this.#ws = ws;
      let opened = false;
      ws.onopen = () => {
        if (ws !== this.#ws) return;
        opened = true;
        if (!this.#reconnecting) this.state = "lobby";
        this.emit("open", undefined);
        resolve();
      };
      ws.onmessage = (event) => {
        if (ws === this.#ws) this.#handleMessage(event.data);
      };
      ws.onerror = () => {};   // the close event follows with the code
      ws.onclose = (event) => {
        if (!opened) reject(new Error(`could not connect to ${url} (close ${event.code})`));
        if (ws === this.#ws) this.#handleClose(event.code, event.reason || (opened ? "" : unreachableReason));
      };
    });
  }

  #handleClose(code, reason) {
    this.#ws = null;
    const error = new Error(`connection closed (${code}${reason ? `: ${reason}` : ""})`);
    this.#rejectPending(error);
    if (this.#reconnecting) return;   // the reconnect loop sees the rejection and retries
    const lost = LOST_CLOSE_CODES.has(code);
    if (!this.#closingByUser && lost && this.#options.autoReconnect && this.#resumeRequest) {
      this.emit("close", { code, reason, willReconnect: true });
      this.#startReconnect();
      return;
    }
    this.#finishClose(code, reason);
  }

  #finishClose(code, reason) {
    this.#enterLobby();
    this.state = "closed";
    this.emit("close", { code, reason, willReconnect: false });
  }

  // ── requests ──

  // Sends `bytes`, the encoding of `message` (a join, resume or spectate), which is kept to
  // be sent again where a redirect points; `redirectsInARow` counts those followed for it,
  // and the joins sent again after a refused reservation; `original` is the join as the
  // application sent it, once a redirect has rewritten `message`.
  #request(kind, message, bytes) {
    if (this.#pending) throw new Error(`a ${this.#pending.kind} is already waiting for its answer`);
    return new Promise((resolve, reject) => {
      this.#pending = { kind, message, original: null, redirectsInARow: 0, resolve, reject };
      try {
        this.#send(bytes);
      } catch (error) {
        this.#pending = null;
        reject(error);
      }
    });
  }

  #waitForRooms() {
    return new Promise((resolve, reject) => this.#roomWaiters.push({ resolve, reject }));
  }


  #settlePending(settle) {
    const pending = this.#pending;
    this.#pending = null;
    if (pending) settle(pending);
  }

  #rejectPending(error) {
    this.#settlePending((pending) => pending.reject(error));
    for (const waiter of this.#roomWaiters.splice(0)) waiter.reject(error);
  }

  // ── incoming messages ──

  #handleMessage(data) {
    if (typeof data === "string") {
      this.emit("error", new ProtocolError(1, "the server sent a text message; the protocol is binary"));
      return;
    }
    let message;
    try {
      message = decodeServerMessage(data);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.#refuseMessage(toBytes(data)[0], error);
      return;
    }
    switch (message.type) {
      case "welcome":
      case "spectating": this.#onWelcome(message); break;
      case "snapshot": this.#onSnapshot(message.body); break;
      case "roomList": this.#onRoomList(message.rooms); break;
      case "roster": this.roster = message.players; this.emit("roster", message.players); break;
      case "replayStatus": this.replayStatus = message; this.emit("replayStatus", message); break;
      case "error": this.#onError(message); break;
      case "redirect": this.#followRedirect(message); break;
    }
  }

  // A message this client cannot decode. A refused welcome fails the request that asked for
  // it, and the seat the server gave us is handed back at once rather than left idle.
  #refuseMessage(kind, error) {
    this.emit("error", error);
    if (kind === ServerMessageKind.welcome || kind === ServerMessageKind.spectating) {
      this.#settlePending((pending) => pending.reject(error));
      if (this.#socketOpen()) this.#send(encodeClientMessage({ type: "leave" }));
    } else if (kind === ServerMessageKind.roomList) {
      if (this.#pending?.kind === "spectateList") this.#settlePending((pending) => pending.reject(error));
      for (const waiter of this.#roomWaiters.splice(0)) waiter.reject(error);
    }
  }

  #onWelcome(message) {
    const pendingKind = this.#pending?.kind;
    const spectator = message.type === "spectating";
    const resumed = pendingKind === "resume";
    this.#enterRoom(message, spectator);
    if (spectator) {
      this.#resumeRequest = this.#lastSpectate && { ...this.#lastSpectate, room: message.roomId };
    } else {
      if (!resumed) {
        this.inputSequence = 0;   // a new seat counts from 0 (§3); a resumed one continues
        this.#sequenceKnown = true;
      }
      this.sessionToken = message.sessionToken;
      this.#resumeRequest = { type: "resume", token: message.sessionToken };
    }
    const event = { ...message, resumed };
    this.#settlePending((pending) => pending.resolve(event));
    this.emit("welcome", event);
  }

  #enterRoom(message, spectator) {
    this.welcome = message;
    this.role = spectator ? "spectator" : "player";
    this.state = spectator ? "spectating" : "playing";
    this.#clearRoomState();
  }

  #enterLobby() {
    this.role = null;
    this.welcome = null;
    this.roster = [];
    this.#clearRoomState();
    if (this.#socketOpen()) this.state = "lobby";
  }

  // Every room (and every resume) starts from a full snapshot, so no old state may serve as
  // a baseline: ticks of another room could collide with the new room's.
  #clearRoomState() {
    this.#ring.clear();
    this.world = null;
    this.lastAppliedTick = 0;
    this.lastInputSequence = 0;
    this.#lastInputAt = null;
    this.#lastAckedTick = 0;
  }

  #onSnapshot(body) {
    // Snapshots already on their way when we left are not for us any more.
    if (this.role === null) return;
    let snapshot;
    try {
      snapshot = decodeSnapshot(body, this.welcome.schema, this.#ring);
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error;
      // Not applied; acks keep naming our latest state, and the server falls back to a
      // full snapshot when it must (§7.5).
      this.emit("error", error);
      return;
    }
    this.#ring.store(snapshot.world);
    this.world = snapshot.world;
    this.lastAppliedTick = snapshot.tick;
    this.lastInputSequence = snapshot.lastInputSequence;
    if (!this.#sequenceKnown) {
      this.inputSequence = Math.max(this.inputSequence, snapshot.lastInputSequence + 8);
      this.#sequenceKnown = true;
    }
    this.emit("snapshot", snapshot);
    this.#afterSnapshot();
  }

  // Deltas need acks (§3, §7.5), and inputs carry one. A spectator acks every snapshot, and
  // a player every snapshot until an input has carried an ack. Then a player acks once it
  // has sent no input for two snapshot intervals (idle), or when its last ack would be more
  // than 31 ticks behind the snapshot after next (that one would be full; the one after
  // next leaves the ack a round trip to arrive in). Idleness is counted in time, not
  // snapshots: inputs at about the snapshot rate sometimes let two snapshots in between
  // them, and an ack then would be a message for nothing.
  #afterSnapshot() {
    if (this.role === null || !this.#options.autoAck) return;
    if (this.#lastAckedTick === this.lastAppliedTick) return;   // the app acked it already
    if (this.role === "spectator" || this.#lastInputAt === null || this.#lastAckedTick === 0) {
      this.sendAck();
      return;
    }
    const snapshotRate = Math.max(this.welcome.snapshotRate, 1);
    const ticksPerSnapshot = Math.ceil(Math.max(this.welcome.tickRate, 1) / snapshotRate);
    // A clock that stepped back (or gives no number) counts as idle, never as busy.
    const sinceInput = this.#options.now() - this.#lastInputAt;
    const idle = !(sinceInput >= 0 && sinceInput < 2000 / snapshotRate);
    const beyondRing = this.lastAppliedTick + 2 * ticksPerSnapshot - this.#lastAckedTick > 31;
    if (idle || beyondRing) this.sendAck();
  }

  #onRoomList(rooms) {
    this.rooms = rooms;
    if (this.#pending?.kind === "spectateList") this.#settlePending((pending) => pending.resolve(rooms));
    for (const waiter of this.#roomWaiters.splice(0)) waiter.resolve(rooms);
    this.emit("rooms", rooms);
  }

  #onError(message) {
    const error = new ServerError(message.code, message.message);
    if (message.code === ErrorCode.reservationInvalid && this.#retryOriginalJoin(error)) return;
    if (message.code === ErrorCode.roomClosed) this.#enterLobby();
    // The seat is gone (§8, §10): nothing to resume after the close that follows.
    if (error.closes) this.#resumeRequest = null;
    this.#settlePending((pending) => pending.reject(error));
    this.emit("error", error);
  }

  // ── redirects (§3.2) ──

  // The room lives on another node of the cluster: leave this connection quietly (its close
  // is no disconnect and starts no resume), connect to `url` and ask there again, a join
  // with the seat the redirect holds. The request stays pending until that node answers;
  // when it cannot be reached, the socket's close reports it (or the resume loop retries).
  async #followRedirect({ url, roomId, reservation }) {
    const pending = this.#pending;
    if (!pending) return;   // not an answer to anything this client asked
    pending.redirectsInARow++;
    if (pending.redirectsInARow > MAX_REDIRECTS) {
      this.#giveUp(1000, `more than ${MAX_REDIRECTS} redirects in a row (last to ${url})`);
      return;
    }
    const { message } = pending;
    if (message.type === "join") {
      // The join as the application sent it, for when the reservation is refused (below).
      pending.original ??= message;
      pending.message = { type: "join", name: message.name, target: "reservation", reservation, credential: message.credential };
    }
    const left = this.#ws;
    this.#ws = null;
    left.close(1000, "redirected");
    this.redirects++;
    this.emit("redirect", { url, roomId });
    // connect() waits for this socket rather than opening another.
    const opening = this.#openSocket({ url, unreachableReason: `redirected to ${url}, which could not be reached` });
    this.#opening = opening;
    try {
      await opening;
    } catch (error) {
      // Only a socket that could not even be created (a malformed url) is not reported yet.
      if (this.#pending === pending) this.#giveUp(1000, `redirected to ${url}: ${error.message}`);
      return;
    } finally {
      if (this.#opening === opening) this.#opening = null;
    }
    this.url = url;   // the node that runs the room: where a resume after a drop must go
    if (this.#pending === pending) this.#send(encodeClientMessage(pending.message));
  }

  // Error 61 answering the join with target 3 this client wrote after a redirect: the
  // reservation expired (5 s), was used, or was lost with the directory's Redis (§3.2). The
  // join as the application sent it (same name, target and credential) goes again on this
  // connection, to the node the redirect led to, which seats it or redirects it again. That
  // attempt counts as a redirect in a row, so it cannot loop; past the limit, and for a
  // reservation the application sent itself, the join fails with the error as before.
  // Returns whether the join was sent again (then the error is not reported).
  #retryOriginalJoin(error) {
    const pending = this.#pending;
    const original = pending?.original;
    if (pending?.kind !== "join" || !original || pending.message === original) return false;
    if (joinTarget(original) === "reservation" || error.closes || !this.#socketOpen()) return false;
    if (pending.redirectsInARow >= MAX_REDIRECTS) {
      error.message += ` (the original join was not sent again: ${MAX_REDIRECTS} redirects and retries in a row ` +
        "are the limit)";
      return false;
    }
    pending.redirectsInARow++;
    pending.message = original;
    this.#send(encodeClientMessage(original));
    return true;
  }

  // Ends the connection and any reconnection for a reason of the client's own: the pending
  // request fails and the close event says why. No seat is left to resume.
  #giveUp(code, reason) {
    if (this.#reconnecting) this.#reconnecting.cancelled = true;
    this.#reconnecting = null;
    this.#resumeRequest = null;
    const ws = this.#ws;
    this.#ws = null;
    if (ws && ws.readyState <= 1) ws.close(1000, "");
    this.#rejectPending(new Error(reason));
    this.#finishClose(code, reason);
  }

  // ── inputs ──

  #takeInputToken() {
    const now = this.#options.now();
    const refill = ((now - this.#tokensAt) * this.#options.maxInputsPerSecond) / 1000;
    this.#tokens = Math.min(this.#options.inputBurst, this.#tokens + refill);
    this.#tokensAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  // ── resume after a drop ──

  // The server keeps a seat for `reconnect-grace` (10 s) counted from when *it* notices the
  // loss, which for a silent drop is up to ~7 s after ours (missed heartbeats, §10). Until
  // then it still sees the seat as connected and answers a resume with error 30, so error 30
  // is retried until reconnectTimeoutMs has passed (it cannot tell "still connected" from
  // "expired"). Spectators have no seat: they simply spectate the same room again.
  // The last world stays readable meanwhile (a game may keep drawing it); the welcome that
  // brings the seat back clears it, since the first snapshot after a resume is full.
  #startReconnect() {
    const request = this.#resumeRequest;
    const role = this.role;
    const roomId = this.welcome?.roomId;
    this.state = "reconnecting";
    const attempt = { deadline: this.#options.now() + this.#options.reconnectTimeoutMs, cancelled: false };
    this.#reconnecting = attempt;
    this.#reconnectLoop(attempt, request, role, roomId);
  }

  async #reconnectLoop(attempt, request, role, roomId) {
    let lastError = null;
    for (let count = 1; ; count++) {
      const delayMs = this.#backoffDelay(count);
      if (this.#options.now() + delayMs > attempt.deadline) break;
      this.emit("reconnecting", { attempt: count, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (attempt.cancelled) return;
      try {
        if (!this.#socketOpen()) await this.#openSocket();
        if (attempt.cancelled) return;
        // The credential as it is now: the page may have put a fresh token in meanwhile.
        const message = { ...request, credential: this.credential };
        await this.#request(request.type === "resume" ? "resume" : "spectate", message, encodeClientMessage(message));
        this.#reconnecting = null;
        return;
      } catch (error) {
        lastError = error;
        if (attempt.cancelled) return;
        if (!this.#isWorthRetrying(error, role)) break;
      }
    }
    this.#giveUp(1006, `could not get back into room ${roomId}: ${lastError?.message ?? "timed out"}`);
  }

  #isWorthRetrying(error, role) {
    if (!(error instanceof ServerError)) return true;           // connection problems
    // A cluster node that cannot reach its directory asks to try again (§3.2).
    if (error.code === ErrorCode.directoryUnavailable) return true;
    return role === "player" && error.code === ErrorCode.invalidToken && !error.closes;
  }

  #backoffDelay(attempt) {
    const { reconnectDelayMs, reconnectMaxDelayMs } = this.#options;
    const delay = Math.min(reconnectMaxDelayMs, reconnectDelayMs * 2 ** (attempt - 1));
    return Math.round(delay * (0.75 + Math.random() * 0.25));   // jitter: not all clients at once
  }
}

/** Creates a client and opens its connection: `const client = await connect(url, options)`. */
export async function connect(url, options = {}) {
  const client = new TickwireClient(url, options);
  await client.connect();
  return client;
}

/**
 * The server's room list over plain HTTP (GET /rooms, §1), without a WebSocket: an array of
 * { id, game, level, players, capacity, tick, tickRate, tickP99Micros, lateTicks,
 * bytesPerSecond, node }. `url` may be the ws:// or wss:// address of the game.
 */
export async function fetchRooms(url, { fetch = globalThis.fetch } = {}) {
  const address = new URL(url);
  if (address.protocol === "ws:") address.protocol = "http:";
  if (address.protocol === "wss:") address.protocol = "https:";
  address.pathname = "/rooms";
  address.search = "";
  const response = await fetch(address.href);
  if (!response.ok) throw new Error(`GET ${address.href}: ${response.status}`);
  return response.json();
}
