import EventLoop
import WebSocket
import Wire

/// A bare TCP client for tests that need what `WebSocketClient` will not do: send half a
/// request (or nothing), set custom headers, read a raw HTTP status line, or speak
/// WebSocket by hand and never answer a ping.
final class RawClient: TCPStreamDelegate {
    var stream: TCPStream?
    var connectError: LoopError?
    /// Every byte received, in order.
    var received: [UInt8] = []
    /// The stream closed (EOF, reset or local close).
    var closed = false
    /// Set once `upgrade` succeeded: frames after the 101 head are parsed here.
    private var frames: FrameReader?
    private var handshake: ClientHandshake?
    var upgraded = false
    var handshakeFailure: String?
    /// Pings received from the server (and deliberately never answered).
    var pingsReceived = 0
    var binaryMessages: [[UInt8]] = []
    var closeCode: UInt16?
    /// When set, every ping is answered with a pong carrying these bytes instead of the
    /// ping's own payload (a peer that fakes its heartbeat).
    var forgedPongPayload: [UInt8]?
    private var maskKeys: UInt32 = 0x1234_5678
    private var pendingPongs: [[UInt8]] = []

    static func connect(loop: EventLoop, port: Int, onConnect: ((RawClient) -> Void)? = nil) -> RawClient {
        let client = RawClient()
        TCPStream.connect(loop: loop, to: try! SocketAddress(host: "127.0.0.1", port: port)) { result in
            switch result {
            case .success(let stream):
                client.stream = stream
                stream.delegate = client
                stream.startReading()
                onConnect?(client)
            case .failure(let error):
                client.connectError = error
                client.closed = true
            }
        }
        return client
    }

    var isConnected: Bool { stream != nil && !closed }

    func send(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { stream?.write($0) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    /// A WebSocket upgrade request with extra header lines (e.g. X-Forwarded-For).
    static func upgradeRequest(port: Int, extraHeaders: [String] = [], key: String = "dGhlIHNhbXBsZSBub25jZQ==",
                               subprotocol: String = ProtocolVersion.subprotocol) -> String {
        var text = "GET / HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: \(subprotocol)\r\n"
        for line in extraHeaders { text += line + "\r\n" }
        return text + "\r\n"
    }

    /// Performs the upgrade with `ClientHandshake`; afterwards frames are parsed but pings
    /// are never answered (a client whose heartbeat is dead).
    func upgrade(port: Int) {
        let shake = ClientHandshake(host: "127.0.0.1:\(port)", path: "/", subprotocols: [ProtocolVersion.subprotocol],
                                    key: Array(0..<16))
        handshake = shake
        send(shake.requestBytes)
    }

    /// Sends one masked binary frame (after `upgrade`).
    func sendMessage(_ message: ClientMessage) {
        sendFrame(.binary, message.encoded())
    }

    /// Sends one frame, masked as a client must (or not, to break the protocol).
    func sendFrame(_ opcode: Opcode, _ payload: [UInt8], masked: Bool = true) {
        var frame: [UInt8] = []
        maskKeys = maskKeys &* 1_664_525 &+ 1_013_904_223
        payload.withUnsafeBytes {
            FrameWriter.appendFrame(to: &frame, opcode: opcode, payload: $0, maskKey: masked ? maskKeys : nil)
        }
        send(frame)
    }

    /// Sends a masked close frame.
    func sendClose(code: CloseCode) {
        var frame: [UInt8] = []
        maskKeys = maskKeys &* 1_664_525 &+ 1_013_904_223
        FrameWriter.appendCloseFrame(to: &frame, code: code, reason: "", maskKey: maskKeys)
        send(frame)
    }

    /// The status code of an HTTP response received so far, if its status line is complete.
    var statusCode: Int? {
        guard let end = received.firstIndex(of: UInt8(ascii: "\r")) else { return nil }
        let line = String(decoding: received[..<end], as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(parts[1])
    }

    /// The HTTP response body (after the blank line), as text.
    var body: String {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard received.count >= 4 else { return "" }
        for index in 0...(received.count - 4) where Array(received[index..<index + 4]) == separator {
            return String(decoding: received[(index + 4)...], as: UTF8.self)
        }
        return ""
    }

    func close() { stream?.close() }

    // MARK: TCPStreamDelegate

    func stream(_ stream: TCPStream, didRead bytes: UnsafeMutableRawBufferPointer) {
        received.append(contentsOf: bytes)
        if var shake = handshake {
            let result = shake.feed(UnsafeRawBufferPointer(bytes))
            handshake = shake
            switch result {
            case .needMore:
                return
            case .failed(let reason):
                handshake = nil
                handshakeFailure = reason
                return
            case .accepted(_, let consumed):
                handshake = nil
                upgraded = true
                frames = FrameReader(role: .client)
                if consumed < bytes.count { readFrames(UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...])) }
                return
            }
        }
        if frames != nil { readFrames(bytes) }
    }

    private func readFrames(_ bytes: UnsafeMutableRawBufferPointer) {
        guard var reader = frames else { return }
        _ = reader.read(bytes) { event in
            switch event {
            case .ping:
                self.pingsReceived += 1
                if let forged = self.forgedPongPayload { self.pendingPongs.append(forged) }
            case .binary(let payload): self.binaryMessages.append(Array(payload))
            case .close(let code, _): self.closeCode = code
            default: break
            }
        }
        frames = reader
        // Answered after parsing: sending from inside the reader's callback would reenter it.
        for payload in pendingPongs { sendFrame(.pong, payload) }
        pendingPongs.removeAll()
    }

    func streamDidClose(_ stream: TCPStream, error: LoopError?) {
        closed = true
    }
}
