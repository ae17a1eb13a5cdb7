/// A growable byte buffer in raw memory whose address stays put while libuv writes from
/// it (a Swift array gives no such promise). Allocated on first use, so an idle
/// connection costs nothing here.
struct OutboundBuffer {
    private(set) var base: UnsafeMutableRawPointer?
    private(set) var count = 0
    private(set) var capacity = 0

    /// Buffers that grew past this are freed once drained, so a burst does not pin memory.
    static let keepCapacity = 64 * 1024

    var isEmpty: Bool { count == 0 }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        append(bytes, UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Both pieces, one after the other, with one check of the capacity.
    mutating func append(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) {
        let total = first.count + second.count
        guard total > 0 else { return }
        reserve(count + total)
        if let bytes = first.baseAddress { (base! + count).copyMemory(from: bytes, byteCount: first.count) }
        if let bytes = second.baseAddress { (base! + count + first.count).copyMemory(from: bytes, byteCount: second.count) }
        count += total
    }

    private mutating func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = Swift.max(capacity * 2, 512)
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let base {
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
        }
        base = grown
        capacity = newCapacity
    }

    /// Drops the first `count` bytes (sent), keeping the rest at the front.
    mutating func removeFirst(_ count: Int) {
        guard count > 0 else { return }
        guard count < self.count else { return clear() }
        base!.copyMemory(from: base! + count, byteCount: self.count - count)
        self.count -= count
    }

    /// Forgets the contents; frees the memory when it had grown large.
    mutating func clear() {
        count = 0
        if capacity > Self.keepCapacity { release() }
    }

    mutating func release() {
        base?.deallocate()
        base = nil
        count = 0
        capacity = 0
    }
}
