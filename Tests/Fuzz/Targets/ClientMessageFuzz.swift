// Fuzz target `client-message`: `ClientMessage.decode`, the server's decoder for what
// clients send.
//
// Input: one whole message. Checks: decoding never traps; a refusal is a ProtocolError
// with a code the decoder documents and a message; decoding the same bytes from a slice
// that does not start at index 0 gives the same result (offsets in messages included);
// a decoded message re-encodes (with the clients' encoder, `ClientMessage.encoded`) to
// exactly the input bytes and decodes back to itself; and the server's path for a
// player's input (`ClientMessage.decodeInput`) reads and refuses input bytes as `decode`
// does.
import GameCore
import Wire

private let refusalCodes: [ErrorCode] = [.malformedMessage, .unknownMessageKind, .unsupportedVersion, .valueOutOfRange]

/// The layouts every input is decoded under: none (a session outside a room), Arena's,
/// and one with every width, signedness and constraint.
private let layouts: [InputLayout?] = [
    nil,
    InputLayout([
        InputField("moveX", bytes: 1, signed: true, range: -127...127),
        InputField("moveY", bytes: 1, signed: true, range: -127...127),
        InputField("aim", bytes: 2, signed: false, range: 0...65535),
        InputField("buttons", bytes: 1, mask: 1),
    ]),
    InputLayout([
        InputField("a", bytes: 4, signed: true, range: Int32.min...Int32.max),
        InputField("b", bytes: 4, signed: false, range: 0...Int32.max),
        InputField("c", bytes: 2, signed: true, range: -300...300),
        InputField("d", bytes: 2, mask: 0xA5A5),
        InputField("e", bytes: 1, signed: false, range: 3...7),
    ]),
]

private func decode(_ bytes: ArraySlice<UInt8>, _ layout: InputLayout?) -> Result<ClientMessage, ProtocolError> {
    do throws(ProtocolError) {
        return .success(try ClientMessage.decode(bytes, layout: layout))
    } catch {
        return .failure(error)
    }
}

private func decodeInput(_ bytes: ArraySlice<UInt8>, _ layout: InputLayout) -> Result<ClientMessage, ProtocolError> {
    do throws(ProtocolError) {
        let (ack, input) = try ClientMessage.decodeInput(bytes, layout: layout)
        return .success(.input(ack: ack, input: input))
    } catch {
        return .failure(error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func clientMessageFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    for layout in layouts {
        let result = decode(bytes[...], layout)

        let shifted = [0xA5, 0x5A] + bytes
        let shiftedResult = decode(shifted[2...], layout)
        fuzzCheck(shiftedResult == result, "slice at index 2 decodes differently: \(shiftedResult) vs \(result)")
        if let layout, bytes.first == MessageKind.input.rawValue {
            let direct = decodeInput(bytes[...], layout)
            fuzzCheck(direct == result, "the input path reads \(direct), decode \(result)")
        }

        switch result {
        case .failure(let error):
            fuzzCheck(refusalCodes.contains(error.code), "unexpected refusal code \(error.code)")
            fuzzCheck(!error.message.isEmpty, "refusal without a message")
        case .success(let message):
            fuzzCheck(message.kind.rawValue == bytes.first, "kind \(message.kind) from first byte \(String(describing: bytes.first))")
            if case .input(_, let input) = message, let layout {
                for (index, field) in layout.fields.enumerated() {
                    fuzzCheck(field.allows(input[index]), "accepted \(field.name) = \(input[index])")
                }
            }
            // Without a layout an input's values are skipped, so only with one does it re-encode.
            if message.kind != .input || layout != nil {
                let encoded = message.encoded(layout: layout)
                // An empty credential may also be sent as a lone 00 (PROTOCOL.md 3.1), which
                // the encoder leaves out.
                let sameMessage = encoded == bytes || (message.hasEmptyCredential && encoded + [0] == bytes)
                fuzzCheck(sameMessage, "\(message) re-encodes to \(encoded), not the \(bytes.count) input bytes")
                fuzzCheck(decode(encoded[...], layout) == .success(message), "decode(encode(\(message))) differs")
            }
        }
    }
    return 0
}

extension ClientMessage {
    /// A join, resume or spectate without a credential.
    var hasEmptyCredential: Bool {
        switch self {
        case .join(_, _, _, let credential), .resume(_, _, let credential), .spectate(_, _, _, let credential):
            return credential.isEmpty
        default:
            return false
        }
    }
}
