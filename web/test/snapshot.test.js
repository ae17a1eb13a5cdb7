// Snapshot decoding (section 7): the worked example of 7.8 byte for byte, every refusal of
// 7.6, the ring of baselines, and round trips through an encoder written from 7.3.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ByteReader, SnapshotError, SnapshotRing, WorldState, decodeSchema, decodeSnapshot, makeField,
  quantize, readSnapshotHeader, reconstruct,
} from "../tickwire.js";
import { DELTA_TICK_2, FULL_TICK_1, TEST_SCHEMA_BYTES, bytes, hex } from "../test-support/fixtures.js";
import { encodeSnapshot } from "../test-support/snapshot-encoder.js";

const schema = decodeSchema(new ByteReader(TEST_SCHEMA_BYTES));

function fieldsOf(world) {
  return world.entities.map((entity) => ({ id: entity.id, kind: entity.kindName, ...entity.fields }));
}

function refused(reason, details = {}) {
  return (error) => {
    assert.ok(error instanceof SnapshotError, `expected a SnapshotError, got ${error}`);
    assert.equal(error.reason, reason, error.message);
    for (const [key, value] of Object.entries(details)) assert.deepEqual(error[key], value, `${key} of ${error.message}`);
    return true;
  };
}

function tick1World() {
  return decodeSnapshot(FULL_TICK_1, schema).world;
}

test("7.8 tick 1: the full snapshot (36 bytes)", () => {
  assert.equal(FULL_TICK_1.length, 36);
  const snapshot = decodeSnapshot(FULL_TICK_1, schema);
  assert.equal(snapshot.tick, 1);
  assert.equal(snapshot.full, true);
  assert.equal(snapshot.baselineDistance, 0);
  assert.equal(snapshot.baselineTick, 0);
  assert.equal(snapshot.lastInputSequence, 41);
  assert.deepEqual(fieldsOf(snapshot.world), [
    { id: 1, kind: "player", x: 5120, y: 2560, aim: 16384, health: 100, score: 0, flags: 1 },
    { id: 2, kind: "player", x: 7680, y: 2560, aim: 0, health: 100, score: 3, flags: 0 },
    { id: 9, kind: "projectile", x: 5200, y: 2600, vx: 40, vy: -12, owner: 1 },
  ]);
  assert.deepEqual(snapshot.world.get(1).quantized, [5120, 2560, 256, 100, 0, 1]);
  assert.equal(snapshot.world.get(9).kind, 1);
  assert.deepEqual(snapshot.added.map((entity) => entity.id), [1, 2, 9]);
  assert.deepEqual(snapshot.removed, []);
});

test("7.8 tick 2: the delta from tick 1 (19 bytes), looked up in the ring by baseline tick", () => {
  assert.equal(DELTA_TICK_2.length, 19);
  const ring = new SnapshotRing();
  ring.store(tick1World());
  const snapshot = decodeSnapshot(DELTA_TICK_2, schema, ring);
  assert.equal(snapshot.tick, 2);
  assert.equal(snapshot.full, false);
  assert.equal(snapshot.baselineDistance, 1);
  assert.equal(snapshot.baselineTick, 1);
  assert.equal(snapshot.lastInputSequence, 42);
  assert.deepEqual(fieldsOf(snapshot.world), [
    // aim 16400 is in the same quantum as 16384: no change, and 16384 is what arrives.
    { id: 1, kind: "player", x: 5130, y: 2555, aim: 16384, health: 100, score: 0, flags: 1 },
    { id: 2, kind: "player", x: 7700, y: 2560, aim: 0, health: 100, score: 3, flags: 0 },
    { id: 12, kind: "pickup", x: 2560, y: 2816, active: 1 },
  ]);
  assert.deepEqual(snapshot.changed.map((entity) => entity.id), [1, 2]);
  assert.deepEqual(snapshot.removed.map((entity) => entity.id), [9]);
  assert.deepEqual(snapshot.added.map((entity) => entity.id), [12]);
});

test("the delta also decodes against the tick-1 state given directly", () => {
  const snapshot = decodeSnapshot(DELTA_TICK_2, schema, tick1World());
  assert.equal(snapshot.world.get(2).fields.x, 7700);
});

