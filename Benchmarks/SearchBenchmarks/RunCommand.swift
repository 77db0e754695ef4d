import Glibc
import InvertedIndex
import Tokenizer

/// `run`: the core benchmark — tokenizer throughput, indexing throughput, index size, peak
/// memory, and query latency per query class.
enum RunCommand {
    /// How much work a run does.
    struct Plan {
        var documentLimit: Int
        var queryLimit: Int
        var termQueryLimit: Int
        var tokenizerPasses: Int
        var timedQueryPasses: Int

        /// The CI plan: a slice small enough to finish in seconds after the build.
        static let quick = Plan(
            documentLimit: 2_000, queryLimit: 150, termQueryLimit: 50, tokenizerPasses: 1, timedQueryPasses: 3)
        /// Everything: the whole corpus, every query.
        static let full = Plan(
            documentLimit: .max, queryLimit: .max, termQueryLimit: 300, tokenizerPasses: 3, timedQueryPasses: 10)
    }

    /// Everything a run measured.
    struct Result {
        var corpusPath: String
        var queriesPath: String
        var quick: Bool
        var analyzer: String
        /// English (the corpus), non-Latin samples, allocation counts.
        var tokenizer: TokenizerCommand.Result
        var indexing: IndexingResult
        var openMilliseconds: Double
        var peakResidentBytes: Int
        var timedPasses: Int
        /// Class → latency summary and mean total hits; in report order.
        var latencies: [(queryClass: String, queries: Int, meanHits: Double, summary: LatencySummary)]
        /// Pruned against exhaustive evaluation, per class.
        var pruning: [PruningComparison.Row]
    }

    static func run(_ arguments: Arguments) throws {
        let data = Environment.searchData
        guard let corpusPath = arguments.string("corpus") ?? data.map({ $0 + "/beir/scifact/corpus.jsonl" }) else {
            throw UsageError("no corpus: set SEARCH_DATA to the shared data folder or pass --corpus FILE.jsonl")
        }
        guard
            let queriesPath = arguments.string("queries")
                ?? data.map({ $0 + "/queries/search-benchmark-game.queries.jsonl" })
        else {
            throw UsageError("no queries: set SEARCH_DATA to the shared data folder or pass --queries FILE.jsonl")
        }
        let analyzer = try PeersProtocol.analyzerOption(arguments)
        let quick = arguments.flag("quick")
        AllocationCounter.prepare()  // re-executes this process with the allocation tracer
        let plan = quick ? Plan.quick : Plan.full

        let corpus = try Corpus.load(path: corpusPath, limit: plan.documentLimit)
        let queries = try QuerySet.load(path: queriesPath, limit: plan.queryLimit, termLimit: plan.termQueryLimit)
        Report.progress("\(corpus.documents.count) documents, \(queries.entries.count) queries")

        let tokenizer = TokenizerCommand.measure(
            corpus.documents, passes: plan.tokenizerPasses, fortunesDirectory: NonLatinSample.defaultDirectory)
        Report.progress("tokenizer done")

        let directory = try TemporaryDirectory()
        let indexing = try Indexing.run(
            corpus.documents, textBytes: corpus.textBytes, into: directory.path, analyzer: analyzer)
        Report.progress("indexed in \(Report.fixed(indexing.seconds, 2)) s")

        let (openSeconds, reader) = try Timing.measure { try IndexReader(directory: directory.path) }
        let latencies = try measureQueries(queries, reader: reader, passes: plan.timedQueryPasses)
        Report.progress("latencies done")
        let pruning = try PruningComparison.measure(queries, reader: reader, passes: plan.timedQueryPasses)

        let result = Result(
            corpusPath: corpusPath, queriesPath: queriesPath, quick: quick, analyzer: analyzer.name,
            tokenizer: tokenizer, indexing: indexing, openMilliseconds: openSeconds * 1000,
            peakResidentBytes: Timing.peakResidentBytes(), timedPasses: plan.timedQueryPasses, latencies: latencies,
            pruning: pruning)
        print(Report.runTable(result), terminator: "")
        let json = Report.runJSON(result)
        if let path = arguments.string("json") { try OutputFile.write(json.serialized(pretty: true) + "\n", to: path) }
        print(json.serialized(pretty: true))
        if !tokenizer.isAllocationFree { throw BenchmarkError("the tokenizer allocated (see the table)") }
    }

    /// One untimed pass over all queries (counting hits exactly), then `passes` timed passes;
    /// a latency covers parsing the query, the pruned top-10 search (the count a lower bound,
    /// as the peers' top-k collectors), and reading each hit's stored id (as the peers'
    /// drivers measure it).
    static func measureQueries(_ set: QuerySet, reader: IndexReader, passes: Int) throws
        -> [(queryClass: String, queries: Int, meanHits: Double, summary: LatencySummary)]
    {
        // Parse once up front only to reject bad queries early, with their text in the message.
        for entry in set.entries {
            do { _ = try QueryParser.parse(entry.text) } catch {
                throw BenchmarkError("query '\(entry.text)': \(error)")
            }
        }
        var nanoseconds: [String: [UInt64]] = [:]
        var hits: [String: Int] = [:]
        var idBytes = 0  // consumed below so the stored-id reads cannot be optimized away
        for pass in 0...passes {
            for entry in set.entries {
                let start = Timing.now()
                let query = try QueryParser.parse(entry.text)
                let results = try reader.search(query, limit: 10, options: SearchOptions(exactCount: pass == 0, countThreshold: 0))
                for hit in results.hits { idBytes &+= try reader.documentID(hit.doc).utf8.count }
                let elapsed = Timing.now() - start
                if pass == 0 {
                    hits[entry.queryClass, default: 0] += results.totalHits
                } else {
                    nanoseconds[entry.queryClass, default: []].append(elapsed)
                }
            }
        }
        Timing.blackHole(idBytes)
        return set.classes.compactMap { queryClass in
            let count = set.entries.filter { $0.queryClass == queryClass }.count
            guard let summary = LatencySummary(nanoseconds: nanoseconds[queryClass] ?? []) else { return nil }
            return (queryClass, count, Double(hits[queryClass] ?? 0) / Double(max(count, 1)), summary)
        }
    }
}

/// The process environment the benchmarks read.
enum Environment {
    /// `$SEARCH_DATA`: the shared data folder (`beir/`, `classic/`, `queries/`), or `nil` when
    /// unset or empty.
    static var searchData: String? {
        guard let value = getenv("SEARCH_DATA"), value.pointee != 0 else { return nil }
        return String(cString: value)
    }
}
