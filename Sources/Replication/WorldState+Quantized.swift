import GameCore

extension WorldState {
    /// This state as a receiver reconstructs it: every field quantized and reconstructed,
    /// fields a kind does not have set to 0. Entities of kinds missing from `schema` keep
    /// all-zero fields. For tests and tools; the encoder quantizes on the fly instead.
    public func quantized(by schema: EntitySchema) -> WorldState {
        var result = WorldState(tick: tick, fieldsPerEntity: fieldsPerEntity)
        for entity in 0..<count {
            let index = result.append(id: ids[entity], kind: kinds[entity])
            guard let kind = schema.kind(kinds[entity]) else { continue }
            for (field, descriptor) in kind.fields.enumerated() {
                result.set(index, field, descriptor.roundTrip(value(entity, field)))
            }
        }
        return result
    }
}
