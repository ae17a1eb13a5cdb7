/// Every way a peer can break RFC 6455, mapped to its close code and reason in one place.
/// A one-byte enum so the reader can keep a sticky failure without storing a String.
enum FrameReadError: UInt8, Error, Sendable {
    case reservedBitsSet
    case unknownOpcode
    case fragmentedControlFrame
    case controlFrameTooLong
    case continuationWithoutMessage
    case newMessageDuringFragmentedMessage
    case lengthTopBitSet
    case unmaskedClientFrame
    case maskedServerFrame
    case messageTooBig
    case tooManyFragments
    case invalidUTF8Text
    case closeBodyOneByte
    case invalidCloseCode
    case invalidUTF8CloseReason
    case dataAfterClose

    var failure: WebSocketFailure {
        switch self {
        case .reservedBitsSet: WebSocketFailure(code: .protocolError, reason: "reserved bits set")
        case .unknownOpcode: WebSocketFailure(code: .protocolError, reason: "unknown opcode")
        case .fragmentedControlFrame: WebSocketFailure(code: .protocolError, reason: "fragmented control frame")
        case .controlFrameTooLong: WebSocketFailure(code: .protocolError, reason: "control frame over 125 bytes")
        case .continuationWithoutMessage: WebSocketFailure(code: .protocolError, reason: "continuation without a started message")
        case .newMessageDuringFragmentedMessage: WebSocketFailure(code: .protocolError, reason: "new message inside a fragmented message")
        case .lengthTopBitSet: WebSocketFailure(code: .protocolError, reason: "64-bit length with top bit set")
        case .unmaskedClientFrame: WebSocketFailure(code: .protocolError, reason: "unmasked client frame")
        case .maskedServerFrame: WebSocketFailure(code: .protocolError, reason: "masked server frame")
        case .messageTooBig: WebSocketFailure(code: .messageTooBig, reason: "message too big")
        case .tooManyFragments: WebSocketFailure(code: .messageTooBig, reason: "too many fragments")
        case .invalidUTF8Text: WebSocketFailure(code: .invalidPayload, reason: "invalid UTF-8 in text message")
        case .closeBodyOneByte: WebSocketFailure(code: .protocolError, reason: "close frame with 1-byte body")
        case .invalidCloseCode: WebSocketFailure(code: .protocolError, reason: "invalid close code")
        case .invalidUTF8CloseReason: WebSocketFailure(code: .invalidPayload, reason: "invalid UTF-8 in close reason")
        case .dataAfterClose: WebSocketFailure(code: .protocolError, reason: "data after close")
        }
    }
}
