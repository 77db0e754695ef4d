import InvertedIndex
import Tokenizer

/// Tokenizer speed over a corpus's titles and bodies, without the index.
enum TokenizerThroughput {
    struct Result {
        var analyzer: String
        var tokens: Int
        var bytes: Int
        /// Best of the timed passes: the least disturbed by other work on a shared machine.
        var bestSeconds: Double

        var megabytesPerSecond: Double { Double(bytes) / 1e6 / max(bestSeconds, 1e-9) }
    }

    /// Runs `analyzer` over every title and body once untimed, then `passes` timed times.
    static func measure(_ documents: [Document], analyzer: Analyzer, passes: Int) -> Result {
        // Text is copied to byte arrays first so that the timing covers the tokenizer alone,
        // not `String`'s UTF-8 access.
        let texts: [[UInt8]] = documents.flatMap { [Array($0.title.utf8), Array($0.body.utf8)] }
        let bytes = texts.reduce(0) { $0 + $1.count }
        var tokens = 0
        var best = Double.infinity
        for pass in 0...max(passes, 1) {
            var count = 0
            let start = Timing.now()
            for text in texts {
                text.withUnsafeBufferPointer { buffer in
                    analyzer.forEachToken(in: buffer) { _ in count += 1 }
                }
            }
            let seconds = Double(Timing.now() - start) / 1e9
            // Pass 0 is the warm-up.
            if pass > 0 { best = min(best, seconds) }
            tokens = count
        }
        return Result(analyzer: analyzer.name, tokens: tokens, bytes: bytes, bestSeconds: best)
    }
}
