/// Decodes one whole protocol message: the kind byte (checked against the direction),
/// the body, and nothing left over. Wire errors become `malformedMessage`.
enum WholeMessage {
    @inline(__always)
    static func decode<Message>(
        _ bytes: ArraySlice<UInt8>, direction: String, accepts: (UInt8) -> Bool,
        body: (MessageKind, inout ByteReader) throws -> Message
    ) throws(ProtocolError) -> Message {
        var reader = ByteReader(bytes)
        guard let kindByte = try? reader.readUInt8() else {
            throw ProtocolError(.malformedMessage, "empty message")
        }
        guard let kind = MessageKind(rawValue: kindByte), accepts(kindByte) else {
            throw ProtocolError(.unknownMessageKind, "unknown \(direction) message kind 0x\(String(kindByte, radix: 16))")
        }
        do {
            let message = try body(kind, &reader)
            try reader.expectEnd()
            return message
        } catch let error as ProtocolError {
            throw error
        } catch let error as WireError {
            throw ProtocolError.from(error, in: "\(kind)")
        } catch {
            throw ProtocolError(.malformedMessage, "\(kind): \(error)")
        }
    }
}
