#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a term dictionary written by ``TermDictionaryWriter`` directly from its mapping.
///
/// - Complexity: lookup is O(log b) key comparisons over the block index plus a scan of one
///   block of at most 32 prefix-compressed entries.
struct TermDictionaryReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    let termCount: Int
    /// Blocks of at most ``TermDictionaryWriter/blockSize`` entries.
    let blockCount: Int
    private let keysStart: Int
    private let offsetsStart: Int
    private let end: Int

    init(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) {
        self.bytes = bytes
        self.path = path
        end = try IndexFile.validate(bytes, kind: .termDictionary, path: path, verifyChecksum: false)
        guard end >= IndexFile.headerSize + 32 else { throw .corrupt("term dictionary trailer missing", path: path) }
        var trailer = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), offset: end - 32, path: path)
        termCount = try trailer.readUInt64(atMost: end)
        blockCount = try trailer.readUInt64(atMost: end)
        keysStart = try trailer.readUInt64(atMost: end)
        offsetsStart = try trailer.readUInt64(atMost: end)
        guard keysStart >= IndexFile.headerSize, keysStart <= offsetsStart,
            offsetsStart + blockCount * 8 == end - 32,
            (termCount + TermDictionaryWriter.blockSize - 1) / TermDictionaryWriter.blockSize == blockCount
        else { throw .corrupt("term dictionary trailer is inconsistent", path: path) }
    }

    /// The first key of block `index` and the block's offset.
    private func blockKey(_ index: Int) throws(IndexError) -> (key: UnsafeRawBufferPointer, offset: Int) {
        let offset = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offsetsStart + index * 8, as: UInt64.self))
        guard offset < UInt64(offsetsStart - keysStart) else { throw .corrupt("block index out of bounds", path: path) }
        var reader = ByteReader(
            UnsafeRawBufferPointer(rebasing: bytes[..<offsetsStart]), offset: keysStart + Int(offset), path: path)
        let key = try reader.readLengthPrefixed()
        let blockOffset = try reader.readVarint(atMost: keysStart - 1)
        return (key, blockOffset)
    }

    /// The entry for `key`, or `nil` when the segment does not contain it.
    func lookup(_ key: UnsafeRawBufferPointer) throws(IndexError) -> TermInfo? {
        // The last block whose first key is ≤ key.
        var low = 0
        var high = blockCount
        while low < high {
            let middle = (low + high) / 2
            if try compare(blockKey(middle).key, key) <= 0 { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        var found: TermInfo?
        try scanBlock(low - 1) { entryKey, info in
            let order = compare(entryKey, key)
            if order == 0 { found = info }
            return order < 0
        }
        return found
    }

    /// Calls `body` with every key ≥ `start` in order until it returns false.
    func forEachTerm(
        from start: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, TermInfo) throws(IndexError) -> Bool
    ) throws(IndexError) {
        var low = 0
        var high = blockCount
        while low < high {
            let middle = (low + high) / 2
            if try compare(blockKey(middle).key, start) <= 0 { low = middle + 1 } else { high = middle }
        }
        var block = max(low - 1, 0)
        var keepGoing = true
        while keepGoing && block < blockCount {
            try scanBlock(block) { key, info throws(IndexError) in
                if compare(key, start) < 0 { return true }
                keepGoing = try body(key, info)
                return keepGoing
            }
            block += 1
        }
    }

    /// Decodes block `index` (`0..<blockCount`), calling `body` per entry in key order until
    /// it returns false.
    func scanBlock(
        _ index: Int, _ body: (UnsafeRawBufferPointer, TermInfo) throws(IndexError) -> Bool
    ) throws(IndexError) {
        let (_, blockOffset) = try blockKey(index)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<keysStart]), offset: blockOffset, path: path)
        let entries = min(TermDictionaryWriter.blockSize, termCount - index * TermDictionaryWriter.blockSize)
        var key = [UInt8]()
        key.reserveCapacity(64)
        var info = TermInfo(docFreq: 0, postingsOffset: 0, positionsOffset: 0)
        for _ in 0..<entries {
            let shared = try reader.readVarint(atMost: key.count)
            let suffix = try reader.readLengthPrefixed()
            key.removeSubrange(shared...)
            key.append(contentsOf: suffix)
            info.docFreq = try reader.readVarint(atMost: Int(Int32.max))
            info.postingsOffset += try reader.readVarint(atMost: Int(Int32.max) << 16)
            info.positionsOffset += try reader.readVarint(atMost: Int(Int32.max) << 16)
            let outcome = key.withUnsafeBytes { k in
                Result { () throws(IndexError) -> Bool in try body(k, info) }
            }
            let keepGoing = try outcome.get()
            if !keepGoing { return }
        }
    }

    /// The first key of block `index` (`0..<blockCount`), for walks that seek
    /// (``forEachTerm(seekingFrom:_:)``).
    func firstKey(ofBlock index: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        try blockKey(index).key
    }
}

/// Unsigned lexicographic comparison: negative, zero or positive.
func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let common = min(a.count, b.count)
    if common > 0 {
        let order = memcmp(a.baseAddress!, b.baseAddress!, common)
        if order != 0 { return Int(order) }
    }
    return a.count - b.count
}
