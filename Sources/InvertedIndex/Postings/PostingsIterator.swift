/// Iterates one term's postings in one segment: doc ids in increasing order, their term
/// frequencies, and on request their positions. See ``PostingsWriter`` for the layout.
///
/// Blocks are validated once (bounds, widths, last doc id against the skip entry and the
/// segment's doc count) and then decoded with unchecked loads, so damage surfaces as
/// ``IndexError`` `.corrupt` and never as a wild read.
public final class PostingsIterator {
    /// The doc id after the last one.
    public static let exhausted = Int32.max

    let postings: UnsafeRawBufferPointer
    private let positions: UnsafeRawBufferPointer
    let path: String
    let docCount: Int32
    /// Documents containing the term in this segment (deleted ones included).
    public let docFreq: Int
    let blockCount: Int
    private let skipStart: Int
    let dataStart: Int
    private let positionsStart: Int

    /// The current doc id: -1 before the first `next()`, ``exhausted`` after the last.
    @exclusivity(unchecked) public private(set) var doc: Int32 = -1
    @exclusivity(unchecked) private(set) var block = -1
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var count = 0
    private let docs: UnsafeMutablePointer<UInt32>
    private let freqs: UnsafeMutablePointer<UInt32>
    private let padded: UnsafeMutableRawPointer
    private var positionCursor = 0
    private var positionsDone = 0
    private var currentPositionsStart = 0

    init(
        postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, path: String,
        docCount: Int, docFreq: Int, postingsOffset: Int, positionsOffset: Int
    ) throws(IndexError) {
        self.postings = postings
        self.positions = positions
        self.path = path
        self.docCount = Int32(docCount)
        self.docFreq = docFreq
        blockCount = docFreq / BitPacking.blockSize
        skipStart = postingsOffset
        dataStart = postingsOffset + (blockCount > 0 ? blockCount * 20 + 4 : 0)
        positionsStart = positionsOffset
        guard docFreq > 0, docFreq <= docCount, dataStart <= postings.count, positionsOffset <= positions.count
        else {
            throw .corrupt("postings entry out of bounds (doc freq \(docFreq), offset \(postingsOffset))", path: path)
        }
        docs = .allocate(capacity: BitPacking.blockSize)
        freqs = .allocate(capacity: BitPacking.blockSize)
        padded = .allocate(byteCount: 2 * BitPacking.packedSize(width: 32) + 16, alignment: 8)
    }

    deinit {
        docs.deallocate()
        freqs.deallocate()
        padded.deallocate()
    }

    /// The current document's term frequency.
    public var freq: Int32 { Int32(freqs[index]) }

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

