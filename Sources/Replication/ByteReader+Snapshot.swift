import Wire

/// Reader calls that report failures as `SnapshotError`, so the decoder has one error type.
extension ByteReader {
    mutating func snapshotVarUInt() throws(SnapshotError) -> UInt64 {
        do { return try readVarUInt() } catch { throw SnapshotError(error) }
    }

    mutating func snapshotVarInt() throws(SnapshotError) -> Int64 {
        do { return try readVarInt() } catch { throw SnapshotError(error) }
    }

    mutating func snapshotUInt8() throws(SnapshotError) -> UInt8 {
        do { return try readUInt8() } catch { throw SnapshotError(error) }
    }

    func snapshotExpectEnd() throws(SnapshotError) {
        do { try expectEnd() } catch { throw SnapshotError(error) }
    }
}
