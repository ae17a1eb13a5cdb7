import EventLoop

extension WebSocketConnection {
    func handleServerHandshake(_ result: HTTPParseResult, bytes: UnsafeMutableRawBufferPointer) {
        guard let server else { stream.close(); return }
        switch result {
        case .needMore:
            return
        case .failed(let status, let reason):
            server.counters.handshakesRejected += 1
            respondAndClose(HTTPResponse.make(status: status, reason: HTTPStatus.reason(status), body: Array((reason + "\n").utf8)))
        case .complete(let head, let consumed):
            switch ServerHandshake.decide(head, config: server.configuration.handshake) {
            case .notUpgrade:
                let response = server.httpResponder(head)
                respondAndClose(head.method == "HEAD" ? HTTPResponse.headOnly(response) : response)
            case .reject(let response, _):
                server.counters.handshakesRejected += 1
                respondAndClose(response)
            case .accept(let response, let subprotocol):
                if let refusal = server.admit(self, head: head, subprotocol: subprotocol) {
                    server.counters.handshakesRejected += 1
                    respondAndClose(refusal)
                    return
                }
                response.withUnsafeBytes { stream.write($0) }
                requestParser = nil
                lifecycle.upgraded(now: now)
                server.counters.upgrades += 1
                server.onOpen(self, head, subprotocol)
                // Frames may have arrived in the same read as the handshake.
                if consumed < bytes.count, isOpen {
                    readFrames(UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
                }
            }
        }
    }

    /// Writes a plain HTTP answer and ends the connection once it is sent (or at the
    /// response deadline, if the peer does not read it).
    func respondAndClose(_ response: [UInt8]) {
        requestParser = nil
        lifecycle.responding(now: now)
        response.withUnsafeBytes { stream.write($0) }
        stream.closeAfterWriting()
    }

    func handleClientHandshake(_ result: ClientHandshake.Result, bytes: UnsafeMutableRawBufferPointer) {
        switch result {
        case .needMore:
            return
        case .failed(let reason):
            let completion = onClientResult
            onClientResult = nil
            clientHandshake = nil
            lifecycle.closed(now: now)
            stream.close()
            completion?(.failure(.handshakeFailed(reason)))
        case .accepted(_, let consumed):
            clientHandshake = nil
            lifecycle.upgraded(now: now)
            let completion = onClientResult
            onClientResult = nil
            completion?(.success(self))
            if consumed < bytes.count, isOpen {
                readFrames(UnsafeMutableRawBufferPointer(rebasing: bytes[consumed...]))
            }
        }
    }
}

/// Reason phrases for the statuses we send.
enum HTTPStatus {
    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 426: return "Upgrade Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Error"
        }
    }
}
