// Shared test fixtures: bytes written by hand from docs/PROTOCOL.md, and a fake WebSocket.
// (Node's runner also loads this file as a test file; it defines no tests.)

/** "01 00 29" (spaces, newlines and `#` comments ignored) → Uint8Array. */
export function hex(text) {
  const digits = text.replace(/#[^\n]*/g, "").replace(/\s+/g, "");
  if (digits.length % 2 !== 0 || /[^0-9a-fA-F]/.test(digits)) throw new Error(`bad hex: ${text}`);
  return Uint8Array.from(digits.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toHex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}

/** A short protocol string (< 128 bytes): one length byte, then UTF-8. */
export function s(text) {
  const utf8 = new TextEncoder().encode(text);
  if (utf8.length > 127) throw new Error("s() is for short strings");
  return [utf8.length, ...utf8];
}

/** Concatenates hex strings, byte arrays and numbers (single bytes). */
export function bytes(...parts) {
  const out = [];
  for (const part of parts) {
    if (typeof part === "string") out.push(...hex(part));
    else if (typeof part === "number") out.push(part);
    else for (const byte of part) out.push(byte);
  }
  return Uint8Array.from(out);
}

// ── Section 7.8: the test schema and the worked example ──

/** The schema of 7.8 as `welcome` carries it (section 4). */
export const TEST_SCHEMA_BYTES = bytes(
  "03",                                               // 3 kinds
  s("player"), "06",                                  // kind 0, 6 fields
  s("x"), "11 00 00", s("y"), "11 00 00",             //   bits 17, unsigned, shift 0
  s("aim"), "10 00 06",                               //   16 bits, shift 6
  s("health"), "07 00 00", s("score"), "10 00 00", s("flags"), "02 00 00",
  s("projectile"), "05",                              // kind 1, 5 fields
  s("x"), "11 00 00", s("y"), "11 00 00",
  s("vx"), "0c 01 00", s("vy"), "0c 01 00",           //   12 bits, signed
  s("owner"), "10 00 00",
  s("pickup"), "03",                                  // kind 2, 3 fields
  s("x"), "11 00 00", s("y"), "11 00 00", s("active"), "01 00 00",
);

/** Arena's input layout (sections 3 and 5) as `welcome` carries it. */
export const ARENA_LAYOUT_BYTES = bytes(
  "04",                                   // 4 fields
  s("moveX"), "01 01 fd 01 fe 01",        // 1 byte, signed range, min zz(−127)=253, max zz(127)=254
  s("moveY"), "01 01 fd 01 fe 01",
  s("aim"), "02 00 00 fe ff 07",          // 2 bytes, unsigned range 0…65535 (zz 131070)
  s("buttons"), "01 02 01 00 00 00",      // 1 byte, mask 0x00000001
);

/** Section 7.8, tick 1: full snapshot body (after the 0x82 kind byte), 36 bytes. */
export const FULL_TICK_1 = hex(`
  01 00 29
  07 00 2f  80 50  80 28  80 04  c8 01  02
  03 00 1b  80 78  80 28  c8 01  06
  1b 01 1f  a0 51  d0 28  50  17  02
  00`);

/** Section 7.8, tick 2: delta from tick 1, 19 bytes. */
export const DELTA_TICK_2 = hex(`
  02 01 2a
  09 03 14 09
  0d 28
  1a
  0b 02 07 80 28 80 2c 02
  00`);

export const TOKEN = hex("00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff");

/** A welcome (kind 0x81) or spectating (0x86) with the 7.8 schema and Arena's layout, no grid. */
export function welcomeMessage({ kind = 0x81, playerId = 7, token = TOKEN, roomId = "room-1", tickRate = 60, snapshotRate = 30 } = {}) {
  return bytes(
    kind, "02", playerId & 0xff, playerId >> 8, token,
    s(roomId), s("test"), s("1.0"), s("duel"), s("Duel"),
    tickRate & 0xff, tickRate >> 8, snapshotRate & 0xff, snapshotRate >> 8,
    TEST_SCHEMA_BYTES, ARENA_LAYOUT_BYTES,
    "80 50", "80 50",                     // levelWidth 10240, levelHeight 10240
    "00",                                 // no grid
  );
}

export function snapshotMessage(body) {
  return bytes("82", body);
}

/** An error message (kind 0x84): code:u16, message:string. */
export function errorMessage(code, text) {
  return bytes("84", [code & 0xff, code >> 8], s(text));
}

/** A redirect (kind 0x88): url:string, roomID:string, reservation:bytes[16] (none: zeros). */
export function redirectMessage(url, roomId = "", reservation = new Uint8Array(16)) {
  return bytes("88", s(url), s(roomId), reservation);
}

// ── A fake WebSocket: the test plays the server ──

/** A fresh fake WebSocket class; `Socket.instances` lists every socket the client opened. */
export function fakeWebSocketClass() {
  return class FakeWebSocket {
    static instances = [];

    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.binaryType = "blob";
      this.sent = [];
      this.closedWith = null;
      FakeWebSocket.instances.push(this);
    }

    send(data) {
      if (this.readyState !== 1) throw new Error("fake socket not open");
      this.sent.push(Uint8Array.from(data));
    }

    // The client says goodbye; the fake server echoes the close right away.
    close(code = 1000, reason = "") {
      if (this.readyState >= 2) return;
      this.closedWith = { code, reason };
      this.readyState = 2;
      queueMicrotask(() => this.drop(code, reason));
    }

    // ── server side ──
    open() {
      this.readyState = 1;
      this.onopen?.({});
    }

    receive(message) {
      const copy = Uint8Array.from(message);
      this.onmessage?.({ data: copy.buffer });
    }

    drop(code = 1006, reason = "") {
      this.readyState = 3;
      this.onclose?.({ code, reason, wasClean: code !== 1006 });
    }

    sentHex() {
      return this.sent.map(toHex);
    }
  };
}

/** Lets pending promise callbacks run. */
export async function flush() {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits (bounded) until `condition()` holds. */
export async function until(condition, timeoutMs = 2000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
