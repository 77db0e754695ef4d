/// Serializes the postings of one term at a time into the `.postings` and `.positions` files.
///
/// Layout of one term's postings (`FORMAT.md` has the byte-level description):
/// - a skip table, one 20-byte entry per full block of 128 documents: last doc id, the block's
///   byte offset, the ordinal of its first position in the term's position stream, the block's
///   largest term frequency and smallest field length (the inputs of a BM25 upper bound for
///   block-max pruning), then the ordinal of the tail's first position;
/// - the full blocks: 128 doc-id gaps, then 128 `tf − 1`, each a ``PatchedPacking`` block;
/// - the tail (< 128 documents): per document `varint (gap << 1 | 1)` when `tf` = 1, else
///   `varint (gap << 1)` then `varint tf` (Lucene's folding: most tails have `tf` = 1).
///
/// A gap is `doc − previous − 1` (the first previous is −1), so it is 0 for dense runs.
/// Positions: one stream per term of `varint T` then `T` values, per document `tf` deltas
/// from the previous position in that document (the first from 0), in 128-value
/// ``PatchedPacking`` blocks and a short tail block (varints below 8 values; see
/// ``PositionsReader``).
struct PostingsWriter {
    var postings = ByteWriter(capacity: 1 << 20)
    var positions = ByteWriter(capacity: 1 << 20)
    private var scratch = [UInt32](repeating: 0, count: BitPacking.blockSize)
    private var tfScratch = [UInt32](repeating: 0, count: BitPacking.blockSize)

    init() {
        IndexFile.writeHeader(&postings, kind: .postings)
        IndexFile.writeHeader(&positions, kind: .positions)
    }

    /// Appends the footers and returns the two complete files.
    mutating func finish() -> (postings: [UInt8], positions: [UInt8]) {
        IndexFile.writeFooter(&postings)
        IndexFile.writeFooter(&positions)
        return (postings.bytes, positions.bytes)
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
    ) -> Offsets {
        let offsets = Offsets(postings: postings.count, positions: positions.count)
        let blockCount = docs.count / BitPacking.blockSize

        // Positions first, remembering the ordinal of each doc block's first position.
        var blockPositionStarts: [UInt32] = []
        blockPositionStarts.reserveCapacity(blockCount + 1)
        positions.writeVarint(termPositions.count)
        var cursor = 0
        var buffered = 0
        for (index, freq) in freqs.enumerated() {
            if index % BitPacking.blockSize == 0 { blockPositionStarts.append(UInt32(cursor)) }
            var previous: Int32 = 0
            for _ in 0..<freq {
                let position = termPositions[cursor]
                scratch[buffered] = UInt32(position - previous)
                buffered += 1
                if buffered == BitPacking.blockSize {
                    scratch.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, into: &positions) }
                    buffered = 0
                }
                previous = position
                cursor += 1
            }
        }
        if buffered >= PatchedPacking.minimumPacked {
            scratch.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, count: buffered, into: &positions) }
        } else {
            for i in 0..<buffered { positions.writeVarint(UInt64(scratch[i])) }
        }
        if blockPositionStarts.count == blockCount { blockPositionStarts.append(UInt32(cursor)) }

        // Skip table, back-patched with block offsets once the blocks are written.
        let skipStart = postings.count
        for block in 0..<blockCount {
            let first = block * BitPacking.blockSize
            let range = first..<first + BitPacking.blockSize
            var maxFreq: Int32 = 0
            var minLength = UInt32.max
            for i in range {
                maxFreq = max(maxFreq, freqs[i])
                minLength = min(minLength, fieldLengths[Int(docs[i])])
            }
            postings.write(UInt32(docs[range.upperBound - 1]))
            postings.write(UInt32(0))
            postings.write(blockPositionStarts[block])
            postings.write(UInt32(maxFreq))
            postings.write(minLength)
        }
        if blockCount > 0 { postings.write(blockPositionStarts[blockCount]) }

        let dataStart = postings.count
        var previous: Int32 = -1
        for block in 0..<blockCount {
            postings.patch(UInt32(postings.count - dataStart), at: skipStart + block * 20 + 4)
            let first = block * BitPacking.blockSize
            for i in 0..<BitPacking.blockSize {
                let doc = docs[first + i]
                scratch[i] = UInt32(doc - previous - 1)
                tfScratch[i] = UInt32(freqs[first + i] - 1)
                previous = doc
            }
            scratch.withUnsafeBufferPointer { PatchedPacking.pack($0.baseAddress!, into: &postings) }
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
