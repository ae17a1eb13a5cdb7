/// The replicated view of a world at one tick: entities sorted by id, each a kind and up
/// to `fieldsPerEntity` Int32 field values. Stored flat so a room's snapshot ring can
/// reuse the same arrays tick after tick without allocating; a server sizes
/// `fieldsPerEntity` to its schema (`EntitySchema.maxFieldCount`) so 32 states per room
/// stay small.
public struct WorldState: Sendable, Equatable {
    /// The most fields any entity kind may have.
    public static let maxFields = 16

    /// The tick this view is of.
    public var tick: UInt32
    /// Values stored per entity (1...maxFields); every kind in use must fit.
    public private(set) var fieldsPerEntity: Int
    /// Entity ids, strictly increasing; a player's entity has the player's id.
    public private(set) var ids: [UInt16]
    /// Each entity's kind id, parallel to `ids`.
    public private(set) var kinds: [UInt8]
    /// `fieldsPerEntity` values per entity, entity `i` at
    /// `i * fieldsPerEntity ..< (i + 1) * fieldsPerEntity`. Fields a kind does not have stay 0.
    /// A copy: codecs and games read fields through `fields(of:)` and `value(_:_:)`.
    public var values: [Int32] { Array(storage[..<(ids.count * fieldsPerEntity)]) }
    /// The values, then zeros up to the array's capacity. An entity is appended by storing
    /// its 16 lanes at once where they fit (the lanes past `fieldsPerEntity` land beyond the
    /// last entity and the next one overwrites them), not by growing the array per entity.
    private var storage: [Int32]

    /// An empty state; traps unless `fieldsPerEntity` is 1...maxFields.
    public init(tick: UInt32 = 0, fieldsPerEntity: Int = WorldState.maxFields) {
        precondition((1...Self.maxFields).contains(fieldsPerEntity), "fieldsPerEntity must be 1...\(Self.maxFields)")
        self.tick = tick
        self.fieldsPerEntity = fieldsPerEntity
        ids = []
        kinds = []
        storage = []
    }

    /// Number of entities.
    public var count: Int { ids.count }

    /// Empties the state but keeps its storage for reuse.
    public mutating func removeAll(tick: UInt32) {
        self.tick = tick
        ids.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
    }

    /// Makes room for `count` values after the first `entities` entities' values: first up to
    /// what is allocated, past it the array grows as arrays do (doubling), so a state needs no
    /// more memory than a plain array of its values would.
    @inline(__always)
    private mutating func reserveValues(_ count: Int, after entities: Int) {
        let needed = entities * fieldsPerEntity + count
        if storage.count < needed {
            storage.append(contentsOf: repeatElement(0, count: Swift.max(needed, storage.capacity) - storage.count))
        }
    }

    /// Appends an entity with all fields 0 and returns its index. Ids must be appended in
    /// strictly increasing order.
    @discardableResult
    public mutating func append(id: UInt16, kind: UInt8) -> Int {
        append(id: id, kind: kind, values: .zero)
    }

    /// Appends an entity with its field values (lanes past `fieldsPerEntity` are ignored) and
    /// returns its index: one append per entity, for codecs that build a whole entity.
    @discardableResult
    public mutating func append(id: UInt16, kind: UInt8, values fields: SIMD16<Int32>) -> Int {
        precondition(ids.last.map { $0 < id } ?? true, "entities must be appended in increasing id order")
        let index = ids.count
        reserveValues(fieldsPerEntity, after: index)
        storage.withUnsafeMutableBytes { Self.store(fields, entity: index, fieldsPerEntity: fieldsPerEntity, into: $0) }
        ids.append(id)
        kinds.append(kind)
        return index
    }

