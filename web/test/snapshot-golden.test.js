// Snapshot decoding against golden fixtures written by the Swift encoder and decoder
// (web/test/fixtures/snapshots.json, checked by Tests/ReplicationTests/WebFixtureSnapshotTests.swift):
// full and delta snapshots, added, changed, replaced and removed entities, fields of every
// width from 1 to 32 bits, signed and quantized, and every refusal of PROTOCOL.md §7.6.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ByteReader, SnapshotError, decodeSchema, decodeSnapshot } from "../tickwire.js";
import { bytes } from "../test-support/fixtures.js";

const fixture = JSON.parse(readFileSync(new URL("./fixtures/snapshots.json", import.meta.url), "utf8"));
const schema = decodeSchema(new ByteReader(bytes(fixture.schema)));

// Decodes every case in order, each against the world its baseline case decoded to.
function decodeAll() {
  const worlds = new Map();
  const outcomes = [];
  for (const item of fixture.cases) {
    const baseline = item.baseline === null ? undefined : worlds.get(item.baseline);
    try {
      const snapshot = decodeSnapshot(bytes(item.body), schema, baseline);
      worlds.set(item.name, snapshot.world);
      outcomes.push({ item, snapshot });
    } catch (error) {
      outcomes.push({ item, error });
    }
  }
  return outcomes;
}

const outcomes = decodeAll();

test("the fixture covers every field width, signed fields and every kind", () => {
  const widths = new Set(schema.kinds.flatMap((kind) => kind.fields.map((field) => field.bits)));
  for (const bits of [1, 2, 5, 7, 8, 12, 16, 17, 20, 24, 31, 32]) assert.ok(widths.has(bits), `${bits}-bit field`);
  assert.ok(schema.kinds.some((kind) => kind.fields.some((field) => field.signed)));
  const kindsSeen = new Set(outcomes.flatMap(({ item }) => (item.entities ?? []).map(([, kind]) => kind)));
  assert.equal(kindsSeen.size, schema.kinds.length);
});

for (const { item, snapshot, error } of outcomes.filter((outcome) => outcome.item.entities)) {
  test(`decodes "${item.name}" as the Swift decoder does`, () => {
    assert.ifError(error);
    assert.deepEqual(
      { tick: snapshot.tick, baselineTick: snapshot.baselineTick, lastInputSequence: snapshot.lastInputSequence },
      item.header);
    const decoded = snapshot.world.entities.map((entity) => {
      const kind = schema.kinds.find((candidate) => candidate.id === entity.kind);
      return [entity.id, entity.kind, kind.fields.map((field) => entity.fields[field.name])];
    });
    assert.deepEqual(decoded, item.entities);
  });
}

test("deltas report what they added, changed and removed", () => {
  const deltas = outcomes.filter(({ snapshot }) => snapshot && !snapshot.full);
  assert.ok(deltas.some(({ snapshot }) => snapshot.added.length > 0));
  assert.ok(deltas.some(({ snapshot }) => snapshot.changed.length > 0));
  assert.ok(deltas.some(({ snapshot }) => snapshot.removed.length > 0));
  for (const { item, snapshot } of deltas) {
    const before = outcomes.find((outcome) => outcome.item.name === item.baseline).snapshot.world;
    for (const entity of snapshot.removed) assert.equal(snapshot.world.get(entity.id)?.kind === entity.kind, false);
    for (const entity of snapshot.world.entities.filter((candidate) => before.get(candidate.id) === candidate)) {
      assert.ok(!snapshot.changed.includes(entity), `unchanged entity ${entity.id} reported as changed`);
    }
  }
});

for (const { item, error } of outcomes.filter((outcome) => outcome.item.error)) {
  test(`refuses "${item.name}" as the Swift decoder does: ${item.error.reason}`, () => {
    assert.ok(error instanceof SnapshotError, `expected a SnapshotError, got ${error}`);
    const { reason, wireError, ...details } = item.error;
    assert.equal(error.reason, reason, error.message);
    if (wireError) assert.equal(error.wireError.reason, wireError);
    for (const [key, value] of Object.entries(details)) assert.deepEqual(error[key], value, `${key} of ${error.message}`);
  });
}
