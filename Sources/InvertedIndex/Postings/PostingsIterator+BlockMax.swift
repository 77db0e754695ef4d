/// Block-max reading for dynamic pruning. Each full block's skip entry holds two (tf, length)
/// corners bounding its documents (``BlockCorners``), so a BM25 upper bound of the block needs
/// no decoding; the tail (< 128 documents, no skip entry) is scored exactly by decoding it once.
///
/// These reads are independent of the iteration state: a scorer may look ahead ("shallow
/// advance") without moving the iterator.
extension PostingsIterator {
    /// The last doc id of full block `number`; for the tail (`number == blockCount`) the
    /// largest doc id there is (`exhausted − 1`), so the tail reaches to the end.
    @inline(__always)
    func blockLastDoc(_ number: Int) -> Int32 {
        number < blockCount ? skipLastDoc(number) : PostingsIterator.exhausted - 1
    }

    /// The two (tf, length) corners bounding full block `number` (see ``BlockCorners``).
    @inline(__always)
    func blockCorners(_ number: Int) -> BlockCorners {
        BlockCorners(
            low: BlockCorners.Corner(encoded: skipField(number, 3)), high: BlockCorners.Corner(encoded: skipField(number, 4)))
    }

    /// The first block at or after `start` whose last doc is ≥ `target` (`blockCount`: the tail).
    /// Gallops (1, 2, 4, … entries ahead), then bisects, so far jumps cost O(log distance).
    func block(containing target: Int32, from start: Int) -> Int {
        var low = max(start, 0)  // every block before `low` ends before the target
        guard low < blockCount, skipLastDoc(low) < target else { return low }
        low += 1
        var step = 1
        var high = low  // first candidate not yet known to end before the target
        while high < blockCount && skipLastDoc(high) < target {
            low = high + 1
            high = low + step
            step &<<= 1
        }
        high = min(high, blockCount)
        // The answer is in low...high: skipLastDoc(high) ≥ target or high == blockCount.
        while low < high {
            let middle = (low + high) / 2
            if skipLastDoc(middle) < target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Whether the postings end with a tail (fewer than 128 documents after the full blocks).
    var hasTail: Bool { docFreq % BitPacking.blockSize > 0 }

    /// The largest `score(tf, doc)` over the tail's documents, decoded without moving the
    /// iterator: exact, where a block's skip entry gives a bound. `nil` when there is no tail
    /// or it turns out damaged, its checksum included (iteration reports the damage; a caller
    /// then assumes no bound).
    /// - Parameter score: A document's score from its tf and doc id (in this segment).
    func tailMaxScore(_ score: (UInt32, Int32) -> Float) -> Float? {
        guard hasTail else { return nil }
        guard let start = blockCount > 0 ? try? tailStart() : dataStart else { return nil }
        var reader = ByteReader(postings, offset: start, path: path)
        guard let previous = docBefore(block: blockCount) else { return nil }
        var current = Int64(previous)
        var best: Float = 0
        for _ in 0..<docFreq % BitPacking.blockSize {
            // The tail's format (see `decodeTail`): the gap shifted left once, its low bit set
            // when tf = 1; otherwise the tf follows.
            guard let folded = try? reader.readVarint(atMost: 2 * Int(docCount) + 1) else { return nil }
            let freq: Int
            if folded & 1 == 1 {
                freq = 1
            } else {
                guard let read = try? reader.readVarint(atMost: Int(UInt32.max)), read > 0 else { return nil }
                freq = read
            }
            current += Int64(folded >> 1) + 1
            guard current < Int64(docCount) else { return nil }
            best = max(best, score(UInt32(freq), Int32(current)))
        }
        guard (try? pages.verify(start, reader.offset)) != nil else { return nil }
        return best
    }
}