test("the 7.8 example is what an encoder written from 7.3 produces", () => {
  const t1 = [
    { id: 1, kind: 0, values: [5120, 2560, 16384, 100, 0, 1] },
    { id: 2, kind: 0, values: [7680, 2560, 0, 100, 3, 0] },
    { id: 9, kind: 1, values: [5200, 2600, 40, -12, 1] },
  ];
  const t2 = [
    { id: 1, kind: 0, values: [5130, 2555, 16400, 100, 0, 1] },
    { id: 2, kind: 0, values: [7700, 2560, 0, 100, 3, 0] },
    { id: 12, kind: 2, values: [2560, 2816, 1] },
  ];
  assert.deepEqual(encodeSnapshot({ tick: 1, lastInputSequence: 41 }, schema, null, t1), FULL_TICK_1);
  assert.deepEqual(encodeSnapshot({ tick: 2, baselineTick: 1, lastInputSequence: 42 }, schema, t1, t2), DELTA_TICK_2);
});

test("unchanged entities are carried over as the same objects", () => {
  const base = tick1World();
  const snapshot = decodeSnapshot(hex("03 02 00  00"), schema, base);   // tick 3, delta from 1, nothing changed
  assert.equal(snapshot.world.tick, 3);
  assert.equal(snapshot.world.size, 3);
  snapshot.world.entities.forEach((entity, index) => assert.equal(entity, base.entities[index]));
  assert.ok(Object.isFrozen(snapshot.world.get(1)) && Object.isFrozen(snapshot.world.get(1).fields));
});

test("a full snapshot ignores the baselines it is given", () => {
  const snapshot = decodeSnapshot(FULL_TICK_1, schema, new WorldState(7, []));
  assert.equal(snapshot.world.size, 3);
});

// ── baselines ──

test("a delta whose baseline tick the ring does not hold is refused (unknownBaseline)", () => {
  assert.throws(() => decodeSnapshot(DELTA_TICK_2, schema, new SnapshotRing()), refused("unknownBaseline", { tick: 1 }));
  assert.throws(() => decodeSnapshot(DELTA_TICK_2, schema), refused("unknownBaseline", { tick: 1 }));
});

test("a delta given the state of another tick is refused (wrongBaseline), never applied", () => {
  const tick3 = new WorldState(3, tick1World().entities);
  assert.throws(() => decodeSnapshot(DELTA_TICK_2, schema, tick3), refused("wrongBaseline", { expected: 1, got: 3 }));
  // A ring-like lookup that answers with the wrong tick is caught too.
  const lying = { get: () => tick3 };
  assert.throws(() => decodeSnapshot(DELTA_TICK_2, schema, lying), refused("wrongBaseline", { expected: 1, got: 3 }));
});

test("the ring keeps the last 32 states by tick", () => {
  const ring = new SnapshotRing();
  for (let tick = 1; tick <= 40; tick++) ring.store(new WorldState(tick, []));
  assert.equal(ring.size, 32);
  assert.equal(ring.get(8), undefined);
  assert.equal(ring.get(9).tick, 9);
  assert.equal(ring.get(40).tick, 40);
  assert.equal(ring.latest.tick, 40);
  // Tick 40 as a delta from tick 8 (evicted) is refused; tick 41 from tick 9 decodes.
  assert.throws(() => decodeSnapshot(hex("28 20 00 00"), schema, ring), refused("unknownBaseline", { tick: 8 }));
  assert.equal(decodeSnapshot(hex("29 20 00 00"), schema, ring).baselineTick, 9);
  ring.clear();
  assert.equal(ring.size, 0);
});

// ── header ──

test("header: tick 0 or a baseline distance not below the tick is refused (invalidTicks)", () => {
  assert.throws(() => decodeSnapshot(hex("00 00 00 00"), schema), refused("invalidTicks", { tick: 0, baselineDistance: 0 }));
  assert.throws(() => decodeSnapshot(hex("02 02 00 00"), schema), refused("invalidTicks", { tick: 2, baselineDistance: 2 }));
  assert.deepEqual(readSnapshotHeader(hex("ac 02 02 07 00")),
    { tick: 300, baselineDistance: 2, baselineTick: 298, lastInputSequence: 7, full: false });
});

