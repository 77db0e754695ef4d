import Glibc

/// Output of the benchmarks: a table for people on standard output, the same numbers as one
/// JSON object for machines (and CI's comparisons), progress on standard error.
enum Report {
    /// A progress line on standard error, so standard output stays table + JSON.
    static func progress(_ line: String) {
        standardError("· " + line + "\n")
    }

    /// Writes `text` to file descriptor 2 (`write(2)`; C's `stderr` is a global that Swift 6
    /// rejects as shared mutable state).
    static func standardError(_ text: String) {
        var copy = text
        copy.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }

    /// `value` with exactly `places` decimals (without Foundation's `String(format:)`).
    static func fixed(_ value: Double, _ places: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return sign + String(whole) }
        let digits = String(fraction)
        return sign + String(whole) + "." + String(repeating: "0", count: places - digits.count) + digits
    }

    /// Rows of cells as text columns: the first left-aligned, the others right-aligned.
    static func columns(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        var out = ""
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }
            out += cells.joined(separator: "  ") + "\n"
        }
        return out
    }

    private static func mebibytes(_ bytes: Int) -> String { fixed(Double(bytes) / 1_048_576, 2) + " MiB" }

    // MARK: run

    static func runTable(_ r: RunCommand.Result) -> String {
        var out = "\nsearchctl benchmark\(r.quick ? " (quick)" : "") — \(r.corpusPath)\n\n"
        out += tokenizerTable(r.tokenizer)
        let i = r.indexing
        out += "\n"
        out += columns([
            ["indexing (\(r.analyzer))", ""],
            ["documents", String(i.documents)],
            ["seconds", fixed(i.seconds, 3)],
            ["docs/s", fixed(i.documentsPerSecond, 0)],
            ["MB/s (title+body)", fixed(i.megabytesPerSecond, 2)],
            ["index size", mebibytes(i.size.totalBytes)],
            ["  of which stored fields", mebibytes(i.size.storedFieldsBytes)],
            ["  without stored fields", mebibytes(i.size.totalBytes - i.size.storedFieldsBytes)],
            ["index / text", fixed(Double(i.size.totalBytes) / Double(max(i.textBytes, 1)), 3)],
            ["segments", String(i.segments)],
            ["reader open", fixed(r.openMilliseconds, 2) + " ms"],
            ["peak RSS", mebibytes(r.peakResidentBytes)],
        ])
        out += "\n"
        out += columns(
            [["query class (top 10)", "queries", "runs", "p50 ms", "p99 ms", "mean ms", "mean hits"]]
                + r.latencies.map {
                    [
                        $0.queryClass, String($0.queries), String($0.summary.executions),
                        fixed($0.summary.p50Milliseconds, 3), fixed($0.summary.p99Milliseconds, 3),
                        fixed($0.summary.meanMilliseconds, 3), fixed($0.meanHits, 1),
                    ]
                })
        out += "\n" + PruningComparison.table(r.pruning)
        return out + "\n"
    }

    static func runJSON(_ r: RunCommand.Result) -> JSONValue {
        let i = r.indexing
        return .object([
            ("benchmark", .string("searchctl")),
            ("quick", .bool(r.quick)),
            ("corpus", .string(r.corpusPath)),
            ("queries", .string(r.queriesPath)),
            ("tokenizer", tokenizerJSON(r.tokenizer)),
            (
                "indexing",
                .object([
                    ("analyzer", .string(r.analyzer)), ("documents", .int(i.documents)),
                    ("text_bytes", .int(i.textBytes)), ("seconds", .rounded(i.seconds)),
                    ("docs_per_s", .rounded(i.documentsPerSecond, 1)), ("mb_per_s", .rounded(i.megabytesPerSecond, 2)),
                    ("index_bytes", .int(i.size.totalBytes)), ("stored_fields_bytes", .int(i.size.storedFieldsBytes)),
                    ("segments", .int(i.segments)),
                ])
            ),
            ("reader_open_ms", .rounded(r.openMilliseconds)),
            ("peak_rss_bytes", .int(r.peakResidentBytes)),
            ("timed_passes", .int(r.timedPasses)),
            ("pruning", PruningComparison.json(r.pruning)),
            (
                "latency_ms",
                .object(
                    r.latencies.map {
                        (
                            $0.queryClass,
                            .object([
                                ("queries", .int($0.queries)), ("executions", .int($0.summary.executions)),
                                ("p50", .rounded($0.summary.p50Milliseconds, 4)),
                                ("p99", .rounded($0.summary.p99Milliseconds, 4)),
                                ("mean", .rounded($0.summary.meanMilliseconds, 4)),
                                ("mean_total_hits", .rounded($0.meanHits, 1)),
                            ])
                        )
                    })
            ),
        ])
    }

    // MARK: beir

    static func printBEIRProgress(_ r: BEIRCommand.Result) {
        progress("\(r.dataset): nDCG@10 \(fixed(r.ndcgAt10, 4)), Recall@\(r.k) \(fixed(r.recallAtK, 4))")
    }

    static func beirTable(_ results: [BEIRCommand.Result]) -> String {
        let k = results.first?.k ?? 100
        return "\n"
            + columns(
                [["dataset", "analyzer", "docs", "queries", "nDCG@10", "Recall@\(k)", "index s", "search s"]]
                    + results.map {
                        [
                            $0.dataset, $0.analyzer, String($0.documents), String($0.queries), fixed($0.ndcgAt10, 4),
                            fixed($0.recallAtK, 4), fixed($0.indexSeconds, 2), fixed($0.searchSeconds, 2),
                        ]
                    }) + "\n"
    }

    static func beirJSON(_ results: [BEIRCommand.Result]) -> JSONValue {
        .object(
            results.map {
                (
                    $0.dataset,
                    .object([
                        ("analyzer", .string($0.analyzer)), ("documents", .int($0.documents)),
                        ("queries", .int($0.queries)), ("k", .int($0.k)), ("ndcg@10", .rounded($0.ndcgAt10, 4)),
                        ("recall@\($0.k)", .rounded($0.recallAtK, 4)), ("index_seconds", .rounded($0.indexSeconds)),
                        ("search_seconds", .rounded($0.searchSeconds)),
                    ])
                )
            })
    }
}

/// Writing a whole output file at once.
enum OutputFile {
    /// Replaces the file at `path` with `text`.
    /// - Throws: ``BenchmarkError`` naming the path when it cannot be written.
    static func write(_ text: String, to path: String) throws {
        guard let file = fopen(path, "w") else { throw BenchmarkError("cannot write \(path)") }
        var copy = text
        let written = copy.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == text.utf8.count, closed == 0 else { throw BenchmarkError("cannot write \(path)") }
    }
}
