/// The latency workload: queries in the query language, each with a class.
///
/// Read from the search-benchmark-game's `queries.jsonl` (`{"query","tags"}`), where the first
/// tag is the class: `union` (`a b`), `intersection` (`+a +b`), `phrase` (`"a b"`), `negated`,
/// `intersection_union`, `two-phase-critic`, `term`.
struct QuerySet {
    struct Entry {
        var text: String
        var queryClass: String
    }

    var entries: [Entry]

    /// The order classes are reported in: the four the brief asks for first.
    static let classOrder = [
        "term", "union", "intersection", "phrase", "intersection_union", "negated", "two-phase-critic",
    ]

    /// Reads at most `limit` queries of `path`, then adds term queries (see below).
    ///
    /// The file has a single `term` query (`the`), too few for a percentile. The first word of
    /// each `union` query is added as a term query (distinct words only, at most `termLimit`), so
    /// the term class measures single-posting-list scoring over the same vocabulary.
    /// - Throws: ``BenchmarkError`` for an unreadable file or a line without `query`.
    static func load(path: String, limit: Int, termLimit: Int) throws -> QuerySet {
        var entries: [Entry] = []
        var lineNumber = 0
        struct Enough: Error {}
        do {
            try JSONLines.forEachObject(path: path) { object in
                lineNumber += 1
                guard entries.count < limit else { throw Enough() }
                guard let text = object.string("query", "text") else {
                    throw BenchmarkError("\(path):\(lineNumber): no \"query\"")
                }
                let tags = object["tags"] as? [Any] ?? []
                entries.append(
                    Entry(text: text, queryClass: tags.first as? String ?? object.string("category") ?? "other"))
            }
        } catch is Enough {}
        var seen = Set(entries.filter { $0.queryClass == "term" }.map(\.text))
        var added = 0
        for entry in entries where entry.queryClass == "union" && added < termLimit {
            guard let word = entry.text.split(separator: " ").first.map(String.init),
                !word.hasPrefix("+"), !word.hasPrefix("-"), !word.contains("\""), seen.insert(word).inserted
            else { continue }
            entries.append(Entry(text: word, queryClass: "term"))
            added += 1
        }
        return QuerySet(entries: entries)
    }

    /// The classes present, in report order (known classes first, others alphabetically).
    var classes: [String] {
        let present = Set(entries.map(\.queryClass))
        return QuerySet.classOrder.filter(present.contains) + present.subtracting(QuerySet.classOrder).sorted()
    }
}
