/// Serializes the postings of one term at a time into the `.postings` and `.positions` files.
///
/// Layout of one term's postings (`FORMAT.md` has the byte-level description):
/// - a skip table, one 24-byte entry per full block of 128 documents: last doc id, the block's
///   byte offset, the ordinal of its first position in the term's position stream, two
///   (term frequency, field length) corners bounding its documents (the inputs of a BM25 upper
///   bound for block-max pruning, see ``BlockCorners``), the byte offset (from the term's
///   first) of the positions block holding that first position; then the tail's ordinal and
///   positions block offset (so a reader jumps to a document's positions instead of walking
///   every positions block before them);
/// - the full blocks: 128 doc-id gaps, then 128 `tf − 1`, each a ``PatchedPacking`` block;
/// - the tail (< 128 documents): per document `varint (gap << 1 | 1)` when `tf` = 1, else
///   `varint (gap << 1)` then `varint tf` (Lucene's folding: most tails have `tf` = 1).
///
/// A gap is `doc − previous − 1` (the first previous is −1), so it is 0 for dense runs.
/// Positions: one stream per term of `T` values (`T` = the sum of the tfs), per document `tf` deltas
/// from the previous position in that document (the first from 0), in 128-value
/// ``PatchedPacking`` blocks and a short tail block (varints below 8 values; see
/// ``PositionsReader``).
///
/// With files, the writer streams: each file is written once its buffer holds 1 MiB (between
/// terms), so a segment of any size is written in constant memory. Without, it keeps both
/// files in memory (tests).
struct PostingsWriter {
    /// Bytes of one skip entry (``PostingsIterator`` reads them).
    static let skipEntryBytes = 24
    /// Bytes after the skip entries: the tail's position ordinal and positions block offset.
    static let skipTrailerBytes = 8

    /// The unwritten tail of each file (all of it in memory mode).
    private var postings = ByteWriter(capacity: 1 << 20)
    private var positions = ByteWriter(capacity: 1 << 20)
    private let outputs: (postings: FileOutput, positions: FileOutput)?
    /// Bytes of each file already written (`postings.count` is relative to them).
    private var written = (postings: 0, positions: 0)
    private var scratch = [UInt32](repeating: 0, count: BitPacking.blockSize)
    /// Scratch of ``BlockCorners/choose(freqs:lengths:count:keys:suffixMin:averageLength:)``.
    private var cornerKeys = [UInt64](repeating: 0, count: BitPacking.blockSize)
    private var cornerMinimums = [UInt32](repeating: 0, count: BitPacking.blockSize + 1)
    /// The mean of the last `fieldLengths` seen (by address and count: a segment's fields keep
    /// theirs across terms), for choosing block corners.
    private var averageLength: (base: UnsafePointer<UInt32>?, count: Int, value: Float) = (nil, 0, 1)
    private var tfScratch = [UInt32](repeating: 0, count: BitPacking.blockSize)
    /// The current term's position deltas not yet packed (fewer than a block).
    private var pending = [UInt32](repeating: 0, count: BitPacking.blockSize)
    private var pendingCount = 0
    /// Where the current term's positions start, once its first document's are added.
    private var termPositionsStart: Int?
    /// The byte offset (from `termPositionsStart`) of each of the current term's positions
    /// blocks written so far, and of the next one.
    private var positionBlockStarts: [UInt32] = [0]

    /// A writer keeping both files in memory; ``finish()`` returns them.
    init() {
        outputs = nil
        IndexFile.writeHeader(&postings, kind: .postings)
        IndexFile.writeHeader(&positions, kind: .positions)
    }

    /// Bytes buffered before a file is written (streaming mode).
    private var flushBytes = 1 << 20

    /// A writer streaming into the files at `postingsPath` and `positionsPath`, in writes of
    /// about `flushBytes`.
    init(postingsPath: String, positionsPath: String, flushBytes: Int = 1 << 20) throws(IndexError) {
        self.flushBytes = flushBytes
        outputs = (try FileOutput(path: postingsPath), try FileOutput(path: positionsPath))
        IndexFile.writeHeader(&postings, kind: .postings)
        IndexFile.writeHeader(&positions, kind: .positions)
    }

    /// Appends the footers and returns the two complete files (memory mode).
    mutating func finish() -> (postings: [UInt8], positions: [UInt8]) {
        precondition(outputs == nil, "finish() of a streaming writer: use finishFiles()")
        IndexFile.writeFooter(&postings)
        IndexFile.writeFooter(&positions)
        return (postings.bytes, positions.bytes)
    }