test("header: fields past 32 bits and non-canonical varints are malformedVarint", () => {
  const over32 = hex("80 80 80 80 10 00 00 00");   // tick 2^32
  assert.throws(() => decodeSnapshot(over32, schema), refused("malformedVarint", { offset: 0 }));
  assert.equal(readSnapshotHeader(hex("ff ff ff ff 0f 00 00 00")).tick, 0xffffffff);
  assert.throws(() => decodeSnapshot(hex("01 00 80 00 00"), schema), refused("malformedVarint", { offset: 2 }));
  // An op word of 11 bytes, and one whose 10th byte passes 64 bits.
  assert.throws(() => decodeSnapshot(hex("01 00 00 ff ff ff ff ff ff ff ff ff 81 00"), schema), refused("malformedVarint", { offset: 3 }));
  assert.throws(() => decodeSnapshot(hex("01 00 00 ff ff ff ff ff ff ff ff ff 02"), schema), refused("malformedVarint", { offset: 3 }));
});

// ── truncation and trailing bytes ──

test("every truncation of both examples is refused, with the offset of the cut field", () => {
  const ring = new SnapshotRing();
  ring.store(tick1World());
  for (const example of [FULL_TICK_1, DELTA_TICK_2]) {
    for (let length = 0; length < example.length; length++) {
      assert.throws(() => decodeSnapshot(example.subarray(0, length), schema, ring), refused("truncated"), `length ${length}`);
    }
  }
  // Cut inside the first value of player 1 (x = "80 50" at offset 6): the field starts at 6.
  assert.throws(() => decodeSnapshot(FULL_TICK_1.subarray(0, 7), schema), refused("truncated", { offset: 6 }));
  // Missing end marker: the word that should be there starts at 35.
  assert.throws(() => decodeSnapshot(FULL_TICK_1.subarray(0, 35), schema), refused("truncated", { offset: 35 }));
});

test("bytes after the end marker are refused (trailingBytes)", () => {
  assert.throws(() => decodeSnapshot(bytes(FULL_TICK_1, "00 00"), schema), refused("trailingBytes", { offset: 36, count: 2 }));
});

// ── the entity block ──

test("an op word with op 0 must be exactly 0 (badEndMarker)", () => {
  assert.throws(() => decodeSnapshot(hex("01 00 00 04"), schema), refused("badEndMarker", { offset: 3, word: 4 }));
});

test("a gap carrying the id past 65535 is refused (entityIDOutOfRange)", () => {
  // gap 65536 → id 65536: word = 65536 << 2 | 3 = 262147 = "83 80 10".
  assert.throws(() => decodeSnapshot(hex("01 00 00 83 80 10 00 00 00"), schema), refused("entityIDOutOfRange", { offset: 3, id: 65536 }));
  // id 65535 itself is fine (kind 2 pickup, empty mask).
  const last = decodeSnapshot(hex("01 00 00 ff ff 0f 02 00 00"), schema);
  assert.equal(last.world.get(65535).kindName, "pickup");
  // Then any further op passes 65535.
  assert.throws(() => decodeSnapshot(hex("01 00 00 ff ff 0f 02 00 03 02 00 00"), schema), refused("entityIDOutOfRange", { id: 65536 }));
});

test("an added kind outside the schema is refused (unknownEntityKind)", () => {
  assert.throws(() => decodeSnapshot(hex("01 00 00 03 03 00 00"), schema), refused("unknownEntityKind", { id: 0, kind: 3 }));
  // A baseline entity whose kind the schema does not know, e.g. a state from another game.
  const other = decodeSchema(new ByteReader(hex("01  01 6b  00")));   // 1 kind "k" with no fields
  assert.equal(other.kinds.length, 1);
  assert.throws(() => decodeSnapshot(hex("02 01 00 00"), other, tick1World()), refused("unknownEntityKind", { id: 9, kind: 1 }));
});

test("masks: bits past the kind's fields, or an empty changed mask, are refused (badChangeMask)", () => {
  // added pickup (3 fields) with mask 0b1000.
  assert.throws(() => decodeSnapshot(hex("01 00 00 03 02 08 00"), schema), refused("badChangeMask", { id: 0, mask: 8, fieldCount: 3 }));
  const base = tick1World();
  // changed id 1 in gap form with mask 0, and with mask 0b1000000 (player has 6 fields).
  assert.throws(() => decodeSnapshot(hex("02 01 00 09 00 00"), schema, base), refused("badChangeMask", { id: 1, mask: 0, fieldCount: 6 }));
  assert.throws(() => decodeSnapshot(hex("02 01 00 09 40 02 00"), schema, base), refused("badChangeMask", { id: 1, mask: 64 }));
  // adjacent form (id 0 has gap 0) — but id 0 is not in the baseline: that is checked first.
  assert.throws(() => decodeSnapshot(hex("02 01 00 05 00"), schema, base), refused("changedEntityNotInBaseline", { id: 0 }));
  // id 1 changed (gap form, x +1), then id 2 in the adjacent form with an empty mask: word 0b101.
  assert.throws(() => decodeSnapshot(hex("02 01 00 09 01 02 05 00"), schema, base), refused("badChangeMask", { id: 2, mask: 0 }));
});

