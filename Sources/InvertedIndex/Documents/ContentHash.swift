/// A fast, streaming 64-bit content hash: the XXH64 algorithm (four 64-bit lanes over
/// 32-byte stripes, multiply–rotate rounds, a final avalanche), written here from its
/// published description.
///
/// It confirms that a source file whose size or modification time changed still holds the
/// same bytes, so `searchctl index` can skip re-indexing it. Not cryptographic: it guards
/// against accidents, not adversaries. Feeding the bytes in any split gives the same hash as
/// one call with all of them.
///
/// ```swift
/// var hasher = ContentHasher()
/// hasher.update(chunk1)
/// hasher.update(chunk2)
/// let hash = hasher.finalize()   // == ContentHasher.hash(chunk1 + chunk2)
/// ```
public struct ContentHasher: Sendable {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var lanes: (UInt64, UInt64, UInt64, UInt64)
    private var total: UInt64 = 0
    /// Bytes of an incomplete stripe (fewer than 32).
    private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var pendingCount = 0
    private let seed: UInt64

    /// A hasher with `seed` (0 by default).
    public init(seed: UInt64 = 0) {
        self.seed = seed
        lanes = (seed &+ Self.prime1 &+ Self.prime2, seed &+ Self.prime2, seed, seed &- Self.prime1)
    }

    /// The hash of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var hasher = ContentHasher(seed: seed)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The hash of `bytes` in one call.
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 {
        (value << bits) | (value >> (64 - bits))
    }

    @inline(__always)
    private static func mergeRound(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator ^ round(0, lane)) &* prime1 &+ prime4
    }

    @inline(__always)
    private mutating func stripe(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) {
        lanes = (Self.round(lanes.0, a), Self.round(lanes.1, b), Self.round(lanes.2, c), Self.round(lanes.3, d))
    }

    /// Adds `bytes` to the hashed stream.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        total &+= UInt64(bytes.count)
        var offset = 0
        // Complete a pending stripe first.
        if pendingCount > 0 {
            withUnsafeMutableBytes(of: &pending) { stripeBytes in
                let take = min(32 - pendingCount, bytes.count)
                stripeBytes.baseAddress!.advanced(by: pendingCount).copyMemory(from: base, byteCount: take)
                pendingCount += take
                offset = take
            }
            guard pendingCount == 32 else { return }
            stripe(
                UInt64(littleEndian: pending.0), UInt64(littleEndian: pending.1), UInt64(littleEndian: pending.2),
                UInt64(littleEndian: pending.3))
            pendingCount = 0
        }
        while bytes.count - offset >= 32 {
            stripe(
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
                UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
            offset += 32
        }
        let rest = bytes.count - offset
        if rest > 0 {
            withUnsafeMutableBytes(of: &pending) { stripeBytes in
                stripeBytes.baseAddress!.copyMemory(from: base + offset, byteCount: rest)
            }
            pendingCount = rest
        }
    }

    /// Adds `bytes` to the hashed stream.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        update(UnsafeRawBufferPointer(bytes))
    }

    /// The hash of everything added so far (the hasher can go on being updated).
    public func finalize() -> UInt64 {
        var hash: UInt64
        if total >= 32 {
            hash =
                Self.rotate(lanes.0, 1) &+ Self.rotate(lanes.1, 7) &+ Self.rotate(lanes.2, 12)
                &+ Self.rotate(lanes.3, 18)
            hash = Self.mergeRound(hash, lanes.0)
            hash = Self.mergeRound(hash, lanes.1)
            hash = Self.mergeRound(hash, lanes.2)
            hash = Self.mergeRound(hash, lanes.3)
        } else {
            hash = seed &+ Self.prime5
        }
        hash &+= total
        var tail = pending
        let count = pendingCount
        withUnsafeBytes(of: &tail) { bytes in
            var offset = 0
            while count - offset >= 8 {
                let lane = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash = Self.rotate(hash ^ Self.round(0, lane), 27) &* Self.prime1 &+ Self.prime4
                offset += 8
            }
            if count - offset >= 4 {
                let word = UInt64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                hash = Self.rotate(hash ^ (word &* Self.prime1), 23) &* Self.prime2 &+ Self.prime3
                offset += 4
            }
            while offset < count {
                hash = Self.rotate(hash ^ (UInt64(bytes[offset]) &* Self.prime5), 11) &* Self.prime1
                offset += 1
            }
        }
        hash ^= hash >> 33
        hash &*= Self.prime2
        hash ^= hash >> 29
        hash &*= Self.prime3
        hash ^= hash >> 32
        return hash
    }
}
