#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns term keys (a field byte + term bytes) to dense ids without allocating per lookup:
/// an open-addressing hash table over one byte arena (measured ≈1.4× faster than
/// `Dictionary<String, Int>` and no `String` per token; see SWIFT-NOTES.md).
struct TermTable {
    private(set) var arena: [UInt8] = []
    private(set) var starts: [Int32] = []
    private(set) var lengths: [Int32] = []
    private var hashes: [UInt32] = []
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        arena.reserveCapacity(capacity * 8)
    }

    /// The number of distinct keys.
    var count: Int { starts.count }

    /// Bytes held by the table (arena and bookkeeping), for the memory budget.
    var memoryUsage: Int { arena.capacity + slots.count * 4 + starts.count * 12 }

    /// The key of `id` (field byte first).
    func key(_ id: Int32) -> ArraySlice<UInt8> {
        let start = Int(starts[Int(id)])
        return arena[start..<start + Int(lengths[Int(id)])]
    }

    /// The id of `field` + `term`, adding it if new. `isNew` tells which.
    mutating func intern(field: UInt8, term: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        // FNV-1a, 32-bit, over the field byte and the term.
        var hash: UInt32 = (2_166_136_261 ^ UInt32(field)) &* 16_777_619
        for byte in term { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        var slot = Int(hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            if hashes[Int(id)] == hash && matches(Int(id), field: field, term: term) { return (id, false) }
            slot = (slot + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(Int32(arena.count))
        lengths.append(Int32(term.count + 1))
        hashes.append(hash)
        arena.append(field)
        arena.append(contentsOf: term)
        slots[slot] = id
        if starts.count * 2 > slots.count { grow() }
        return (id, true)
    }

    private func matches(_ id: Int, field: UInt8, term: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[id]) == term.count + 1 else { return false }
        let start = Int(starts[id])
        guard arena[start] == field else { return false }
        return arena.withUnsafeBufferPointer { arena in
            term.isEmpty || memcmp(arena.baseAddress! + start + 1, term.baseAddress!, term.count) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        for id in 0..<starts.count {
            var slot = Int(hashes[id]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }

    /// All ids ordered by key bytes (unsigned lexicographic).
    func sortedIDs() -> [Int32] {
        var ids = (0..<Int32(count)).map { $0 }
        arena.withUnsafeBufferPointer { arena in
            let base = arena.baseAddress!
            ids.sort { a, b in
                let sa = Int(starts[Int(a)]), la = Int(lengths[Int(a)])
                let sb = Int(starts[Int(b)]), lb = Int(lengths[Int(b)])
                let order = memcmp(base + sa, base + sb, min(la, lb))
                return order != 0 ? order < 0 : la < lb
            }
        }
        return ids
    }
}
