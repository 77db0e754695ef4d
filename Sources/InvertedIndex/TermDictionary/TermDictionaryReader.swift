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
    /// `bytes.baseAddress` (never nil: the file holds at least a header and a trailer).
    private let base: UnsafeRawPointer

    init(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) {
        self.bytes = bytes
        self.path = path
        pages = try IndexFile.openPaged(bytes, kind: .termDictionary, path: path)
        guard let base = bytes.baseAddress else { throw .corrupt("term dictionary is empty", path: path) }
        self.base = base
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

    /// A cursor over block `index`'s entry in the block index, just past the block's first
    /// key, with that key; the key's bytes are verified, the varint after it (the block's
    /// offset) not yet.
    @inline(__always)
    private func blockIndexEntry(_ index: Int) throws(IndexError) -> (key: UnsafeRawBufferPointer, cursor: DictionaryCursor) {
        let slot = offsetsStart + index * 8
        try pages.verify(slot, slot + 8)
        let offset = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: slot, as: UInt64.self))
        guard offset < UInt64(offsetsStart - keysStart) else { throw .corrupt("block index out of bounds", path: path) }
        var cursor = DictionaryCursor(base: base, end: offsetsStart, offset: keysStart + Int(offset))
        guard let key = cursor.lengthPrefixed() else { throw damaged(at: cursor.offset, "block key") }
        try pages.verify(keysStart + Int(offset), cursor.offset)
        return (key, cursor)
    }

    /// The first key of block `index` and the block's offset.
    private func blockKey(_ index: Int) throws(IndexError) -> (key: UnsafeRawBufferPointer, offset: Int) {
        var (key, cursor) = try blockIndexEntry(index)
        let start = cursor.offset
        guard let blockOffset = cursor.varint(atMost: keysStart - 1) else { throw damaged(at: start, "block offset") }
        try pages.verify(start, cursor.offset)
        return (key, blockOffset)
    }

    /// The error for a truncated entry or an impossible value at `offset`.
    @inline(never)
    private func damaged(at offset: Int, _ what: String) -> IndexError {
        .corrupt("term dictionary \(what) is damaged at offset \(offset)", path: path)
    }

    /// The entry for `key`, or `nil` when the segment does not contain it.
    /// - Complexity: O(log b) comparisons with block keys read in place, then ``find(_:inBlock:)``;
    ///   no allocation.
    func lookup(_ key: UnsafeRawBufferPointer) throws(IndexError) -> TermInfo? {
        // The last block whose first key is ≤ key.
        var low = 0
        var high = blockCount
        while low < high {
            let middle = (low + high) / 2
            if try compare(firstKey(ofBlock: middle), key) <= 0 { low = middle + 1 } else { high = middle }
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
        var cursor = DictionaryCursor(base: base, end: keysStart, offset: blockOffset)
        let entries = min(TermDictionaryWriter.blockSize, termCount - index * TermDictionaryWriter.blockSize)
        var info = TermInfo(docFreq: 0, postingsOffset: 0, positionsOffset: 0)
        // The previous entry's length and how many of its leading bytes equal key's; the
        // previous entry is < key (it was passed over).
        var previousLength = 0
        var matched = 0
        for _ in 0..<entries {
            guard let (shared, suffix) = cursor.sharedAndSuffix(sharedAtMost: previousLength),
                let (docFreq, postingsGap, positionsGap) = cursor.threeVarints(
                    atMost: Int(Int32.max), Int(Int32.max) << 16, Int(Int32.max) << 16)
            else { throw damaged(at: cursor.offset, "entry") }
            info.docFreq = docFreq
            info.postingsOffset += postingsGap
            info.positionsOffset += positionsGap
            let length = shared + suffix.count
            if shared < matched {
                // This entry keeps fewer of key's bytes than the previous one, and the byte
                // after them grew (keys increase and the writer shares all it can), past key's:
                // this entry and every later one are > key.
                try pages.verify(blockOffset, cursor.offset)
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
                        try pages.verify(blockOffset, cursor.offset)
                        return nil
                    }
                    matched += i  // entry < key, differing at `matched`
                } else {
                    matched += i
                    if matched == key.count {  // same bytes, same length
                        try pages.verify(blockOffset, cursor.offset)
                        return info
                    }
                    // The entry is a proper prefix of key: < key.
                }
            }
            // shared > matched: the entry agrees with the previous one where that one was
            // below key, so it is below key as well; `matched` stays.
            previousLength = length
        }
        try pages.verify(blockOffset, cursor.offset)
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
            if try compare(firstKey(ofBlock: middle), start) <= 0 { low = middle + 1 } else { high = middle }
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
        var cursor = DictionaryCursor(base: base, end: keysStart, offset: blockOffset)
        let entries = min(TermDictionaryWriter.blockSize, termCount - index * TermDictionaryWriter.blockSize)
        var key = [UInt8]()
        key.reserveCapacity(64)
        var info = TermInfo(docFreq: 0, postingsOffset: 0, positionsOffset: 0)
        for _ in 0..<entries {
            guard let (shared, suffix) = cursor.sharedAndSuffix(sharedAtMost: key.count),
                let (docFreq, postingsGap, positionsGap) = cursor.threeVarints(
                    atMost: Int(Int32.max), Int(Int32.max) << 16, Int(Int32.max) << 16)
            else { throw damaged(at: cursor.offset, "entry") }
            key.removeSubrange(shared...)
            key.append(contentsOf: suffix)
            info.docFreq = docFreq
            info.postingsOffset += postingsGap
            info.positionsOffset += positionsGap
            try pages.verify(blockOffset, cursor.offset)
            let outcome = key.withUnsafeBytes { k in
                Result { () throws(IndexError) -> Bool in try body(k, info) }
            }
            let keepGoing = try outcome.get()
            if !keepGoing { return }
        }
    }

    /// The first key of block `index` (`0..<blockCount`), for walks that seek
    /// (``forEachTerm(seekingFrom:_:)``).
    @inline(__always)
    func firstKey(ofBlock index: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        try blockIndexEntry(index).key
    }
}

/// Unsigned lexicographic comparison: negative, zero or positive.
///
/// Inline, eight bytes at a time (big-endian loads compare like the bytes): term keys are
/// short and mostly differ early, where a call to `memcmp` would cost more than the bytes.
@inline(__always)
func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let common = min(a.count, b.count)
    if common > 0, let x = a.baseAddress, let y = b.baseAddress {
        var i = 0
        while i + 8 <= common {
            let u = UInt64(bigEndian: x.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let v = UInt64(bigEndian: y.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            if u != v { return u < v ? -1 : 1 }
            i += 8
        }
        while i < common {
            let u = x.load(fromByteOffset: i, as: UInt8.self)
            let v = y.load(fromByteOffset: i, as: UInt8.self)
            if u != v { return Int(u) - Int(v) }
            i += 1
        }
    }
    return a.count - b.count
}
