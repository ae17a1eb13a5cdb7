// A reference snapshot *encoder* written from section 7.3 of docs/PROTOCOL.md, for
// round-trip tests of the decoder. Entities: [{ id, kind, values: [Int32 per field] }]
// sorted by id, values before quantization (the server's state).

import { ByteWriter, quantize } from "../tickwire.js";

export function encodeSnapshot({ tick, baselineTick = 0, lastInputSequence = 0 }, schema, baseline, current) {
  const writer = new ByteWriter();
  writer.writeVarUint(tick);
  writer.writeVarUint(baselineTick === 0 ? 0 : tick - baselineTick);
  writer.writeVarUint(lastInputSequence);
  const base = baseline ?? [];
  const quantized = (entity) => schema.kinds[entity.kind].fields.map((field, index) => quantize(field, entity.values[index] ?? 0));
  let previousId = -1;
  let i = 0;
  let j = 0;

  const removed = (a) => {
    writer.writeVarUint((a.id - previousId - 1) * 4 + 2);
    previousId = a.id;
  };
  const added = (b) => {
    const q = quantized(b);
    const mask = q.reduce((m, value, index) => (value !== 0 ? m | (1 << index) : m), 0);
    writer.writeVarUint((b.id - previousId - 1) * 4 + 3);
    writer.writeU8(b.kind);
    writer.writeVarUint(mask);
    q.forEach((value) => { if (value !== 0) writer.writeVarInt(value); });
    previousId = b.id;
  };
  const changed = (a, b) => {
    const qa = quantized(a);
    const qb = quantized(b);
    const mask = qb.reduce((m, value, index) => (value !== qa[index] ? m | (1 << index) : m), 0);
    if (mask === 0) return;   // unchanged: 0 bytes
    const gap = b.id - previousId - 1;
    if (gap === 0) {
      writer.writeVarUint(mask * 8 + 0b101);   // adjacent form
    } else {
      writer.writeVarUint(gap * 8 + 0b001);
      writer.writeVarUint(mask);
    }
    qb.forEach((value, index) => { if (mask & (1 << index)) writer.writeVarInt(value - qa[index]); });
    previousId = b.id;
  };

  while (i < base.length || j < current.length) {
    const a = base[i];
    const b = current[j];
    if (b === undefined || (a !== undefined && a.id < b.id)) {
      removed(a);
      i++;
    } else if (a === undefined || b.id < a.id) {
      added(b);
      j++;
    } else {
      if (a.kind !== b.kind) added(b);
      else changed(a, b);
      i++;
      j++;
    }
  }
  writer.writeU8(0);
  return writer.finish();
}
