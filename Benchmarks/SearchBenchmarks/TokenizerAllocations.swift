import InvertedIndex
import Tokenizer

/// Heap allocations made by the tokenizer, counted with ``AllocationCounter``, to show that
/// tokenizing allocates nothing per token (nor, after the first call on a thread, per call).
enum TokenizerAllocations {
    struct Result {
        var analyzer: String
        var sample: String
        var tokens: Int
        var calls: Int
        /// Allocations during one pass over every text, one call per text, after a warm-up pass.
        var allocations: Int
        /// Allocations during one call over all the texts joined into one (after warm-up).
        var joinedAllocations: Int
        var joinedTokens: Int

        /// True when neither the per-text pass nor the joined text allocated anything.
        var isAllocationFree: Bool { allocations == 0 && joinedAllocations == 0 }
    }

    /// Counts allocations while `analyzer` tokenizes `documents` (titles and bodies).
    static func measure(_ documents: [Document], sample: String, analyzer: Analyzer) -> Result {
        let texts: [[UInt8]] = documents.flatMap { [Array($0.title.utf8), Array($0.body.utf8)] }
        var joined: [UInt8] = []
        for text in texts {
            joined += text
            joined.append(UInt8(ascii: "\n"))
        }
        var tokens = 0
        func pass() {
            for text in texts {
                text.withUnsafeBufferPointer { buffer in analyzer.forEachToken(in: buffer) { _ in tokens &+= 1 } }
            }
        }
        var joinedTokens = 0
        func joinedPass() {
            joined.withUnsafeBufferPointer { buffer in analyzer.forEachToken(in: buffer) { _ in joinedTokens &+= 1 } }
        }
        pass()
        joinedPass()
        tokens = 0
        joinedTokens = 0
        let allocations = AllocationCounter.count(pass) ?? -1
        let joinedAllocations = AllocationCounter.count(joinedPass) ?? -1
        return Result(
            analyzer: analyzer.name, sample: sample, tokens: tokens, calls: texts.count, allocations: allocations,
            joinedAllocations: joinedAllocations, joinedTokens: joinedTokens)
    }
}