    /// Appends the entities `body` gives its appender, at most `capacity` of them, making
    /// the arrays unique and growing them once for the batch instead of once per entity (a
    /// game's capture appends every entity of its world on every snapshot tick).
    public mutating func appendEntities(capacity: Int, _ body: (inout EntityAppender) -> Void) {
        precondition(capacity >= 0, "capacity must not be negative")
        let start = ids.count
        let previousID = ids.last.map { Int($0) } ?? -1
        ids.append(contentsOf: repeatElement(0, count: capacity))
        kinds.append(contentsOf: repeatElement(0, count: capacity))
        reserveValues(capacity &* fieldsPerEntity, after: start)
        let width = fieldsPerEntity
        let added = ids.withUnsafeMutableBufferPointer { ids in
            kinds.withUnsafeMutableBufferPointer { kinds in
                storage.withUnsafeMutableBytes { values in
                    var appender = EntityAppender(ids: ids, kinds: kinds, values: values, fieldsPerEntity: width,
                                                  next: start, previousID: previousID)
                    body(&appender)
                    // Appenders are ~Copyable but can be swapped between nested batches.
                    precondition(appender.ids.baseAddress == ids.baseAddress, "an appender of another batch")
                    return appender.next &- start
                }
            }
        }
        ids.removeLast(capacity &- added)
        kinds.removeLast(capacity &- added)
    }

    /// Stores an entity's lanes at its place: all 16 at once where the storage has room
    /// (the lanes past `fieldsPerEntity` land beyond the entity, where the next one
    /// overwrites them), else only its own fields.
    @inline(__always)
    static func store(_ fields: SIMD16<Int32>, entity: Int, fieldsPerEntity: Int, into raw: UnsafeMutableRawBufferPointer) {
        let offset = entity &* fieldsPerEntity &* 4
        if raw.count &- offset >= MemoryLayout<SIMD16<Int32>>.size {
            raw.storeBytes(of: fields, toByteOffset: offset, as: SIMD16<Int32>.self)
        } else {  // the last few values the storage holds
            withUnsafeBytes(of: fields) { lanes in
                raw.baseAddress!.advanced(by: offset).copyMemory(from: lanes.baseAddress!, byteCount: fieldsPerEntity &* 4)
            }
        }
    }

