import EventLoop

extension WebSocketConnection {
    /// Sends one binary message. Server side: header and payload go to the socket as two
    /// pieces, with no copy unless the kernel cannot take them now.
    public func sendBinary(_ payload: UnsafeRawBufferPointer) {
        sendFrame(.binary, payload)
    }

    /// Sends one binary message made of two pieces (a per-client head and a shared body)
    /// without joining them first. Server side: the frame header and the head go out
    /// together, the body as a second piece.
    public func sendBinary(_ head: UnsafeRawBufferPointer, _ body: UnsafeRawBufferPointer) {
        guard isOpen else { return }
        guard maskKeys == nil, head.count <= 64 else {
            // Masking copies anyway (and clients do not send snapshots): join the pieces.
            let joined = Array(head) + Array(body)
            joined.withUnsafeBytes { sendFrame(.binary, $0) }
            return
        }
        withUnsafeTemporaryAllocation(byteCount: 14 + 64, alignment: 8) { buffer in
            let size = FrameWriter.writeHeader(into: buffer, opcode: .binary, payloadCount: head.count + body.count, maskKey: nil)
            UnsafeMutableRawBufferPointer(rebasing: buffer[size...]).copyMemory(from: head)
            stream.write(UnsafeRawBufferPointer(rebasing: buffer[0..<(size + head.count)]), body)
        }
    }

    public func sendText(_ payload: UnsafeRawBufferPointer) {
        sendFrame(.text, payload)
    }

    public func sendPing(_ payload: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) {
        sendFrame(.ping, payload)
    }

    func sendFrame(_ opcode: Opcode, _ payload: UnsafeRawBufferPointer) {
        guard isOpen else { return }
        if var keys = maskKeys {
            // Client frames are masked, which needs a copy of the payload.
            let key = keys.next()
            maskKeys = keys
            scratch.removeAll(keepingCapacity: true)
            FrameWriter.appendFrame(to: &scratch, opcode: opcode, payload: payload, maskKey: key)
            scratch.withUnsafeBytes { stream.write($0) }
            if scratch.capacity > 64 * 1024 { scratch = [] }
            return
        }
        withUnsafeTemporaryAllocation(byteCount: 14, alignment: 8) { header in
            let size = FrameWriter.writeHeader(into: header, opcode: opcode, payloadCount: payload.count, maskKey: nil)
            stream.write(UnsafeRawBufferPointer(rebasing: header[0..<size]), payload)
        }
    }

    /// Starts the closing handshake: sends a close frame and waits for the peer's answer
    /// (or the closing deadline). Nothing more is sent or delivered after this.
    public func close(code: CloseCode = .normal, reason: String = "") {
        guard isOpen else {
            if isHandshaking { stream.close() }
            return
        }
        beginClosing(code: code, reason: reason)
        writeCloseFrame(code: code, reason: reason)
        if role == .client {
            // The client half-closes right away, so a silent server cannot keep it open.
            stream.closeAfterWriting()
        }
    }

    /// Drops the TCP connection at once, without a closing handshake (dead or abusive peers).
    public func abort(code: CloseCode = .abnormal, reason: String = "") {
        closeCode = code
        closeReason = reason
        stream.close()
    }

    /// Resets the TCP connection at once: queued bytes are dropped and the peer gets an RST
    /// (a peer that stopped reading cannot hold the socket).
    public func reset(code: CloseCode = .abnormal, reason: String = "") {
        // A connection already closing keeps the code its close frames exchanged.
        if lifecycle.phase != .closing {
            closeCode = code
            closeReason = reason
        }
        stream.reset()
    }
}
