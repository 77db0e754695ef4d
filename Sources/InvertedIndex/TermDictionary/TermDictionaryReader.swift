#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a term dictionary written by ``TermDictionaryWriter`` directly from its mapping.
///
/// Every byte is verified against the file's page checksums (``PageVerifier``) before its
/// value is trusted: the trailer on open, block index entries and block keys as the binary
/// search reads them, a block's entries as they are scanned.
///
/// - Complexity: lookup is O(log b) key comparisons over the block index plus a scan of one
///   block of at most 32 prefix-compressed entries.
struct TermDictionaryReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    let pages: PageVerifier
    let termCount: Int
    /// Blocks of at most ``TermDictionaryWriter/blockSize`` entries.
    let blockCount: Int
    private let keysStart: Int
    private let offsetsStart: Int
    private let end: Int

    init(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) {
        self.bytes = bytes
        self.path = path
        pages = try IndexFile.openPaged(bytes, kind: .termDictionary, path: path)
        end = pages.covered
        guard end >= IndexFile.headerSize + 32 else { throw .corrupt("term dictionary trailer missing", path: path) }
        try pages.verify(end - 32, end)
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
        try pages.verify(offsetsStart + index * 8, offsetsStart + index * 8 + 8)
        let offset = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offsetsStart + index * 8, as: UInt64.self))
        guard offset < UInt64(offsetsStart - keysStart) else { throw .corrupt("block index out of bounds", path: path) }
        var reader = ByteReader(
            UnsafeRawBufferPointer(rebasing: bytes[..<offsetsStart]), offset: keysStart + Int(offset), path: path)
        let key = try reader.readLengthPrefixed()
        let blockOffset = try reader.readVarint(atMost: keysStart - 1)
        try pages.verify(keysStart + Int(offset), reader.offset)
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
        return try find(key, inBlock: low - 1)
    }

    /// `key`'s entry in block `index`, found without rebuilding the entries' keys: it tracks
    /// how many leading bytes the previous entry shares with `key` (`matched`), which with
    /// each entry's shared-prefix length decides most comparisons without reading a byte.
    /// Reads and validates exactly what ``scanBlock(_:_:)`` would, up to the decision, and
    /// verifies the page checksums of the bytes read before the decision is trusted.
    private func find(_ key: UnsafeRawBufferPointer, inBlock index: Int) throws(IndexError) -> TermInfo? {
        let (_, blockOffset) = try blockKey(index)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<keysStart]), offset: blockOffset, path: path)
        let entries = min(TermDictionaryWriter.blockSize, termCount - index * TermDictionaryWriter.blockSize)
        var info = TermInfo(docFreq: 0, postingsOffset: 0, positionsOffset: 0)
        // The previous entry's length and how many of its leading bytes equal key's; the
        // previous entry is < key (it was passed over).
        var previousLength = 0
        var matched = 0
        for _ in 0..<entries {
            let shared = try reader.readVarint(atMost: previousLength)
            let suffix = try reader.readLengthPrefixed()
            info.docFreq = try reader.readVarint(atMost: Int(Int32.max))
            info.postingsOffset += try reader.readVarint(atMost: Int(Int32.max) << 16)
            info.positionsOffset += try reader.readVarint(atMost: Int(Int32.max) << 16)
            let length = shared + suffix.count
            if shared < matched {
                // This entry keeps fewer of key's bytes than the previous one, and the byte
                // after them grew (keys increase and the writer shares all it can), past key's:
                // this entry and every later one are > key.
                try pages.verify(blockOffset, reader.offset)
                guard !suffix.isEmpty, suffix[0] > key[shared] else {
                    throw .corrupt("term dictionary block \(index) out of order", path: path)
                }
                return nil
            }
            if shared == matched {
                // Compare the suffix with key's bytes from `matched` on.
                var i = 0
                while i < suffix.count && matched + i < key.count && suffix[i] == key[matched + i] { i += 1 }
                if i < suffix.count {
                    if matched + i == key.count || suffix[i] > key[matched + i] {  // entry > key
                        try pages.verify(blockOffset, reader.offset)
                        return nil
                    }
                    matched += i  // entry < key, differing at `matched`
                } else {
                    matched += i
                    if matched == key.count {  // same bytes, same length
                        try pages.verify(blockOffset, reader.offset)
                        return info
                    }
                    // The entry is a proper prefix of key: < key.
                }
            }
            // shared > matched: the entry agrees with the previous one where that one was
            // below key, so it is below key as well; `matched` stays.
            previousLength = length
        }
        try pages.verify(blockOffset, reader.offset)
        return nil
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
            try pages.verify(blockOffset, reader.offset)
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