test("changed or removed ids the baseline lacks are refused", () => {
  const base = tick1World();
  assert.throws(() => decodeSnapshot(hex("02 01 00 19 01 02 00"), schema, base), refused("changedEntityNotInBaseline", { id: 3 }));
  assert.throws(() => decodeSnapshot(hex("02 01 00 0e 00"), schema, base), refused("removedEntityNotInBaseline", { id: 3 }));
});

test("added over a baseline entity of the same kind is refused; of another kind it replaces it", () => {
  const base = tick1World();
  assert.throws(() => decodeSnapshot(hex("02 01 00 07 00 00 00"), schema, base), refused("addedEntityAlreadyPresent", { id: 1, kind: 0 }));
  // id 9, a projectile, becomes a pickup at (256, 0), active: word 39 = gap 9 << 2 | 3.
  const replaced = encodeSnapshot({ tick: 2, baselineTick: 1 }, schema,
    [{ id: 9, kind: 1, values: [5200, 2600, 40, -12, 1] }],
    [{ id: 9, kind: 2, values: [256, 0, 1] }]);
  assert.deepEqual(replaced, hex("02 01 00 27 02 05 80 04 02 00"));
  const result = decodeSnapshot(replaced, schema, new WorldState(1, [base.get(9)]));
  assert.deepEqual(fieldsOf(result.world), [{ id: 9, kind: "pickup", x: 256, y: 0, active: 1 }]);
  assert.deepEqual(result.removed.map((entity) => entity.kindName), ["projectile"]);
  assert.deepEqual(result.added.map((entity) => entity.kindName), ["pickup"]);
});

test("a value leaving the field's wire range is refused (valueOutOfRange)", () => {
  // added pickup with active = 2 (1 bit): zz(2) = 04.
  assert.throws(() => decodeSnapshot(hex("01 00 00 03 02 04 04 00"), schema),
    refused("valueOutOfRange", { id: 0, field: "active", value: 2, range: [0, 1] }));
  // changed player 1 health 100 → 100 + 28 = 128 (7 bits): adjacent? id 1 has gap 1, so gap form, mask 0b1000.
  assert.throws(() => decodeSnapshot(hex("02 01 00 09 08 38 00"), schema, tick1World()),
    refused("valueOutOfRange", { id: 1, field: "health", value: 128, range: [0, 127] }));
  // signed vx (12 bits): −2048…2047; 40 + 2008 = 2048 is out.
  assert.throws(() => decodeSnapshot(hex("02 01 00 49 04 b0 1f 00"), schema, new WorldState(1, [tick1World().get(9)])),
    refused("valueOutOfRange", { id: 9, field: "vx", value: 2048 }));
  // A 64-bit delta far outside any range.
  assert.throws(() => decodeSnapshot(hex("01 00 00 03 02 01 fe ff ff ff ff ff ff ff ff 01 00"), schema), refused("valueOutOfRange", { field: "x" }));
});

// ── quantization (7.4) ──

test("quantize and reconstruct follow 7.4", () => {
  const aim = makeField("aim", 16, false, 6);
  assert.equal(quantize(aim, 16384 + 16), 256);
  assert.equal(reconstruct(aim, 256), 16384);
  const wide = makeField("w", 32, false, 6);   // wireBits = 26
  assert.equal(wide.wireBits, 26);
  assert.equal(wide.wireMax, 2 ** 26 - 1);
  const signed = makeField("v", 7, true, 0);
  assert.equal(signed.wireMin, -64);
  assert.equal(quantize(signed, 64), -64);        // wraps like Quake 3 writing the low bits
  assert.equal(quantize(signed, -65), 63);
  assert.equal(quantize(makeField("p", 14, false, 2), -1), 16383);   // arithmetic shift then wrap
  assert.equal(quantize(makeField("n", 8, true, 2), -5), -2);       // rounds towards −∞
  assert.equal(reconstruct(makeField("u", 32, false, 0), 0xffffffff), -1);   // Int32(truncating:)
  for (const field of [aim, wide, signed, makeField("s", 20, true, 5)]) {
    for (const q of [field.wireMin, field.wireMin + 1, 0, field.wireMax - 1, field.wireMax]) {
      assert.equal(quantize(field, reconstruct(field, q)), q, `${field.name} ${q}`);
    }
  }
});

