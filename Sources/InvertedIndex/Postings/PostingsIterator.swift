/// Iterates one term's postings in one segment: doc ids in increasing order, their term
/// frequencies, and on request their positions. See ``PostingsWriter`` for the layout.
///
/// Blocks are validated once (bounds, widths, last doc id against the skip entry and the
/// segment's doc count) and then decoded with unchecked loads, so damage surfaces as
/// ``IndexError`` `.corrupt` and never as a wild read. Every byte relied on is first verified
/// against the file's page checksums (``PageVerifier``: one bit test per page once verified):
/// the skip table when the iterator opens, each block (and the tail) when it is loaded.
public final class PostingsIterator {
    /// The doc id after the last one.
    public static let exhausted = Int32.max

    let postings: UnsafeRawBufferPointer
    let pages: PageVerifier
    @exclusivity(unchecked) private var positionsReader: PositionsReader
    let path: String
    let docCount: Int32
    /// Documents containing the term in this segment (deleted ones included).
    public let docFreq: Int
    let blockCount: Int
    private let skipStart: Int
    let dataStart: Int

    /// The current doc id: -1 before the first `next()`, ``exhausted`` after the last.
    @exclusivity(unchecked) public private(set) var doc: Int32 = -1
    @exclusivity(unchecked) private(set) var block = -1
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var count = 0
    private let docs: UnsafeMutablePointer<UInt32>
    private let freqs: UnsafeMutablePointer<UInt32>
    private let padded: UnsafeMutableRawPointer
    /// The current full block's packed term frequencies while they are not decoded yet (in
    /// the mapping or in `padded`, valid until the next block loads): they are decoded on
    /// the first ``freq`` or positions read of the block, so blocks that are only skipped
    /// through or whose documents fail a conjunction never decode them.
    @exclusivity(unchecked) private var pendingFreqs: UnsafeRawPointer? = nil
    /// Ordinal (in the term's position stream) of the first position of doc `positionsDone`
    /// of the current block.
    @exclusivity(unchecked) private var positionOrdinal = 0
    @exclusivity(unchecked) private var positionsDone = 0
    /// The positions block holding the current block's first position and its byte offset
    /// from the term's first (from the skip table), until the positions reader has been
    /// moved there; -1 when there is none to move to.
    @exclusivity(unchecked) private var positionsJump = (block: -1, offset: 0)

    /// An iterator over the postings of a term at `postingsOffset` of the postings file
    /// `postings` whose positions start at `positionsOffset` of `positions`.
    init(
        postings: PageVerifier, positions: PageVerifier,
        docCount: Int, docFreq: Int, postingsOffset: Int, positionsOffset: Int
    ) throws(IndexError) {
        pages = postings
        self.postings = UnsafeRawBufferPointer(rebasing: postings.bytes[..<postings.covered])
        positionsReader = PositionsReader(positions, offset: positionsOffset)
        let path = postings.path
        self.path = path
        self.docCount = Int32(docCount)
        self.docFreq = docFreq
        blockCount = docFreq / BitPacking.blockSize
        skipStart = postingsOffset
        dataStart =
            postingsOffset
            + (blockCount > 0 ? blockCount * PostingsWriter.skipEntryBytes + PostingsWriter.skipTrailerBytes : 0)
        guard docFreq > 0, docFreq <= docCount, dataStart <= postings.covered, positionsOffset <= positions.covered
        else {
            positionsReader.deallocate()
            throw .corrupt("postings entry out of bounds (doc freq \(docFreq), offset \(postingsOffset))", path: path)
        }
        do throws(IndexError) { try postings.verify(skipStart, dataStart) } catch {
            positionsReader.deallocate()
            throw error
        }
        docs = .allocate(capacity: BitPacking.blockSize + PostingsIterator.scanWidth)
        docs.initialize(repeating: UInt32(PostingsIterator.exhausted), count: BitPacking.blockSize + PostingsIterator.scanWidth)
        freqs = .allocate(capacity: BitPacking.blockSize)
        padded = .allocate(byteCount: 2 * PatchedPacking.maxBlockSize + 16, alignment: 8)
    }

    deinit {
        docs.deallocate()
        freqs.deallocate()
        padded.deallocate()
        positionsReader.deallocate()
    }