    /// Writes what is buffered, the footers, and `fsync`s both files (streaming mode).
    mutating func finishFiles() throws(IndexError) {
        guard let outputs else { preconditionFailure("finishFiles() of an in-memory writer") }
        try flush(force: true)
        try outputs.postings.finish()
        try outputs.positions.finish()
    }

    /// Writes the buffers out once one holds 1 MiB (streaming mode). Postings are flushed
    /// only between terms (a term's skip table is back-patched); positions at any time.
    private mutating func flush(force: Bool = false, postingsToo: Bool = true) throws(IndexError) {
        guard let outputs else { return }
        if postingsToo && (force || postings.count >= flushBytes) {
            try outputs.postings.append(contentsOf: postings)
            written.postings += postings.count
            postings.removeAll()
        }
        if force || positions.count >= flushBytes {
            try outputs.positions.append(contentsOf: positions)
            written.positions += positions.count
            positions.removeAll()
        }
    }

    /// Where one term's data starts in each file.
    struct Offsets {
        var postings: Int
        var positions: Int
    }

    /// Appends one term's postings.
    /// - Parameters:
    ///   - docs: Strictly increasing doc ids.
    ///   - freqs: Term frequency per doc (≥ 1).
    ///   - positions: All positions, `freqs[i]` for each doc in order, increasing within a doc.
    ///   - fieldLengths: The field length of every doc in the segment (for block maxima).
    mutating func append(
        docs: [Int32], freqs: [Int32], positions termPositions: [Int32], fieldLengths: [UInt32]
    ) throws(IndexError) -> Offsets {
        try docs.withUnsafeBufferPointer { docs in
            freqs.withUnsafeBufferPointer { freqs in
                termPositions.withUnsafeBufferPointer { termPositions in
                    fieldLengths.withUnsafeBufferPointer { fieldLengths in
                        Result { () throws(IndexError) in
                            try append(docs: docs, freqs: freqs, positions: termPositions, fieldLengths: fieldLengths)
                        }
                    }
                }
            }
        }.get()
    }

    /// Appends one term's postings from buffers (see the array version).
    mutating func append(
        docs: UnsafeBufferPointer<Int32>, freqs: UnsafeBufferPointer<Int32>, positions termPositions: UnsafeBufferPointer<Int32>,
        fieldLengths: UnsafeBufferPointer<UInt32>
    ) throws(IndexError) -> Offsets {
        var cursor = 0
        for freq in freqs {
            try addPositions(UnsafeBufferPointer(rebasing: termPositions[cursor..<cursor + Int(freq)]))
            cursor += Int(freq)
        }
        return try finishTerm(docs: docs, freqs: freqs, fieldLengths: fieldLengths)
    }

