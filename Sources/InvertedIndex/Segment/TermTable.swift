#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns term keys (a field byte + term bytes) to dense ids without allocating per lookup:
/// an open-addressing hash table over one byte arena (no `String` per token; see
/// SWIFT-NOTES.md).
///
/// Hot-path layout: a slot is one `UInt64` holding the key's 32-bit hash and its id + 1, so
/// a probe touches one cache line and compares hashes before it reads the arena. The hash
/// reads the term as at most two overlapping 4-byte words (≤ 8 bytes) or 8-byte words.
/// Storage is manual (`UnsafeMutablePointer`), so appends have no uniqueness or bounds checks.
final class TermTable {
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// Per id: key start in the arena and key length (field byte included).
    private var entries: UnsafeMutablePointer<(start: Int32, length: Int32)>
    private var entryCapacity: Int
    private(set) var count = 0
    private var slots: UnsafeMutablePointer<UInt64>
    private var mask: Int

    /// A table sized for `capacity` terms, with key storage reserved (allocated, not touched)
    /// for `reserve` terms of 16 bytes, so that it rarely grows by copying.
    init(capacity: Int = 1 << 14, reserve: Int = 1 << 14) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        arenaCapacity = max(max(capacity, reserve) * 16, 64)
        arena = .allocate(capacity: arenaCapacity)
        HugePages.advise(arena, bytes: arenaCapacity)
        entryCapacity = max(max(capacity, reserve), 16)
        entries = .allocate(capacity: entryCapacity)
    }

    deinit {
        arena.deallocate()
        entries.deallocate()
        slots.deallocate()
    }

    /// Bytes of key data (for the writer's 2 GB offset limit).
    var arenaBytes: Int { arenaCount }

    /// The key of `id` (field byte first); valid while the table lives and is not mutated.
    func key(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        let entry = entries[Int(id)]
        return UnsafeBufferPointer(start: arena + Int(entry.start), count: Int(entry.length))
    }

    @inline(__always)
    private static func hash(field: UInt8, _ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = (UInt64(field) << 56 | UInt64(truncatingIfNeeded: n)) &* k
        var i = 0
        while n - i > 8 {
            h = (h ^ UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) &* k
            h ^= h >> 31
            i += 8
        }
        let rest = n - i
        let q = p + i
        var w: UInt64
        if rest >= 4 {
            w = UInt64(UnsafeRawPointer(q).loadUnaligned(as: UInt32.self))
                | UInt64(UnsafeRawPointer(q + rest - 4).loadUnaligned(as: UInt32.self)) << 32
        } else if rest > 0 {
            w = UInt64(q[0]) | UInt64(q[rest >> 1]) << 8 | UInt64(q[rest - 1]) << 16
        } else {
            w = 0
        }
        h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return UInt32(truncatingIfNeeded: h)
    }

    /// The id of `field` + `term`, adding it if new. `isNew` tells which.
    @inline(__always)
    func intern(field: UInt8, term: UnsafeBufferPointer<UInt8>) -> (id: Int32, isNew: Bool) {
        let n = term.count
        let base = term.baseAddress ?? UnsafePointer(arena)  // any valid pointer for n == 0
        let hash = Self.hash(field: field, base, n)
        let tag = UInt64(hash) << 32
        var slot = Int(hash) & mask
        while true {
            let value = slots[slot]
            if value == 0 { break }
            if value & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(truncatingIfNeeded: value & 0xFFFF_FFFF) - 1
                let entry = entries[id]
                if Int(entry.length) == n + 1 {
                    let start = arena + Int(entry.start)
                    if start[0] == field && (n == 0 || memcmp(start + 1, base, n) == 0) { return (Int32(id), false) }
                }
            }
            slot = (slot + 1) & mask
        }
        let id = count
        if arenaCount + n + 1 > arenaCapacity { growArena(arenaCount + n + 1) }
        if id == entryCapacity {
            let bigger = UnsafeMutablePointer<(start: Int32, length: Int32)>.allocate(capacity: entryCapacity * 2)
            bigger.moveInitialize(from: entries, count: count)
            entries.deallocate()
            entries = bigger
            entryCapacity *= 2
        }
        entries[id] = (Int32(arenaCount), Int32(n + 1))
        arena[arenaCount] = field
        if n > 0 { (arena + arenaCount + 1).update(from: base, count: n) }
        arenaCount += n + 1
        slots[slot] = tag | UInt64(id + 1)
        count += 1
        if count * 2 > mask + 1 { grow() }
        return (Int32(id), true)
    }

    private func growArena(_ needed: Int) {
        var capacity = arenaCapacity * 2
        while capacity < needed { capacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        HugePages.advise(bigger, bytes: capacity)
        bigger.update(from: arena, count: arenaCount)
        arena.deallocate()
        arena = bigger
        arenaCapacity = capacity
    }

    private func grow() {
        let size = (mask + 1) * 2
        let old = slots
        let oldSize = mask + 1
        slots = .allocate(capacity: size)
        HugePages.advise(slots, bytes: size * 8)
        slots.initialize(repeating: 0, count: size)
        mask = size - 1
        for i in 0..<oldSize where old[i] != 0 {
            var slot = Int(truncatingIfNeeded: old[i] >> 32) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[i]
        }
        old.deallocate()
    }

    /// All ids ordered by key bytes (unsigned lexicographic).
    ///
    /// Sorts (first 8 key bytes big-endian, id) pairs as plain `UInt64`s first — most keys
    /// differ there — and only then orders runs of equal prefixes by full comparison.
    func sortedIDs() -> [Int32] {
        var pairs = [(prefix: UInt64, id: Int32)]()
        pairs.reserveCapacity(count)
        for id in 0..<count {
            let entry = entries[id]
            var prefix: UInt64 = 0
            let length = Int(entry.length)
            let start = arena + Int(entry.start)
            for i in 0..<8 { prefix = prefix << 8 | (i < length ? UInt64(start[i]) : 0) }
            pairs.append((prefix, Int32(id)))
        }
        let arena = self.arena
        let entries = self.entries
        pairs.sort { a, b in
            if a.prefix != b.prefix { return a.prefix < b.prefix }
            let ea = entries[Int(a.id)], eb = entries[Int(b.id)]
            let la = Int(ea.length), lb = Int(eb.length)
            let order = memcmp(arena + Int(ea.start), arena + Int(eb.start), min(la, lb))
            return order != 0 ? order < 0 : la < lb
        }
        return pairs.map(\.id)
    }
}