    /// The current document's term frequency.
    public var freq: Int32 {
        if pendingFreqs != nil { decodeFreqs() }
        return Int32(freqs[index])
    }

    /// Decodes the current block's term frequencies (validated when the block loaded).
    @inline(never)
    private func decodeFreqs() {
        guard let source = pendingFreqs else { return }
        pendingFreqs = nil
        _ = PatchedPacking.unpack(source, into: freqs)
        for i in 0..<BitPacking.blockSize { freqs[i] &+= 1 }
    }

    /// Whether both iterators read the same term's postings in the same file and neither has
    /// moved yet (so one can stand in for the other).
    func readsSameTerm(as other: PostingsIterator) -> Bool {
        postings.baseAddress == other.postings.baseAddress && skipStart == other.skipStart && docFreq == other.docFreq
            && doc == -1 && other.doc == -1
    }

    /// Moves to the next document and returns its id (or ``exhausted``).
    @discardableResult
    public func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        index += 1
        if index >= count {
            guard try load(block: block + 1) else { return doc }
        }
        doc = Int32(docs[index])
        return doc
    }

    /// The decoded block around the current document, for bulk scoring: doc ids and term
    /// frequencies at `index..<count` (the current document first). Call after ``next()`` or
    /// ``advance(to:)`` returned a document, then ``finishBlock()`` to move past the block.
    func currentBlock() -> (docs: UnsafePointer<UInt32>, freqs: UnsafePointer<UInt32>, index: Int, count: Int) {
        if pendingFreqs != nil { decodeFreqs() }
        return (UnsafePointer(docs), UnsafePointer(freqs), index, count)
    }

    /// Moves to document `position` of the decoded block (at or after the current one, before
    /// `count` of ``currentBlock()``).
    func move(toBlockPosition position: Int) {
        index = position
        doc = Int32(docs[position])
    }

    /// The largest `score(tf, doc)` over the documents of the decoded tail, when the iterator
    /// is in it (else nil): ``tailMaxScore(_:)`` without decoding the tail a second time.
    func decodedTailMaxScore(_ score: (UInt32, Int32) -> Float) -> Float? {
        guard hasTail, block == blockCount, doc != PostingsIterator.exhausted else { return nil }
        var best: Float = 0
        for i in 0..<count { best = max(best, score(freqs[i], Int32(docs[i]))) }
        return best
    }

    /// Moves to the block's last document (the next ``next()`` loads the following block).
    func finishBlock() {
        index = count - 1
        doc = Int32(docs[index])
    }

    /// Moves to the first document ≥ `target` and returns its id (or ``exhausted``).
    @discardableResult
    public func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        if block < 0 || Int32(docs[count - 1]) < target {
            let next = self.block(containing: target, from: block + 1)
            guard try load(block: next) else { return doc }
            // Only the tail can end before the target (full blocks were chosen by last doc).
            if Int32(docs[count - 1]) < target {
                _ = try load(block: next + 1)
                return doc
            }
        }
        // The block's last doc is ≥ target. Most targets are near: the next eight docs are
        // compared at once (no branch per doc), then gallop (2, 4, 8, … ahead) and bisect.
        let below = PostingsIterator.countBelow(target, docs + index)
        index += below
        if below == PostingsIterator.scanWidth {
            var low = index - 1  // docs[low] < target
            var high = min(index + 2, count - 1)
            var step = 2
            while high < count - 1 && Int32(docs[high]) < target {
                low = high
                step &<<= 1
                high = min(low + step, count - 1)
            }
            // docs[high] ≥ target; the answer is in low + 1...high.
            low += 1
            while low < high {
                let middle = (low + high) &>> 1
                if Int32(docs[middle]) < target { low = middle + 1 } else { high = middle }
            }
            index = low
        }
        doc = Int32(docs[index])
        return doc
    }

    /// Docs compared at once by ``advance(to:)``; `docs` holds as many ``exhausted`` values past
    /// every block's end.
    static let scanWidth = 8

    /// How many of the eight values at `values` are below `target` (the values rise).
    @inline(__always)
    private static func countBelow(_ target: Int32, _ values: UnsafePointer<UInt32>) -> Int {
        let raw = UnsafeRawPointer(values)
        let bound = SIMD4<Int32>(repeating: target)
        let low = raw.loadUnaligned(as: SIMD4<Int32>.self) .< bound
        let high = raw.loadUnaligned(fromByteOffset: 16, as: SIMD4<Int32>.self) .< bound
        // A true lane is all ones (-1): the negated sum counts them.
        let lanes = unsafeBitCast(low, to: SIMD4<Int32>.self) &+ unsafeBitCast(high, to: SIMD4<Int32>.self)
        return Int(0 &- lanes.wrappedSum())
    }

    /// Appends the current document's positions to `output`.
    public func positions(into output: inout [Int32]) throws(IndexError) {
        try startPositions()
        try positionsReader.read(at: positionOrdinal, count: Int(freqs[index]), into: &output)
    }

    /// Replaces `buffer`'s contents with the current document's positions: the
    /// allocation-free form for scorers, which reuse one buffer per term across documents.
    func positions(into buffer: inout PositionBuffer) throws(IndexError) {
        try startPositions()
        try positionsReader.read(at: positionOrdinal, count: Int(freqs[index]), into: &buffer)
    }

    /// Starts the positions reader on first use and moves `positionOrdinal` to the current doc.
    @inline(__always)
    private func startPositions() throws(IndexError) {
        if pendingFreqs != nil { decodeFreqs() }
        if !positionsReader.isStarted { positionsReader.start(total: try positionCount()) }
        if positionsJump.block >= 0 {
            positionsReader.jump(toBlock: positionsJump.block, offset: positionsJump.offset)
            positionsJump.block = -1
        }
        if positionsDone < index {
            // A plain sum of at most 128 tfs (no overflow): vectorized.
            var skipped = 0
            for i in positionsDone..<index { skipped &+= Int(freqs[i]) }
            positionOrdinal += skipped
            positionsDone = index
        }
    }

    /// The term's positions (the sum of its tfs): the tail's first ordinal plus the tail's
    /// tfs, read from the decoded tail or by scanning it.
    private func positionCount() throws(IndexError) -> Int {
        let tailOrdinal =
            blockCount == 0 ? 0 : Int(skipField(blockCount, 0))
        let tailCount = docFreq % BitPacking.blockSize
        var sum = 0
        if block == blockCount {
            for i in 0..<count { sum += Int(freqs[i]) }
        } else if tailCount > 0 {
            let start = blockCount > 0 ? try tailStart() : dataStart
            var reader = ByteReader(postings, offset: start, path: path)
            for _ in 0..<tailCount {
                let folded = try reader.readVarint(atMost: 2 * Int(docCount) + 1)
                sum += folded & 1 == 1 ? 1 : try reader.readVarint(atMost: Int(UInt32.max))
            }
            try pages.verify(start, reader.offset)
        }
        return tailOrdinal + sum
    }

    /// The doc id before block `number`'s first (the previous block's last; -1 for the first
    /// block and past the tail), or nil when a damaged skip entry holds a negative one. The
    /// block's docs rise strictly from it to below `docCount`, so with it checked here a
    /// damaged entry cannot yield a doc id outside the norms.
    func docBefore(block number: Int) -> Int32? {
        let previous = number == 0 || number > blockCount ? -1 : skipLastDoc(number - 1)
        return previous >= -1 ? previous : nil
    }

    func skipLastDoc(_ block: Int) -> Int32 {
        Int32(bitPattern: skipField(block, 0))
    }

    /// Field `field` (u32) of skip entry `block`; entry `blockCount` is the trailer.
    func skipField(_ block: Int, _ field: Int) -> UInt32 {
        UInt32(
            littleEndian: postings.loadUnaligned(
                fromByteOffset: skipStart + block * PostingsWriter.skipEntryBytes + field * 4, as: UInt32.self))
    }

    /// Decodes block `number` (`blockCount` = the tail); false once past the end.
    private func load(block number: Int) throws(IndexError) -> Bool {
        block = number
        index = 0
        pendingFreqs = nil
        guard let previous = docBefore(block: number) else {
            throw .corrupt("postings skip entry \(number - 1) holds a negative doc id", path: path)
        }
        if number < blockCount {
            try decodeFullBlock(number, previous: previous)
        } else if number == blockCount && docFreq % BitPacking.blockSize > 0 {
            try decodeTail(previous: previous)
        } else {
            doc = PostingsIterator.exhausted
            count = 1
            docs.update(repeating: UInt32(PostingsIterator.exhausted), count: 1 + PostingsIterator.scanWidth)
            freqs[0] = 0
            return false
        }
        if blockCount == 0 {
            positionOrdinal = 0
        } else if number < blockCount {
            positionOrdinal = Int(skipField(number, 2))
            positionsJump = (positionOrdinal &>> 7, Int(skipField(number, 5)))
        } else {
            positionOrdinal = Int(skipField(blockCount, 0))
            positionsJump = (positionOrdinal &>> 7, Int(skipField(blockCount, 1)))
        }
        positionsDone = 0
        return true
    }

    private func decodeFullBlock(_ number: Int, previous: Int32) throws(IndexError) {
        let start = dataStart + Int(skipField(number, 1))
        guard let gapBytes = PatchedPacking.blockSize(postings, at: start),
            let freqBytes = PatchedPacking.blockSize(postings, at: start + gapBytes)
        else { throw .corrupt("postings block out of bounds or invalid", path: path) }
        let size = gapBytes + freqBytes
        try pages.verify(start, start + size)
        var source = postings.baseAddress! + start
        if start + size + 8 > postings.count {
            padded.copyMemory(from: source, byteCount: size)
            source = UnsafeRawPointer(padded)
        }
        guard PatchedPacking.unpack(source, into: docs), PatchedPacking.exceptionsAreValid(source + gapBytes) else {
            throw .corrupt("postings block with invalid exceptions", path: path)
        }
        pendingFreqs = source + gapBytes
        // Gaps are at least 1, so the sums increase strictly: when they cannot wrap, checking
        // the last one checks them all. Gaps below 2^24 (low and high parts together) sum to at
        // most 128 × 2^24 = 2^31, and `previous` is below 2^31: no 32-bit sum wraps, and four
        // lanes at a time are exact. Wider gaps (a segment of more than 16 M documents) take
        // 64-bit sums.
        let gapBits = Int(source.load(as: UInt8.self)) + Int(source.load(fromByteOffset: 2, as: UInt8.self))
        var current: Int64
        if gapBits <= 24 {
            BitPacking.prefixSumOfGaps(docs, from: UInt32(bitPattern: previous))
            current = Int64(docs[BitPacking.blockSize - 1])
        } else {
            current = Int64(previous)
            for i in 0..<BitPacking.blockSize {
                current &+= Int64(docs[i]) &+ 1
                docs[i] = UInt32(truncatingIfNeeded: current)
            }
        }
        guard current == Int64(skipLastDoc(number)), current < Int64(docCount) else {
            throw .corrupt("postings block decodes to doc \(current), skip entry says \(skipLastDoc(number))", path: path)
        }
        count = BitPacking.blockSize
    }

    private func decodeTail(previous: Int32) throws(IndexError) {
        let start = blockCount > 0 ? try tailStart() : dataStart
        var reader = ByteReader(postings, offset: start, path: path)
        var current = Int64(previous)
        count = docFreq % BitPacking.blockSize
        for i in 0..<count {
            let folded = try reader.readVarint(atMost: 2 * Int(docCount) + 1)
            current += Int64(folded >> 1) + 1
            let freq = folded & 1 == 1 ? 1 : try reader.readVarint(atMost: Int(UInt32.max))
            guard current < Int64(docCount), freq > 0 else { throw reader.fail("invalid posting") }
            docs[i] = UInt32(current)
            freqs[i] = UInt32(freq)
        }
        (docs + count).update(repeating: UInt32(PostingsIterator.exhausted), count: PostingsIterator.scanWidth)
        try pages.verify(start, reader.offset)
    }

    /// The tail follows the last full block; its start is found by sizing that block (whose
    /// bytes are verified, since the tail's place depends on them).
    func tailStart() throws(IndexError) -> Int {
        let start = dataStart + Int(skipField(blockCount - 1, 1))
        guard let gapBytes = PatchedPacking.blockSize(postings, at: start),
            let freqBytes = PatchedPacking.blockSize(postings, at: start + gapBytes)
        else { return postings.count }
        try pages.verify(start, start + gapBytes + freqBytes)
        return start + gapBytes + freqBytes
    }
}
