import Foundation
import InvertedIndex
import Tokenizer

/// `searchctl query TEXT`: ranked results with a highlighted snippet each.
enum QueryCommand {
    static let options = [
        Arguments.Option("index", value: true), Arguments.Option("limit", short: "n", value: true),
        Arguments.Option("offset", value: true), Arguments.Option("all"), Arguments.Option("json"),
        Arguments.Option("explain"), Arguments.Option("count"),
        Arguments.Option("help", short: "h"),
    ]

    static let help = """
        usage: searchctl query [options] TEXT

        Searches the index and prints the best matches, best first, each with its score,
        id or path, title, date and a snippet with the query's words highlighted (an index
        made with 'index --store ids' shows only the id or path and the date).

        Query syntax:
          blood transfusion      either word (ranked by BM25; more matching words rank higher)
          "blood transfusion"    the exact phrase
          "blood transfusion"~2  the words at most 2 moves apart (sloppy phrase)
          +word  -word           require / exclude a word (or a "phrase" or a (group))
          a AND b, a OR b        both / either; NOT b excludes; AND binds tighter than OR
          (a OR b) AND c         parentheses group clauses
          title:word             search the title only (text: or body: for title and body)
          transfus*              words starting with transfus (at most 128)
          teigan~1               words within 1 edit (~2: two edits; at most 64)
          date:2021-01-01..      documents dated in the range (also ..2020-12-31, A..B)

        Options:
          -n, --limit N     results to show (default 10)
              --offset N    skip the first N results (paging)
              --all         require every word (as if each had a +)
              --json        one JSON object per result, for scripts (with total_hits and
                            total_is_exact)
              --explain     show how each score was made (idf, tf, dl, avgdl, k1, b)
              --count       print only the number of matching documents (exact; listings
                            count exactly up to 1,000 matches, then show "≥ N")
              --index DIR   the index (default: $SEARCHCTL_INDEX, else the nearest .searchctl)

        Exit status: 0 results found, 1 no results, 64 bad usage or query, 65 damaged index,
        66 no index.
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        guard !arguments.positional.isEmpty else {
            throw UsageError("missing query text; try: searchctl query \"blood transfusion\"")
        }
        let text = arguments.positional.joined(separator: " ")
        let limit = try arguments.integer("limit", default: 10, in: 0...100_000)
        let offset = try arguments.integer("offset", default: 0, in: 0...1_000_000)
        let query: Query
        do {
            query = try QueryParser.parse(text, requireAll: arguments.flag("all"))
        } catch {
            throw UsageError("invalid query: \(error.description)")
        }
        let reader = try IndexReader(directory: IndexLocation.resolve(arguments, environment: environment))
        let json = arguments.flag("json")
        if arguments.flag("count") {
            let results = try reader.search(query, limit: 0, options: SearchOptions(exactCount: true))
            let count = results.totalHitsIsExact ? String(results.totalHits) : "\(results.totalHits)+"
            if json {
                printOut(
                    JSONText.object([
                        ("count", String(results.totalHits)), ("exact", String(results.totalHitsIsExact)),
                        ("documents", String(reader.documentCount)),
                    ]))
            } else {
                printOut(count)
            }
            return results.totalHits == 0 ? .noResults : .success
        }
        // Counting stops being exact past 1,000 matches (pruning then skips documents that
        // cannot enter the page); --count counts them all.
        let results = try reader.search(
            query, limit: limit, offset: offset, options: SearchOptions(exactCount: false, collectHighlightTerms: true))
        let terms = results.highlightTerms
        let terminal = Terminal(environment: environment)
        let explanations =
            arguments.flag("explain")
            ? try reader.explain(query, docs: results.hits.map(\.doc)) : results.hits.map { _ in nil }
        for (index, hit) in results.hits.enumerated() {
            let document = try reader.document(hit.doc)
            let snippet = Snippet(body: document.body, terms: terms, analyzer: reader.analyzer)
            let rank = offset + index + 1
            let explanation = explanations[index]
            if json {
                var fields: [(String, String)] = [
                    ("rank", String(rank)), ("score", JSONText.number(hit.score)),
                    ("id", JSONText.string(document.id)), ("title", JSONText.string(document.title)),
                    ("date", document.date.map { JSONText.string($0.description) } ?? "null"),
                    ("snippet", JSONText.string(snippet.text)),
                    ("highlights", JSONText.array(snippet.highlights.map { "[\($0.lowerBound),\($0.upperBound)]" })),
                    ("total_hits", String(results.totalHits)), ("total_is_exact", String(results.totalHitsIsExact)),
                ]
                if let explanation { fields.append(("explanation", explanationJSON(explanation))) }
                printOut(JSONText.object(fields))
            } else {
                printResult(rank: rank, hit: hit, document: document, snippet: snippet, terminal: terminal)
                if let explanation {
                    for line in explanation.description.split(separator: "\n") { printOut("   " + terminal.dim(String(line))) }
                    printOut("")
                }
            }
        }
        if !json {
            let shown = results.hits.isEmpty ? "" : ", showing \(offset + 1)–\(offset + results.hits.count)"
            let atLeast = results.totalHitsIsExact ? "" : "≥ "
            printError(terminal.dim("\(atLeast)\(results.totalHits) of \(reader.documentCount) documents match\(shown)"))
            if results.totalHits == 0, let hint = stopWordHint(text, analyzer: reader.analyzer) { printError(hint) }
            if reader.store == .ids, !results.hits.isEmpty {
                printError(terminal.dim("(the index stores only ids, made with --store ids: no titles or snippets)"))
            }
        }
        return results.hits.isEmpty && results.totalHits == 0 ? .noResults : .success
    }

    /// Why a query found nothing when every word in it is a stop word the index's analyzer
    /// drops (`nil` otherwise).
    static func stopWordHint(_ text: String, analyzer: Analyzer) -> String? {
        guard analyzer.kind == .english, analyzer.tokens(of: text).isEmpty else { return nil }
        let words = Analyzer.simple.tokens(of: text).map(\.term)
        guard !words.isEmpty else { return nil }
        let quoted = words.map { "'\($0)'" }.joined(separator: ", ")
        return "(\(quoted): stop words, which the index's 'english' analyzer does not index; "
            + "an index made with --analyzer standard keeps them)"
    }

    private static func explanationJSON(_ node: Explanation) -> String {
        JSONText.object([
            ("value", JSONText.number(node.value)), ("description", JSONText.string(node.summary)),
            ("details", JSONText.array(node.details.map(explanationJSON))),
        ])
    }

    private static func printResult(
        rank: Int, hit: SearchHit, document: StoredDocument, snippet: Snippet, terminal: Terminal
    ) {
        let score = String(format: "%.3f", hit.score)
        let title = document.title.isEmpty ? IndexLocation.display(document.id) : document.title
        printOut("\(terminal.bold("\(rank).")) \(terminal.bold(title))  \(terminal.dim(score))")
        var where_ = IndexLocation.display(document.id)
        if let date = document.date { where_ += " · \(date)" }
        printOut("   " + terminal.accent(where_))
        var marked = ""
        let bytes = Array(snippet.text.utf8)
        var cursor = 0
        for range in snippet.highlights {
            marked += String(decoding: bytes[cursor..<range.lowerBound], as: UTF8.self)
            let word = String(decoding: bytes[range], as: UTF8.self)
            marked += terminal.colors ? terminal.highlight(word) : "[\(word)]"
            cursor = range.upperBound
        }
        marked += String(decoding: bytes[cursor...], as: UTF8.self)
        if !marked.isEmpty { printOut("   " + marked) }
        printOut("")
    }
}
