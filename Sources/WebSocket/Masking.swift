/// RFC 6455 5.3 masking, shared by reader (unmask) and writer (mask): XOR is its own inverse.
///
/// Mask key byte order: the key's 4 bytes on the wire are the big-endian bytes of the
/// `UInt32`, i.e. key 0x37FA213D is sent as 37 FA 21 3D and byte 0 of the payload is
/// XORed with 0x37.
enum Masking {
    /// XORs `buffer` in place; `offset` is the payload offset of `buffer[0]` within its
    /// frame, so a payload can be (un)masked chunk by chunk as it arrives.
    @inline(__always)
    static func apply(_ buffer: UnsafeMutableRawBufferPointer, maskKey: UInt32, offset: Int) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let phase = UInt32(truncatingIfNeeded: offset & 3)
        // Rotate so that the key byte for buffer[0] is the most significant byte.
        let rotated = phase == 0 ? maskKey : (maskKey << (8 * phase)) | (maskKey >> (32 - 8 * phase))
        let count = buffer.count
        var index = 0
        if count >= 8 {
            // `rotated.bigEndian` holds the key bytes in wire order in memory on any host,
            // so two copies of it form an 8-byte pattern to XOR word by word.
            let wireOrder = UInt64(rotated.bigEndian)
            let pattern = wireOrder | (wireOrder << 32)
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                base.storeBytes(of: word ^ pattern, toByteOffset: index, as: UInt64.self)
                index += 8
            }
        }
        while index < count {
            let shift = UInt32(24 - 8 * (index & 3))
            let keyByte = UInt8(truncatingIfNeeded: rotated >> shift)
            let byte = base.load(fromByteOffset: index, as: UInt8.self)
            base.storeBytes(of: byte ^ keyByte, toByteOffset: index, as: UInt8.self)
            index += 1
        }
    }
}
