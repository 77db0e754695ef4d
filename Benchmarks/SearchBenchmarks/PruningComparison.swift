import InvertedIndex

/// Pruned against exhaustive evaluation of the same queries: the same top 10, one measured
/// right after the other for each query (so both see the same caches and machine load).
///
/// Exhaustive = ``SearchOptions/exactCount`` true (every match scored and counted); pruned =
/// false (block-max MaxScore / AND; the count becomes a lower bound).
enum PruningComparison {
    struct Row {
        var queryClass: String
        var queries: Int
        var exhaustive: LatencySummary
        var pruned: LatencySummary
        /// Mean documents counted by each (exact, and the pruned lower bound).
        var exactHits: Double
        var prunedHits: Double

        var meanSpeedup: Double { exhaustive.meanMilliseconds / max(pruned.meanMilliseconds, 1e-9) }
        var p50Speedup: Double { exhaustive.p50Milliseconds / max(pruned.p50Milliseconds, 1e-9) }
    }

    /// Measures every class of `set` (parsing excluded: only the search is timed), checking
    /// that both modes return the same hits.
    /// - Throws: ``BenchmarkError`` when the hits differ.
    /// - Parameter requireAll: Parse with every word required (the peers' `and` mode).
    static func measure(_ set: QuerySet, reader: IndexReader, passes: Int, requireAll: Bool = false) throws -> [Row] {
        let parsed = try set.entries.map {
            (try QueryParser.parse($0.text, requireAll: requireAll), $0.queryClass, $0.text)
        }
        var exhaustive: [String: [UInt64]] = [:]
        var pruned: [String: [UInt64]] = [:]
        var exactHits: [String: Int] = [:]
        var prunedHits: [String: Int] = [:]
        for pass in 0...passes {
            for (query, queryClass, text) in parsed {
                let start = Timing.now()
                let a = try reader.search(query, limit: 10, options: SearchOptions(exactCount: true))
                let middle = Timing.now()
                let b = try reader.search(query, limit: 10, options: SearchOptions(exactCount: false, countThreshold: 0))
                let end = Timing.now()
                if pass == 0 {
                    guard a.hits == b.hits else { throw BenchmarkError("pruned hits differ for '\(text)'") }
                    exactHits[queryClass, default: 0] += a.totalHits
                    prunedHits[queryClass, default: 0] += b.totalHits
                } else {
                    exhaustive[queryClass, default: []].append(middle - start)
                    pruned[queryClass, default: []].append(end - middle)
                }
            }
        }
        return set.classes.compactMap { queryClass in
            let count = set.entries.filter { $0.queryClass == queryClass }.count
            guard let e = LatencySummary(nanoseconds: exhaustive[queryClass] ?? []),
                let p = LatencySummary(nanoseconds: pruned[queryClass] ?? [])
            else { return nil }
            let n = Double(max(count, 1))
            return Row(
                queryClass: queryClass, queries: count, exhaustive: e, pruned: p,
                exactHits: Double(exactHits[queryClass] ?? 0) / n, prunedHits: Double(prunedHits[queryClass] ?? 0) / n)
        }
    }

    /// `pruning --index DIR [--queries FILE] [--passes 10] [--mode or|and]`: the comparison
    /// alone, on an existing index (the search-benchmark-game queries by default).
    static func run(_ arguments: Arguments) throws {
        guard let index = arguments.string("index") else { throw UsageError("pruning needs --index DIR") }
        guard
            let queriesPath = arguments.string("queries")
                ?? Environment.searchData.map({ $0 + "/queries/search-benchmark-game.queries.jsonl" })
        else {
            throw UsageError("no queries: set SEARCH_DATA to the shared data folder or pass --queries FILE.jsonl")
        }
        let mode = arguments.string("mode") ?? "or"
        guard mode == "or" || mode == "and" else { throw UsageError("--mode is or or and, not '\(mode)'") }
        let passes = try arguments.integer("passes", default: 10, in: 1...1_000)
        let queries = try QuerySet.load(path: queriesPath, limit: .max, termLimit: 300)
        let reader = try IndexReader(directory: index)
        let rows = try measure(queries, reader: reader, passes: passes, requireAll: mode == "and")
        print(table(rows), terminator: "")
    }

    static func table(_ rows: [Row]) -> String {
        "pruning (top 10, search only)\n"
            + Report.columns(
                [["query class", "exhaustive p50", "pruned p50", "×", "exhaustive mean", "pruned mean", "×", "hits", "counted"]]
                    + rows.map {
                        [
                            $0.queryClass, Report.fixed($0.exhaustive.p50Milliseconds, 3),
                            Report.fixed($0.pruned.p50Milliseconds, 3), Report.fixed($0.p50Speedup, 1),
                            Report.fixed($0.exhaustive.meanMilliseconds, 3), Report.fixed($0.pruned.meanMilliseconds, 3),
                            Report.fixed($0.meanSpeedup, 1), Report.fixed($0.exactHits, 0), Report.fixed($0.prunedHits, 0),
                        ]
                    }) + "\n"
    }

    static func json(_ rows: [Row]) -> JSONValue {
        .object(
            rows.map {
                (
                    $0.queryClass,
                    .object([
                        ("exhaustive_p50_ms", .rounded($0.exhaustive.p50Milliseconds, 4)),
                        ("pruned_p50_ms", .rounded($0.pruned.p50Milliseconds, 4)),
                        ("exhaustive_mean_ms", .rounded($0.exhaustive.meanMilliseconds, 4)),
                        ("pruned_mean_ms", .rounded($0.pruned.meanMilliseconds, 4)),
                        ("speedup_p50", .rounded($0.p50Speedup, 2)), ("speedup_mean", .rounded($0.meanSpeedup, 2)),
                        ("mean_exact_hits", .rounded($0.exactHits, 1)), ("mean_counted_hits", .rounded($0.prunedHits, 1)),
                    ])
                )
            })
    }
}