// ── round trips ──

function randomWorld(random, maxEntities) {
  const entities = [];
  let id = Math.floor(random() * 3);
  const count = Math.floor(random() * maxEntities);
  for (let index = 0; index < count; index++) {
    const kind = Math.floor(random() * schema.kinds.length);
    const values = schema.kinds[kind].fields.map((field) => {
      if (random() < 0.3) return 0;
      const span = field.signed ? 2 ** (field.bits - 1) : 2 ** field.bits;
      const value = Math.floor(random() * span);
      return field.signed && random() < 0.5 ? -value : value;
    });
    entities.push({ id, kind, values });
    id += 1 + (random() < 0.2 ? Math.floor(random() * 200) : 0);
  }
  return entities;
}

function evolve(random, world) {
  const next = [];
  for (const entity of world) {
    const roll = random();
    if (roll < 0.1) continue;   // removed
    if (roll < 0.15) {          // replaced by another kind
      const kind = (entity.kind + 1) % schema.kinds.length;
      next.push({ id: entity.id, kind, values: schema.kinds[kind].fields.map(() => Math.floor(random() * 2)) });
      continue;
    }
    const values = entity.values.map((value, index) => {
      const field = schema.kinds[entity.kind].fields[index];
      if (random() < 0.6) return value;
      const moved = value + Math.floor(random() * 200) - 100;
      const limit = field.signed ? 2 ** (field.bits - 1) : 2 ** field.bits;
      return field.signed ? Math.max(-limit, Math.min(limit - 1, moved)) : Math.max(0, Math.min(limit - 1, moved));
    });
    next.push({ id: entity.id, kind: entity.kind, values });
  }
  const taken = new Set(next.map((entity) => entity.id));
  for (const entity of randomWorld(random, 4)) {
    const id = random() < 0.05 ? 65535 : Math.floor(random() * 2000);
    if (!taken.has(id)) {
      taken.add(id);
      next.push({ ...entity, id });
    }
  }
  return next.sort((a, b) => a.id - b.id);
}

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

test("round trips: 150 ticks of deltas from baselines up to 31 ticks back match quantize∘reconstruct", () => {
  const random = seeded(1234);
  const ring = new SnapshotRing();
  const sent = new Map();   // tick → server world
  let world = randomWorld(random, 40);
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (let tick = 1; tick <= 150; tick++) {
    world = evolve(random, world);
    const candidates = [...sent.keys()].filter((t) => t < tick && tick - t <= 31 && ring.has(t));
    const baselineTick = candidates.length > 0 && random() < 0.9 ? candidates[Math.floor(random() * candidates.length)] : 0;
    const body = encodeSnapshot({ tick, baselineTick, lastInputSequence: tick * 2 }, schema, baselineTick ? sent.get(baselineTick) : null, world);
    const snapshot = decodeSnapshot(body, schema, ring);
    ring.store(snapshot.world);
    sent.set(tick, world);
    assert.equal(snapshot.baselineTick, baselineTick);
    assert.equal(snapshot.lastInputSequence, tick * 2);
    added += snapshot.added.length;
    removed += snapshot.removed.length;
    changed += snapshot.changed.length;
    assert.deepEqual(snapshot.world.entities.map((entity) => [entity.id, entity.kind, [...entity.quantized]]),
      world.map((entity) => [entity.id, entity.kind, schema.kinds[entity.kind].fields.map((field, index) => quantize(field, entity.values[index]))]));
    for (const entity of world) {
      const decoded = snapshot.world.get(entity.id);
      schema.kinds[entity.kind].fields.forEach((field, index) => {
        assert.equal(decoded.fields[field.name], reconstruct(field, quantize(field, entity.values[index])));
      });
    }
  }
  assert.ok(added > 100 && removed > 100 && changed > 200, `ops seen: ${added} added, ${removed} removed, ${changed} changed`);
});