    /// Moves to the first document ≥ `target` and returns its id (or ``exhausted``).
    @discardableResult
    public func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        if block < 0 || Int32(docs[count - 1]) < target {
            var next = max(block + 1, 0)
            while next < blockCount, skipLastDoc(next) < target { next += 1 }
            guard try load(block: next) else { return doc }
            // Only the tail can end before the target (full blocks were chosen by last doc).
            if Int32(docs[count - 1]) < target {
                _ = try load(block: next + 1)
                return doc
            }
        }
        while Int32(docs[index]) < target { index += 1 }
        doc = Int32(docs[index])
        return doc
    }

    /// Appends the current document's positions to `output`.
    public func positions(into output: inout [Int32]) throws(IndexError) {
        if positionsDone == index + 1 { positionCursor = currentPositionsStart }  // asked again
        var reader = ByteReader(positions, offset: positionCursor, path: path)
        while positionsDone < index {
            for _ in 0..<freqs[positionsDone] { _ = try reader.readVarint() }
            positionsDone += 1
        }
        currentPositionsStart = reader.offset
        var position: Int32 = 0
        for _ in 0..<freqs[index] {
            let delta = try reader.readVarint()
            guard delta <= UInt64(Int32.max - position) else { throw reader.fail("position overflow") }
            position += Int32(delta)
            output.append(position)
        }
        positionsDone = index + 1
        positionCursor = reader.offset
    }

    func skipLastDoc(_ block: Int) -> Int32 {
        Int32(bitPattern: UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: skipStart + block * 20, as: UInt32.self)))
    }

    func skipField(_ block: Int, _ field: Int) -> UInt32 {
        UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: skipStart + block * 20 + field * 4, as: UInt32.self))
    }

    /// Decodes block `number` (`blockCount` = the tail); false once past the end.
    private func load(block number: Int) throws(IndexError) -> Bool {
        block = number
        index = 0
        let previous = number == 0 || number > blockCount ? -1 : skipLastDoc(number - 1)
        if number < blockCount {
            try decodeFullBlock(number, previous: previous)
        } else if number == blockCount && docFreq % BitPacking.blockSize > 0 {
            try decodeTail(previous: previous)
        } else {
            doc = PostingsIterator.exhausted
            count = 1
            docs[0] = UInt32(PostingsIterator.exhausted)
            freqs[0] = 0
            return false
        }
        let positionsOffset: Int
        if blockCount == 0 {
            positionsOffset = 0
        } else if number < blockCount {
            positionsOffset = Int(skipField(number, 2))
        } else {
            positionsOffset = Int(
                UInt32(littleEndian: postings.loadUnaligned(fromByteOffset: skipStart + blockCount * 20, as: UInt32.self)))
        }
        positionCursor = positionsStart + positionsOffset
        positionsDone = 0
        guard positionCursor <= positions.count else {
            throw .corrupt("positions offset out of bounds", path: path)
        }
        return true
    }

    private func decodeFullBlock(_ number: Int, previous: Int32) throws(IndexError) {
        let start = dataStart + Int(skipField(number, 1))
        guard start + 2 <= postings.count else { throw .corrupt("postings block out of bounds", path: path) }
        let gapWidth = Int(postings[start])
        let freqWidth = Int(postings[start + 1])
        guard gapWidth <= 32, freqWidth <= 32 else {
            throw .corrupt("postings block with bit width \(max(gapWidth, freqWidth))", path: path)
        }
        let gapBytes = BitPacking.packedSize(width: gapWidth)
        let size = gapBytes + BitPacking.packedSize(width: freqWidth)
        guard start + 2 + size <= postings.count else { throw .corrupt("postings block out of bounds", path: path) }
        var source = postings.baseAddress! + start + 2
        if start + 2 + size + 8 > postings.count {
            padded.copyMemory(from: source, byteCount: size)
            source = UnsafeRawPointer(padded)
        }
        BitPacking.unpack(source, width: gapWidth, into: docs)
        BitPacking.unpack(source + gapBytes, width: freqWidth, into: freqs)
        var current = Int64(previous)
        for i in 0..<BitPacking.blockSize {
            current += Int64(docs[i]) + 1
            docs[i] = UInt32(truncatingIfNeeded: current)
            freqs[i] += 1
        }
        guard current == Int64(skipLastDoc(number)), current < Int64(docCount) else {
            throw .corrupt("postings block decodes to doc \(current), skip entry says \(skipLastDoc(number))", path: path)
        }
        count = BitPacking.blockSize
    }

    private func decodeTail(previous: Int32) throws(IndexError) {
        var reader = ByteReader(postings, offset: blockCount > 0 ? tailStart() : dataStart, path: path)
        var current = Int64(previous)
        count = docFreq % BitPacking.blockSize
        for i in 0..<count {
            current += Int64(try reader.readVarint(atMost: Int(docCount))) + 1
            let freq = try reader.readVarint(atMost: Int(UInt32.max))
            guard current < Int64(docCount), freq > 0 else { throw reader.fail("invalid posting") }
            docs[i] = UInt32(current)
            freqs[i] = UInt32(freq)
        }
    }

    /// The tail follows the last full block; its start is found by sizing that block.
    func tailStart() -> Int {
        let start = dataStart + Int(skipField(blockCount - 1, 1))
        guard start + 2 <= postings.count else { return postings.count }
        return start + 2 + BitPacking.packedSize(width: Int(postings[start]))
            + BitPacking.packedSize(width: Int(postings[start + 1]))
    }
}