    /// Streams the next document's positions (increasing) of the term being written; then
    /// ``finishTerm(docs:freqs:fieldLengths:)`` writes its postings. Positions are never
    /// held whole, so a merge of any size streams them.
    mutating func addPositions(_ documentPositions: UnsafeBufferPointer<Int32>) throws(IndexError) {
        try flush(postingsToo: false)
        if termPositionsStart == nil { termPositionsStart = written.positions + positions.count }
        var previous: Int32 = 0
        for position in documentPositions {
            pending[pendingCount] = UInt32(bitPattern: position &- previous)
            pendingCount += 1
            if pendingCount == BitPacking.blockSize {
                pending.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, into: &positions) }
                pendingCount = 0
                positionBlockStarts.append(
                    UInt32(truncatingIfNeeded: written.positions + positions.count - termPositionsStart!))
            }
            previous = position
        }
    }

    /// Writes the postings of the term whose positions were added, and returns where the
    /// term's data starts in each file.
    /// - Parameters:
    ///   - docs: Strictly increasing doc ids.
    ///   - freqs: Term frequency per doc (≥ 1; they sum to the positions added).
    ///   - fieldLengths: The field length of every doc in the segment (for block maxima).
    mutating func finishTerm(docs: [Int32], freqs: [Int32], fieldLengths: [UInt32]) throws(IndexError) -> Offsets {
        try docs.withUnsafeBufferPointer { docs in
            freqs.withUnsafeBufferPointer { freqs in
                fieldLengths.withUnsafeBufferPointer { fieldLengths in
                    Result { () throws(IndexError) in try finishTerm(docs: docs, freqs: freqs, fieldLengths: fieldLengths) }
                }
            }
        }.get()
    }

    /// The byte offset, from the current term's first, of the positions block holding value
    /// `ordinal` of its stream (0 when no block starts there: a damaged or empty stream).
    private func positionsBlockOffset(_ ordinal: UInt32) -> UInt32 {
        let index = Int(ordinal) / BitPacking.blockSize
        return index < positionBlockStarts.count ? positionBlockStarts[index] : 0
    }

    /// The skip entry's bound of the full block starting at `first` (see ``BlockCorners``).
    private mutating func blockCorners(
        docs: UnsafeBufferPointer<Int32>, freqs: UnsafeBufferPointer<Int32>, first: Int,
        fieldLengths: UnsafeBufferPointer<UInt32>
    ) -> BlockCorners {
        if averageLength.base != fieldLengths.baseAddress || averageLength.count != fieldLengths.count {
            var total: UInt64 = 0
            for length in fieldLengths { total &+= UInt64(length) }
            let mean = fieldLengths.isEmpty ? 1 : Float(Double(total) / Double(fieldLengths.count))
            averageLength = (fieldLengths.baseAddress, fieldLengths.count, max(mean, 1))
        }
        let average = averageLength.value
        return cornerKeys.withUnsafeMutableBufferPointer { keys in
            cornerMinimums.withUnsafeMutableBufferPointer { minimums in
                BlockCorners.choose(
                    freqs: freqs.baseAddress! + first, lengths: { fieldLengths[Int(docs[first + $0])] },
                    count: BitPacking.blockSize, keys: keys.baseAddress!, suffixMin: minimums.baseAddress!,
                    averageLength: average)
            }
        }
    }

    /// Writes the postings of the term whose positions were added, from buffers (see the
    /// array version).
    mutating func finishTerm(
        docs: UnsafeBufferPointer<Int32>, freqs: UnsafeBufferPointer<Int32>, fieldLengths: UnsafeBufferPointer<UInt32>
    ) throws(IndexError) -> Offsets {
        if pendingCount >= PatchedPacking.minimumPacked {
            pending.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, count: pendingCount, into: &positions) }
        } else {
            for i in 0..<pendingCount { positions.writeVarint(UInt64(pending[i])) }
        }
        pendingCount = 0
        let positionsStart = termPositionsStart ?? written.positions + positions.count
        termPositionsStart = nil
        // Where the positions block of a position ordinal starts (from the term's first byte);
        // the list starts over for the next term when this one is written.
        defer {
            positionBlockStarts.removeAll(keepingCapacity: true)
            positionBlockStarts.append(0)
        }
        try flush()
        let offsets = Offsets(postings: written.postings + postings.count, positions: positionsStart)
        let blockCount = docs.count / BitPacking.blockSize

        // The ordinal of each doc block's first position, and of the tail's.
        var blockPositionStarts: [UInt32] = []
        blockPositionStarts.reserveCapacity(blockCount + 1)
        var ordinal = 0
        for (index, freq) in freqs.enumerated() {
            if index % BitPacking.blockSize == 0 { blockPositionStarts.append(UInt32(truncatingIfNeeded: ordinal)) }
            ordinal += Int(freq)
        }
        if blockPositionStarts.count == blockCount { blockPositionStarts.append(UInt32(truncatingIfNeeded: ordinal)) }

        // Skip table, back-patched with block offsets once the blocks are written.
        let skipStart = postings.count
        for block in 0..<blockCount {
            let first = block * BitPacking.blockSize
            let range = first..<first + BitPacking.blockSize
            let corners = blockCorners(docs: docs, freqs: freqs, first: first, fieldLengths: fieldLengths)
            postings.write(UInt32(docs[range.upperBound - 1]))
            postings.write(UInt32(0))
            postings.write(blockPositionStarts[block])
            postings.write(corners.low.encoded)
            postings.write(corners.high.encoded)
            postings.write(positionsBlockOffset(blockPositionStarts[block]))
        }
        if blockCount > 0 {
            postings.write(blockPositionStarts[blockCount])
            postings.write(positionsBlockOffset(blockPositionStarts[blockCount]))
        }

        let dataStart = postings.count
        var previous: Int32 = -1
        for block in 0..<blockCount {
            postings.patch(UInt32(postings.count - dataStart), at: skipStart + block * Self.skipEntryBytes + 4)
            let first = block * BitPacking.blockSize
            for i in 0..<BitPacking.blockSize {
                let doc = docs[first + i]
                scratch[i] = UInt32(doc - previous - 1)
                tfScratch[i] = UInt32(freqs[first + i] - 1)
                previous = doc
            }
            scratch.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, exceptions: false, into: &postings) }
            tfScratch.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, into: &postings) }
        }
        for i in blockCount * BitPacking.blockSize..<docs.count {
            let gap = UInt64(docs[i] - previous - 1) << 1
            if freqs[i] == 1 {
                postings.writeVarint(gap | 1)
            } else {
                postings.writeVarint(gap)
                postings.writeVarint(Int(freqs[i]))
            }
            previous = docs[i]
        }
        return offsets
    }
}
