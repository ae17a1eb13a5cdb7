/// Writes frames. Server frames are unmasked; client frames are masked with the key the
/// caller supplies (see `Masking` for the key's byte order). Stateless: the connection
/// decides where the bytes go, so a header can be written into free space in front of
/// an already-encoded payload without copying it.
public enum FrameWriter {
    /// Header length for a payload of `payloadCount` bytes: 2, 4 or 10, plus 4 if masked.
    @inlinable
    public static func headerSize(payloadCount: Int, masked: Bool) -> Int {
        let base: Int
        if payloadCount <= 125 {
            base = 2
        } else if payloadCount <= 0xFFFF {
            base = 4
        } else {
            base = 10
        }
        return masked ? base + 4 : base
    }

    /// Writes a frame header into `into` (which must have at least `headerSize` bytes)
    /// and returns the number of bytes written. `maskKey` nil means unmasked.
    @discardableResult
    public static func writeHeader(
        into: UnsafeMutableRawBufferPointer, opcode: Opcode, fin: Bool = true,
        payloadCount: Int, maskKey: UInt32?
    ) -> Int {
        precondition(payloadCount >= 0, "negative payload length")
        let size = headerSize(payloadCount: payloadCount, masked: maskKey != nil)
        precondition(into.count >= size, "header buffer too small")
        let out = into.baseAddress!
        out.storeBytes(of: (fin ? 0x80 : 0) | opcode.rawValue, toByteOffset: 0, as: UInt8.self)
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        var index: Int
        if payloadCount <= 125 {
            out.storeBytes(of: maskBit | UInt8(payloadCount), toByteOffset: 1, as: UInt8.self)
            index = 2
        } else if payloadCount <= 0xFFFF {
            out.storeBytes(of: maskBit | 126, toByteOffset: 1, as: UInt8.self)
            out.storeBytes(of: UInt16(payloadCount).bigEndian, toByteOffset: 2, as: UInt16.self)
            index = 4
        } else {
            out.storeBytes(of: maskBit | 127, toByteOffset: 1, as: UInt8.self)
            out.storeBytes(of: UInt64(payloadCount).bigEndian, toByteOffset: 2, as: UInt64.self)
            index = 10
        }
        if let maskKey {
            out.storeBytes(of: maskKey.bigEndian, toByteOffset: index, as: UInt32.self)
            index += 4
        }
        return index
    }

    /// XORs `buffer` in place with `maskKey` as RFC 6455 5.3, starting at payload offset
    /// `offset` (so masking can proceed in chunks).
    public static func applyMask(_ buffer: UnsafeMutableRawBufferPointer, maskKey: UInt32, offset: Int = 0) {
        Masking.apply(buffer, maskKey: maskKey, offset: offset)
    }

    /// Appends a whole frame (header + payload, masked if `maskKey` != nil) to `out`.
    public static func appendFrame(
        to out: inout [UInt8], opcode: Opcode, fin: Bool = true,
        payload: UnsafeRawBufferPointer, maskKey: UInt32?
    ) {
        let headerCount = headerSize(payloadCount: payload.count, masked: maskKey != nil)
        let start = out.count
        // Grow once, then fill in place: no temporary header buffer.
        out.append(contentsOf: repeatElement(0, count: headerCount + payload.count))
        out.withUnsafeMutableBytes { all in
            let frame = UnsafeMutableRawBufferPointer(rebasing: all[start...])
            writeHeader(into: frame, opcode: opcode, fin: fin, payloadCount: payload.count, maskKey: maskKey)
            let body = UnsafeMutableRawBufferPointer(rebasing: frame[headerCount...])
            if payload.count > 0 {
                body.copyMemory(from: payload)
            }
            if let maskKey {
                Masking.apply(body, maskKey: maskKey, offset: 0)
            }
        }
    }

    /// Appends a close frame whose payload is the 2-byte big-endian code followed by the
    /// UTF-8 reason, truncated on a character boundary so the payload fits in 125 bytes.
    public static func appendCloseFrame(to out: inout [UInt8], code: CloseCode, reason: String, maskKey: UInt32?) {
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue)]
        payload.append(contentsOf: truncatedUTF8(reason, maxBytes: 125 - 2))
        payload.withUnsafeBytes { appendFrame(to: &out, opcode: .close, payload: $0, maskKey: maskKey) }
    }

    /// The longest prefix of `text` made of whole characters that fits in `maxBytes`.
    static func truncatedUTF8(_ text: String, maxBytes: Int) -> [UInt8] {
        if text.utf8.count <= maxBytes { return Array(text.utf8) }
        var result: [UInt8] = []
        for character in text {
            let bytes = character.utf8
            if result.count + bytes.count > maxBytes { break }
            result.append(contentsOf: bytes)
        }
        return result
    }
}
