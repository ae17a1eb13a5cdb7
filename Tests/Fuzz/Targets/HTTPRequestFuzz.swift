// Fuzz target `http-request`: the incremental HTTP request-head parser.
//
// Input: a `ChunkPlan` (see Tests/Fuzz/Support/FuzzSupport.swift) then the bytes a client
// sends. Config bits 3-4 pick maxHeaderBytes and bits 5-6 maxHeaderCount, mostly small.
// The bytes are parsed twice by fresh parsers, once in one read and once in the plan's
// reads. After `.complete(head, consumed)` the rest of that read is fed again (the
// parser is documented as ready for the next request), so both runs yield a list of
// heads, each with the byte range it was read from, and maybe a final failure; the two
// lists must be equal and every result must keep the parser's documented promises.
import WebSocket

private let headerByteLimits = [16, 64, 512, 8192]
private let headerCountLimits = [0, 1, 4, 64]

private enum Step: Equatable {
    case head(HTTPRequestHead, start: Int, end: Int)
    case failed(status: Int, reason: String)
}

private func parse(_ stream: UnsafeRawBufferPointer, _ reads: [Range<Int>], limits: HandshakeLimits) -> [Step] {
    var parser = HTTPRequestParser(limits: limits)
    var steps: [Step] = []
    var failure: HTTPParseResult?
    var requestStart = 0
    for range in reads {
        var offset = range.lowerBound
        repeat {
            let result = withExactCopy(UnsafeRawBufferPointer(rebasing: stream[offset ..< range.upperBound])) {
                parser.feed(UnsafeRawBufferPointer($0))
            }
            if let failure {
                fuzzCheck(result == failure, "failure not sticky: \(failure) then \(result)")
                break
            }
            switch result {
            case .needMore:
                offset = range.upperBound
            case .complete(let head, let consumed):
                fuzzCheck(consumed >= 1 && consumed <= range.upperBound - offset,
                          "consumed \(consumed) of a \(range.upperBound - offset)-byte read")
                let end = offset + consumed
                fuzzCheck(end - requestStart <= limits.maxHeaderBytes,
                          "head of \(end - requestStart) bytes accepted over the limit \(limits.maxHeaderBytes)")
                fuzzCheck(end - requestStart >= 4 && Array(stream[end - 4 ..< end]) == [13, 10, 13, 10],
                          "head does not end with CRLFCRLF")
                fuzzCheck(head.headers.count <= limits.maxHeaderCount,
                          "\(head.headers.count) headers accepted over the limit \(limits.maxHeaderCount)")
                fuzzCheck(!head.method.isEmpty && !head.target.isEmpty, "empty method or target")
                fuzzCheck(head.version.utf8.count == 8 && head.version.hasPrefix("HTTP/1."), "version \(head.version)")
                steps.append(.head(head, start: requestStart, end: end))
                requestStart = end
                offset = end
            case .failed(let status, let reason):
                fuzzCheck([400, 431, 505].contains(status) && !reason.isEmpty, "failure \(status) \(reason)")
                steps.append(.failed(status: status, reason: reason))
                failure = result
            }
        } while offset < range.upperBound && failure == nil
    }
    return steps
}

@_cdecl("LLVMFuzzerTestOneInput")
public func httpRequestFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, let (plan, stream) = ChunkPlan.parse(UnsafeRawBufferPointer(start: data, count: size)) else { return 0 }
    let limits = HandshakeLimits(
        maxHeaderBytes: headerByteLimits[plan.options & 3],
        maxHeaderCount: headerCountLimits[(plan.options >> 2) & 3]
    )
    let whole = parse(stream, [0 ..< stream.count], limits: limits)
    let split = parse(stream, plan.chunks(total: stream.count), limits: limits)
    if whole != split {
        fuzzFailure("""
            split reads differ from one read (plan \(plan))
              one read: \(whole)
              split:    \(split)
            """)
    }
    return 0
}
