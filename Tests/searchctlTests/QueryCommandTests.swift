import TestSupport
import Foundation
import Testing

/// `searchctl query` on a small corpus the test writes: whole outputs, paging, fields, exit
/// statuses.
@Suite("searchctl query", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct QueryCommandTests {
    @Test("the whole text output: rank, title, score, path, date, highlighted snippet")
    func wholeTextOutput() throws {
        let directory = try SmallCorpus.indexed()
        for word in ["river", "sea", "stone"] {
            let ranking = SmallCorpus.ranking(word)
            var expected = ""
            for (index, (file, score)) in ranking.enumerated() {
                expected += "\(index + 1). \(file.title)  \(String(format: "%.3f", score))\n"
                expected += "   \(file.path)\(file.date.map { " · \($0)" } ?? "")\n"
                expected += "   \(SmallCorpus.marked(file.body, word))\n\n"
            }
            let result = try directory.run("query", word)
            #expect(result.status == 0)
            #expect(result.stdout == expected, "\(word)")
            #expect(result.stderr == "\(ranking.count) of 4 documents match, showing 1–\(ranking.count)\n")
        }
    }

    @Test("the default analyzer is english: stop words are not indexed but keep their positions")
    func defaultAnalyzer() throws {
        let directory = try TemporaryDirectory()
        try SmallCorpus.write(into: directory)
        #expect(try directory.run("index").status == 0)
        #expect(try directory.run("stats").lines.contains("analyzer    english"))
        let stopWordsOnly = try directory.run("query", "The who")
        #expect(stopWordsOnly.status == 1, "stop words alone match nothing")
        #expect(stopWordsOnly.stderr.contains("'the', 'who': stop words"), "\(stopWordsOnly)")
        #expect(try !directory.run("query", "zebra").stderr.contains("stop words"), "no hint for other misses")
        #expect(try directory.queryNames("the rivers") == ["a.txt", "b.txt", "notes/d.md"])
        #expect(try directory.queryNames("\"river runs past the old stone\"") == ["a.txt"])
        #expect(try directory.queryNames("\"river runs past old stone\"") == [], "the dropped word still holds its position")
        #expect(try directory.run("analyze", "The river").stdout.contains("river"))
    }

    @Test("--json scores equal BM25 computed independently")
    func jsonScores() throws {
        let directory = try SmallCorpus.indexed()
        for word in ["river", "light", "night", "stone", "sea"] {
            let result = try directory.run("query", "--json", word)
            #expect(result.status == 0)
            let expected = SmallCorpus.ranking(word)
            #expect(try result.jsonIDs() == expected.map { directory.path + "/" + $0.file.path }, "\(word)")
            for (score, reference) in zip(try result.jsonScores(), expected) {
                #expect(abs(score - reference.score) < 1e-5, "\(word): \(score) vs \(reference.score)")
            }
        }
    }

    @Test("exit status 0 with hits, 1 without; nothing on stdout then")
    func exitStatus() throws {
        let directory = try SmallCorpus.indexed()
        #expect(try directory.run("query", "river").status == 0)
        let none = try directory.run("query", "zebra")
        #expect(none.status == 1)
        #expect(none.stdout == "")
        #expect(none.stderr == "0 of 4 documents match\n")
        let noneJSON = try directory.run("query", "--json", "zebra")
        #expect(noneJSON.status == 1)
        #expect(noneJSON.stdout == "" && noneJSON.stderr == "")
        // Words the analyzer drops entirely (only punctuation) match nothing: not an error.
        #expect(try directory.run("query", "...").status == 1)
    }

    @Test("--limit, -n, --offset page through the same ranking")
    func paging() throws {
        let directory = try SmallCorpus.indexed()
        let all = try directory.run("query", "--json", "the").lines
        #expect(all.count == 4)
        for arguments in [["--limit", "2"], ["-n", "2"], ["--limit=2"]] {
            let result = try directory.run(["query", "--json"] + arguments + ["the"])
            #expect(result.lines == Array(all[0..<2]), "\(arguments)")
        }
        let second = try directory.run("query", "--json", "--offset", "1", "--limit", "2", "the")
        #expect(second.lines == Array(all[1..<3]))
        #expect(try jsonObject(second.lines[0])["rank"] as? Int == 2, "ranks count from the first result")
        let text = try directory.run("query", "--offset", "1", "--limit", "2", "the")
        #expect(text.stderr == "4 of 4 documents match, showing 2–3\n")
        #expect(text.lines.first?.hasPrefix("2. ") == true)
        // Past the end: matches exist, none on this page.
        let past = try directory.run("query", "--offset", "10", "the")
        #expect(past.status == 0)
        #expect(past.stdout == "")
        #expect(past.stderr == "4 of 4 documents match\n")
        let zero = try directory.run("query", "--limit", "0", "the")
        #expect(zero.status == 0 && zero.stdout == "")
    }

    @Test("--all requires every word; + requires one; - excludes one")
    func requiredWords() throws {
        let directory = try SmallCorpus.indexed()
        #expect(try directory.queryNames("river stone") == ["a.txt", "b.txt", "notes/d.md"])
        #expect(try directory.queryNames("--all", "river stone") == ["a.txt", "b.txt"])
        #expect(try directory.queryNames("+stone river") == ["a.txt", "b.txt"])
        #expect(try directory.queryNames("river -stone") == ["notes/d.md"])
        #expect(try directory.queryNames("sea -\"the river\"") == ["c.txt"])
        #expect(try directory.run("query", "--all", "river zebra").status == 1)
    }

    @Test("title: searches titles only; phrases need adjacent words")
    func fieldsAndPhrases() throws {
        let directory = try SmallCorpus.indexed()
        #expect(try directory.queryNames("river") == ["a.txt", "b.txt", "notes/d.md"])
        #expect(try directory.queryNames("title:river") == ["a.txt"])
        #expect(try directory.queryNames("TITLE:River") == ["a.txt"])
        #expect(try directory.queryNames("title:\"delta light\"") == ["notes/d.md"])
        #expect(try directory.queryNames("title:\"light delta\"") == [])
        #expect(try directory.queryNames("\"the river\"") == ["a.txt", "b.txt", "notes/d.md"])
        #expect(try directory.queryNames("\"river runs\"") == ["a.txt"])
        #expect(try directory.queryNames("\"the sea\"") == ["c.txt", "notes/d.md"])
        #expect(try directory.queryNames("\"stone mill\"") == ["a.txt"])
        // Title and body do not join into a phrase across the seam.
        #expect(try directory.queryNames("\"river the\"") == [])
        #expect(try directory.queryNames("\"light light\"") == [])
        // A colon that names no field is part of the text.
        #expect(try directory.run("query", "nofield:river").status != 64)
    }

    @Test("the index is found by --index, $SEARCHCTL_INDEX, or in a parent folder")
    func indexLocation() throws {
        let directory = try TemporaryDirectory()
        try SmallCorpus.write(into: directory, folder: "docs")
        let made = try directory.run("index", "--index", "idx", "docs")
        #expect(made.status == 0, "\(made)")
        #expect(made.stderr.contains("the index at idx now holds 4 documents"))
        #expect(try directory.run("query", "--index", "idx", "river").status == 0)
        #expect(try directory.run("query", "--index=idx", "river").status == 0)
        let viaEnvironment = try directory.run("query", "river", env: ["SEARCHCTL_INDEX": directory.path + "/idx"])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment)")
        #expect(try directory.run("query", "river").status == 66, "no .searchctl here")

        let nested = try SmallCorpus.indexed()
        try nested.makeDirectory("sub/deeper")
        let fromBelow = try CLI.run(["query", "--json", "river"], cwd: nested.path + "/sub/deeper")
        #expect(fromBelow.status == 0, "\(fromBelow)")
        #expect(fromBelow.lines.count == 3)
    }

    @Test("--explain: each result's BM25 numbers, computed independently; --count: the number alone")
    func explainAndCount() throws {
        let directory = try SmallCorpus.indexed()
        for word in ["river", "stone"] {
            let ranking = SmallCorpus.ranking(word)
            let result = try directory.run("query", "--explain", word)
            #expect(result.status == 0)
            // Per result: the 4 usual lines, then the explanation (one leaf) and a blank line.
            #expect(result.lines.count == 6 * ranking.count, "\(result)")
            for (index, reference) in ranking.enumerated() {
                let leaf = result.lines[6 * index + 4]
                #expect(leaf.hasPrefix("   text:\(word): idf="), "\(leaf)")
                #expect(leaf.contains(", k1=1.5, b=0.75 → "), "\(leaf)")
                let value = try #require(Double(String(leaf.split(separator: "→ ").last ?? "")))
                #expect(abs(value - reference.score) < 1e-5, "\(leaf)")
            }
            let count = try directory.run("query", "--count", word)
            #expect(count.stdout == "\(ranking.count)\n" && count.stderr == "")
        }
        let json = try directory.run("query", "--json", "--explain", "river OR (+sea stone)")
        for line in json.lines {
            let object = try jsonObject(line)
            let explanation = try #require(object["explanation"] as? [String: Any])
            #expect(explanation["value"] as? Double == object["score"] as? Double)
        }
    }
}

extension TemporaryDirectory {
    /// The sorted paths (relative to this folder) of the documents `searchctl query --json
    /// ARGUMENTS` returns.
    fileprivate func queryNames(_ arguments: String...) throws -> [String] {
        try run(["query", "--json"] + arguments).jsonIDs().map { String($0.dropFirst(path.count + 1)) }.sorted()
    }
}