    /// Appends entities `range` of `other` as they are, in one copy per array. Both states
    /// must have the same `fieldsPerEntity`, and ids must stay strictly increasing.
    public mutating func append(contentsOf other: WorldState, entities range: Range<Int>) {
        precondition(other.fieldsPerEntity == fieldsPerEntity, "fieldsPerEntity differs: \(other.fieldsPerEntity) and \(fieldsPerEntity)")
        guard !range.isEmpty else { return }
        precondition(range.lowerBound >= 0 && range.upperBound <= other.count, "entities \(range) beyond \(other.count)")
        precondition(ids.last.map { $0 < other.ids[range.lowerBound] } ?? true, "entities must be appended in increasing id order")
        // Through buffer pointers: appending array slices retains and releases their storage.
        let valueRange = (range.lowerBound * fieldsPerEntity)..<(range.upperBound * fieldsPerEntity)
        reserveValues(valueRange.count, after: ids.count)
        let start = ids.count * fieldsPerEntity
        other.storage.withUnsafeBufferPointer { source in
            storage.withUnsafeMutableBufferPointer { target in
                (target.baseAddress! + start).update(from: source.baseAddress! + valueRange.lowerBound, count: valueRange.count)
            }
        }
        other.ids.withUnsafeBufferPointer { ids.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        other.kinds.withUnsafeBufferPointer { kinds.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Every field of the entity at index `entity`, in lanes (0 past `fieldsPerEntity`).
    public func fields(of entity: Int) -> SIMD16<Int32> {
        precondition(entity >= 0 && entity < ids.count, "no entity at index \(entity)")
        var lanes = SIMD16<Int32>.zero
        let start = entity &* fieldsPerEntity
        storage.withUnsafeBufferPointer { source in
            withUnsafeMutableBytes(of: &lanes) { target in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(source)[(start &* 4)..<((start &+ fieldsPerEntity) &* 4)]))
            }
        }
        return lanes
    }

    /// The entities' values in place, entity after entity (`count * fieldsPerEntity` of
    /// them), for codecs that read every field of every entity.
    public func withValues<Result>(_ body: (UnsafeBufferPointer<Int32>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<(ids.count &* fieldsPerEntity)])) }
    }

    /// Field `field` of the entity at index `entity` (an index, not an id).
    public func value(_ entity: Int, _ field: Int) -> Int32 {
        // As an array of just the values would check: the index within them (one comparison,
        // this is the codecs' hot read); a field past `fieldsPerEntity` only in debug builds.
        assert(UInt(bitPattern: field) < UInt(fieldsPerEntity), "field \(field) beyond fieldsPerEntity \(fieldsPerEntity)")
        let index = entity &* fieldsPerEntity &+ field
        precondition(UInt(bitPattern: index) < UInt(ids.count &* fieldsPerEntity), "no entity at index \(entity)")
        return storage.withUnsafeBufferPointer { $0[index] }  // checked above, within the storage
    }

    /// Sets field `field` of the entity at index `entity`; traps when `field >= fieldsPerEntity`.
    public mutating func set(_ entity: Int, _ field: Int, _ value: Int32) {
        // Past the last entity the storage holds no entity's values.
        precondition(UInt(bitPattern: field) < UInt(fieldsPerEntity), "field \(field) beyond fieldsPerEntity \(fieldsPerEntity)")
        precondition(UInt(bitPattern: entity) < UInt(ids.count), "no entity at index \(entity)")
        storage[entity &* fieldsPerEntity &+ field] = value
    }

    /// Index of the entity with this id, if present (binary search).
    public func index(of id: UInt16) -> Int? {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low < ids.count && ids[low] == id ? low : nil
    }

    /// Copies `other` into self, reusing storage.
    public mutating func assign(from other: WorldState) {
        tick = other.tick
        fieldsPerEntity = other.fieldsPerEntity
        ids.removeAll(keepingCapacity: true); ids.append(contentsOf: other.ids)
        kinds.removeAll(keepingCapacity: true); kinds.append(contentsOf: other.kinds)
        storage.removeAll(keepingCapacity: true)
        other.storage.withUnsafeBufferPointer { storage.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<(other.count * other.fieldsPerEntity)])) }
    }

    /// Equal when tick, layout, entities and their values are: the room past the last
    /// entity does not count.
    public static func == (lhs: WorldState, rhs: WorldState) -> Bool {
        guard lhs.tick == rhs.tick, lhs.fieldsPerEntity == rhs.fieldsPerEntity, lhs.ids == rhs.ids, lhs.kinds == rhs.kinds
        else { return false }
        let count = lhs.ids.count * lhs.fieldsPerEntity
        return lhs.storage[..<count].elementsEqual(rhs.storage[..<count])
    }
}

/// Where `WorldState.appendEntities` puts a batch of entities: straight into the state's
/// storage, checked against the batch's capacity and the increasing ids.
public struct EntityAppender: ~Copyable {
    let ids: UnsafeMutableBufferPointer<UInt16>
    let kinds: UnsafeMutableBufferPointer<UInt8>
    let values: UnsafeMutableRawBufferPointer
    let fieldsPerEntity: Int
    /// Index of the next entity.
    var next: Int
    var previousID: Int

    /// Appends an entity with its field values (lanes past `fieldsPerEntity` are ignored).
    /// Traps past the batch's capacity, or when `id` is not above the last id.
    public mutating func append(id: UInt16, kind: UInt8, values fields: SIMD16<Int32>) {
        precondition(next < ids.count, "more entities than the batch's capacity")
        precondition(Int(id) > previousID, "entities must be appended in increasing id order")
        WorldState.store(fields, entity: next, fieldsPerEntity: fieldsPerEntity, into: values)
        ids[next] = id
        kinds[next] = kind
        next &+= 1
        previousID = Int(id)
    }
}
