// Fuzz target `client-message`: `ClientMessage.decode`, the server's decoder for what
// clients send.
//
// Input: one whole message. Checks: decoding never traps; a refusal is a ProtocolError
// with a code the decoder documents and a message; decoding the same bytes from a slice
// that does not start at index 0 gives the same result (offsets in messages included);
// and a decoded message re-encodes (with the clients' encoder, `ClientMessage.encoded`)
// to exactly the input bytes and decodes back to itself.
import Wire

private let refusalCodes: [ErrorCode] = [.malformedMessage, .unknownMessageKind, .unsupportedVersion, .valueOutOfRange]

private func decode(_ bytes: ArraySlice<UInt8>) -> Result<ClientMessage, ProtocolError> {
    do throws(ProtocolError) {
        return .success(try ClientMessage.decode(bytes))
    } catch {
        return .failure(error)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func clientMessageFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let result = decode(bytes[...])

    let shifted = [0xA5, 0x5A] + bytes
    let shiftedResult = decode(shifted[2...])
    fuzzCheck(shiftedResult == result, "slice at index 2 decodes differently: \(shiftedResult) vs \(result)")

    switch result {
    case .failure(let error):
        fuzzCheck(refusalCodes.contains(error.code), "unexpected refusal code \(error.code)")
        fuzzCheck(!error.message.isEmpty, "refusal without a message")
    case .success(let message):
        fuzzCheck(message.kind.rawValue == bytes.first, "kind \(message.kind) from first byte \(String(describing: bytes.first))")
        let encoded = message.encoded()
        fuzzCheck(encoded == bytes, "\(message) re-encodes to \(encoded), not the \(bytes.count) input bytes")
        fuzzCheck(decode(encoded[...]) == .success(message), "decode(encode(\(message))) differs")
    }
    return 0
}
