/// What a seeking walk over a term dictionary does after an entry.
enum TermWalkStep {
    /// Go on with the next entry.
    case next
    /// Go on with the first entry ≥ the target the body wrote.
    case seek
    /// End the walk.
    case stop
}

extension TermDictionaryReader {
    /// Calls `body` with every key ≥ `start` in order, until it returns ``TermWalkStep/stop``;
    /// when it returns ``TermWalkStep/seek``, the walk continues with the first key ≥ the
    /// target it wrote (a seek forward; a target ≤ the current key just means the next key).
    ///
    /// A seek within the current block skips its entries by comparison; past it, it gallops
    /// over the block index from the current block (forward seeks are mostly short).
    /// - Complexity: per seek, O(log d) block-key comparisons for a seek d blocks ahead plus
    ///   the decoding of at most one block.
    func forEachTerm(
        seekingFrom start: [UInt8],
        _ body: (UnsafeRawBufferPointer, TermInfo, inout [UInt8]) throws(IndexError) -> TermWalkStep
    ) throws(IndexError) {
        guard blockCount > 0 else { return }
        var target = start
        var block = try lastBlock(startingAtOrBefore: target, from: 0)
        var seeking = true
        var stopped = false
        while !stopped && block < blockCount {
            var jump: Int?
            try scanBlock(block) { key, info throws(IndexError) in
                if seeking {
                    if target.withUnsafeBytes({ compare(key, $0) }) < 0 { return true }
                    seeking = false
                }
                switch try body(key, info, &target) {
                case .next:
                    return true
                case .stop:
                    stopped = true
                    return false
                case .seek:
                    seeking = true
                    // Unless the target is at or past the next block's first key, it is in this
                    // block or is that key: go on skipping entries below it.
                    let following = block + 1
                    guard following < blockCount else { return true }
                    let first = try firstKey(ofBlock: following)
                    guard target.withUnsafeBytes({ compare(first, $0) }) <= 0 else { return true }
                    jump = try lastBlock(startingAtOrBefore: target, from: following)
                    return false
                }
            }
            block = jump ?? block + 1
        }
    }

    /// The last block of `from..<blockCount` whose first key is ≤ `key`, found by galloping
    /// from `from` (`from` itself when none is, or when `from` is the last block).
    private func lastBlock(startingAtOrBefore key: [UInt8], from: Int) throws(IndexError) -> Int {
        let atOrBefore = { (index: Int) throws(IndexError) -> Bool in
            let first = try firstKey(ofBlock: index)
            return key.withUnsafeBytes { compare(first, $0) } <= 0
        }
        // low: ≤ key (or `from`); high: > key (or blockCount).
        var low = from
        var step = 1
        var high = blockCount
        while low + step < blockCount {
            if try atOrBefore(low + step) {
                low += step
                step *= 2
            } else {
                high = low + step
                break
            }
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if try atOrBefore(middle) { low = middle } else { high = middle }
        }
        return low
    }
}
