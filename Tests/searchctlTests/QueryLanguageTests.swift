import TestSupport
import Foundation
import Testing

/// The query language end to end on the seed articles: sloppy phrases, prefixes, fuzzy words,
/// date filters, booleans, `--explain` and `--count`. Expected files come from scanning the
/// articles' text independently of the tool.
@Suite("Query language on the seed corpus", .enabled(if: Seeds.available, Seeds.unavailableReason))
struct QueryLanguageTests {
    func files(where predicate: (String, [String]) -> Bool) throws -> [String] {
        try Seeds.texts().filter { predicate($0.value, words($0.value)) }.map(\.key).sorted()
    }

    /// The article's ` date YYYY-MM-DD` first line, if any.
    func date(_ text: String) -> String? {
        guard let match = text.prefixMatch(of: /\s*date (\d{4}-\d{2}-\d{2})/) else { return nil }
        return String(match.1)
    }

    /// Runs `query`; every result's snippet has `highlight`, or its title has `word` (when the
    /// word occurs in the title only, the body snippet has nothing to mark).
    func run(
        _ directory: TemporaryDirectory, _ query: String, expect expected: [String], highlight: String,
        orTitleWith word: String? = nil
    ) throws {
        let json = try directory.run("query", "--json", query)
        #expect(json.status == (expected.isEmpty ? 1 : 0), "\(query): \(json)")
        #expect(try json.jsonFileNames().sorted() == expected, "\(query)")
        let scores = try json.jsonScores()
        #expect(scores == scores.sorted(by: >), "\(query): ranked best first")
        let text = try directory.run("query", query)
        #expect(text.stderr.hasPrefix("\(expected.count) of 5 documents match"), "\(query): \(text.stderr)")
        let lines = text.lines
        #expect(lines.count == 4 * expected.count)
        for block in stride(from: 0, to: lines.count - 3, by: 4) {
            let titled = word.map { lines[block].contains($0) } ?? false
            #expect(lines[block + 2].contains(highlight) || titled, "\(query): \(lines[block...(block + 2)])")
        }
    }

    @Test("\"blood transfusion\"~1: blood then transfusion(s) with at most one word between")
    func sloppyPhrase() throws {
        let directory = try Seeds.indexedCopy()
        let expected = try files { _, w in
            w.indices.contains { i in
                w[i] == "blood" && (1...2).contains { i + $0 < w.count && w[i + $0].hasPrefix("transfusion") }
            }
        }
        #expect(!expected.isEmpty)
        try run(directory, "\"blood transfusion\"~1", expect: expected, highlight: "[blood] [transfusions]")
    }

    @Test("transfus*: every article with a word starting with transfus")
    func prefix() throws {
        let directory = try Seeds.indexedCopy()
        let expected = try files { _, w in w.contains { $0.hasPrefix("transfus") } }
        #expect(expected.count == 4)
        try run(directory, "transfus*", expect: expected, highlight: "[transfusions]")
    }

    @Test("teigan~1 finds Teigen (one substitution); teigan alone finds nothing")
    func fuzzy() throws {
        let directory = try Seeds.indexedCopy()
        let expected = try files { _, w in w.contains { $0.hasPrefix("teigen") } }
        #expect(expected.count == 5)
        try run(directory, "teigan~1", expect: expected, highlight: "[Teigen]")
        #expect(try directory.run("query", "teigan").status == 1)
        #expect(try directory.run("query", "tiegen~1").status == 0, "a transposition is one edit")
        #expect(try directory.run("query", "tiegna~1").status == 1)
    }

    @Test("jack date:2021-01-01..: only articles dated 2021 or later mentioning Jack")
    func dateFilter() throws {
        let directory = try Seeds.indexedCopy()
        let expected = try files { text, w in w.contains("jack") && (date(text).map { $0 >= "2021-01-01" } ?? false) }
        #expect(expected.count == 1)
        try run(directory, "jack date:2021-01-01..", expect: expected, highlight: "[Jack]", orTitleWith: "Jack")
        let before = try files { text, w in w.contains("jack") && (date(text).map { $0 <= "2020-12-31" } ?? false) }
        try run(directory, "jack date:..2020-12-31", expect: before, highlight: "[Jack]")
        let json = try directory.run("query", "--json", "date:2020-09-30..2020-09-30")
        #expect(try json.jsonFileNames() == (try files { text, _ in date(text) == "2020-09-30" }))
    }

    @Test("AND, OR, NOT and parentheses")
    func booleans() throws {
        let directory = try Seeds.indexedCopy()
        func names(_ query: String) throws -> [String] { try directory.run("query", "--json", query).jsonFileNames().sorted() }
        let blood = try files { _, w in w.contains("blood") }
        let instagram = try files { _, w in w.contains("instagram") }
        #expect(try names("blood AND instagram") == blood.filter(instagram.contains))
        #expect(try names("blood OR instagram") == Array(Set(blood + instagram)).sorted())
        #expect(try names("instagram NOT blood") == instagram.filter { !blood.contains($0) })
        #expect(try names("(blood OR instagram) AND NOT blood") == instagram.filter { !blood.contains($0) })
    }

    @Test("--explain: the tree adds up to the score; --json includes it")
    func explain() throws {
        let directory = try Seeds.indexedCopy()
        let query = "\"blood transfusion\"~1 OR (teigan~1 AND transfus*) date:2020-01-01.."
        let json = try directory.run("query", "--json", "--explain", query)
        #expect(json.status == 0)
        func check(_ node: [String: Any]) throws -> Double {
            let value = try #require(node["value"] as? Double)
            let details = try #require(node["details"] as? [[String: Any]])
            if !details.isEmpty {
                let sum = try details.map(check).reduce(0, +)
                #expect(abs(sum - value) <= 1e-6 * max(1, value), "\(node)")
            }
            return value
        }
        for line in json.lines {
            let object = try jsonObject(line)
            let explanation = try #require(object["explanation"] as? [String: Any])
            #expect(try check(explanation) == object["score"] as? Double)
        }
        let text = try directory.run("query", "--explain", "-n", "1", "blood")
        #expect(text.stdout.contains("text:blood: idf="), "\(text)")
        #expect(text.stdout.contains("k1=1.5, b=0.75 → "), "\(text)")
    }

    @Test("--count prints the exact number of matching documents")
    func count() throws {
        let directory = try Seeds.indexedCopy()
        let blood = try files { _, w in w.contains("blood") }
        let result = try directory.run("query", "--count", "blood")
        #expect(result.status == 0 && result.stdout == "\(blood.count)\n", "\(result)")
        let json = try jsonObject(try directory.run("query", "--count", "--json", "blood").stdout)
        #expect(json["count"] as? Int == blood.count && json["exact"] as? Bool == true)
        #expect(try directory.run("query", "--count", "zebra").stdout == "0\n")
    }

    @Test("malformed queries: exit 64, the problem and its column", arguments: [
        ("(jack", "unbalanced parenthesis at column 1"), ("jack \"blood", "unclosed quote at column 6"),
        ("jack date:x", "invalid date 'x' (expected YYYY-MM-DD) at column 11"), ("jack OR", "at column 8"),
        ("-jack", "only excluded words"),
    ])
    func errors(query: String, message: String) throws {
        let directory = try Seeds.indexedCopy()
        let result = try directory.run("query", query)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains(message), "\(result)")
        #expect(result.stdout == "")
    }
}
