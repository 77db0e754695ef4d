import InvertedIndex
import Tokenizer

/// `tokenizer`: the tokenizer alone — MB/s of `simple` and `standard` on an English corpus
/// and on the non-Latin samples, and the allocation counts. `run` reports the same numbers.
enum TokenizerCommand {
    /// Everything the tokenizer part of a benchmark measured.
    struct Result {
        /// English corpus: `simple`, then `standard`.
        var english: [TokenizerThroughput.Result]
        /// Per non-Latin sample (`ru`, `zh`): `simple`, then `standard`.
        var nonLatin: [(sample: String, results: [TokenizerThroughput.Result])]
        /// Absent non-Latin samples, for the report.
        var missingSamples: [String]
        var allocations: [TokenizerAllocations.Result]

        var isAllocationFree: Bool { allocations.allSatisfy(\.isAllocationFree) }
    }

    static let analyzers = [Analyzer.simple, Analyzer.standard]

    /// Measures `documents` (English) and the non-Latin samples in `fortunesDirectory` with
    /// `analyzers` (by default both).
    static func measure(
        _ documents: [Document], passes: Int, fortunesDirectory: String, analyzers: [Analyzer] = analyzers
    ) -> Result {
        let samples = NonLatinSample.load(directory: fortunesDirectory)
        // The best of several passes: one pass (as `run --quick` asks) is at the mercy of
        // whatever else the machine runs, and the non-Latin samples take ≈20 ms a pass.
        let english = analyzers.map { TokenizerThroughput.measure(documents, analyzer: $0, passes: max(passes, 3)) }
        let nonLatin = samples.map { sample in
            (
                sample.name,
                analyzers.map { TokenizerThroughput.measure(sample.documents, analyzer: $0, passes: max(passes, 5)) }
            )
        }
        var allocations: [TokenizerAllocations.Result] = []
        if AllocationCounter.isAvailable {
            // A slice of the English corpus is enough: the count is per call and per token.
            let englishSlice = Array(documents.prefix(500))
            for analyzer in analyzers {
                allocations.append(TokenizerAllocations.measure(englishSlice, sample: "english", analyzer: analyzer))
                for sample in samples {
                    allocations.append(TokenizerAllocations.measure(sample.documents, sample: sample.name, analyzer: analyzer))
                }
            }
        }
        let missing = ["ru", "zh"].filter { name in !samples.contains { $0.name == name } }
        return Result(english: english, nonLatin: nonLatin, missingSamples: missing, allocations: allocations)
    }

    static func run(_ arguments: Arguments) throws {
        AllocationCounter.prepare()
        guard let corpusPath = arguments.string("corpus") ?? Environment.searchData.map({ $0 + "/beir/scifact/corpus.jsonl" })
        else {
            throw UsageError("no corpus: set SEARCH_DATA to the shared data folder or pass --corpus FILE.jsonl")
        }
        let limit = try arguments.integer("limit", default: Int.max, in: 1...Int.max)
        let passes = try arguments.integer("passes", default: 3, in: 1...1_000)
        let corpus = try Corpus.load(path: corpusPath, limit: limit)
        Report.progress("\(corpus.documents.count) documents, \(corpus.textBytes) bytes")
        let result = measure(
            corpus.documents, passes: passes,
            fortunesDirectory: arguments.string("fortunes") ?? NonLatinSample.defaultDirectory,
            analyzers: arguments.string("analyzer") == nil ? analyzers : [try PeersProtocol.analyzerOption(arguments)])
        print(Report.tokenizerTable(result), terminator: "")
        print(Report.tokenizerJSON(result).serialized(pretty: true))
        if !result.isAllocationFree { throw BenchmarkError("the tokenizer allocated (see the table)") }
    }
}

extension Report {
    /// The tokenizer part of a report: MB/s per sample and analyzer, then allocation counts.
    static func tokenizerTable(_ r: TokenizerCommand.Result) -> String {
        var rows = [["tokenizer", "text", "MB/s", "tokens", "MB"]]
        let all = [("english", r.english)] + r.nonLatin.map { ($0.sample, $0.results) }
        for (sample, results) in all {
            for result in results {
                rows.append([
                    result.analyzer, sample, fixed(result.megabytesPerSecond, 1), String(result.tokens),
                    fixed(Double(result.bytes) / 1e6, 2),
                ])
            }
        }
        var out = columns(rows)
        for name in r.missingSamples {
            out += "(no \(name) text: install Debian's fortunes-\(name) to measure it)\n"
        }
        if r.allocations.isEmpty {
            out += "(allocations not counted on this platform)\n"
        } else {
            out += "\n"
            out += columns(
                [["allocations", "text", "calls", "tokens", "allocs", "one call: tokens", "allocs"]]
                    + r.allocations.map {
                        [
                            $0.analyzer, $0.sample, String($0.calls), String($0.tokens), String($0.allocations),
                            String($0.joinedTokens), String($0.joinedAllocations),
                        ]
                    })
        }
        return out
    }

    static func tokenizerJSON(_ r: TokenizerCommand.Result) -> JSONValue {
        func throughput(_ results: [TokenizerThroughput.Result]) -> JSONValue {
            .object(
                results.map {
                    (
                        $0.analyzer,
                        .object([
                            ("mb_per_s", .rounded($0.megabytesPerSecond, 1)), ("tokens", .int($0.tokens)),
                            ("bytes", .int($0.bytes)),
                        ])
                    )
                })
        }
        return .object(
            [("english", throughput(r.english))] + r.nonLatin.map { ($0.sample, throughput($0.results)) }
                + [
                    (
                        "allocations",
                        .array(
                            r.allocations.map {
                                .object([
                                    ("analyzer", .string($0.analyzer)), ("text", .string($0.sample)),
                                    ("calls", .int($0.calls)), ("tokens", .int($0.tokens)),
                                    ("allocations", .int($0.allocations)),
                                    ("one_call_tokens", .int($0.joinedTokens)),
                                    ("one_call_allocations", .int($0.joinedAllocations)),
                                ])
                            })
                    )
                ])
    }
}
