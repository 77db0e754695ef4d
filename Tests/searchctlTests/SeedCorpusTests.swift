import TestSupport
import Foundation
import Testing

/// `searchctl` on the five seed news articles: the answers are checked against the files'
/// text, scanned independently of the tool.
@Suite("Seed corpus", .enabled(if: Seeds.available, Seeds.unavailableReason))
struct SeedCorpusTests {
    /// The article files whose words satisfy `predicate`, sorted.
    func files(where predicate: ([String]) -> Bool) throws -> [String] {
        try Seeds.texts().filter { predicate(words($0.value)) }.map(\.key).sorted()
    }

    @Test("indexing the seeds reports five documents on one summary line")
    func indexSummary() throws {
        let directory = try TemporaryDirectory()
        for (name, text) in try Seeds.texts() { try directory.write(name, text) }
        let result = try directory.run("index")
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == "")
        #expect(result.errorLines.count == 1, "\(result)")
        #expect(
            result.stderr.wholeMatch(
                of: /indexed 5 documents from 5 files in \d+\.\d\d s; the index at \.searchctl now holds 5 documents \([0-9.]+ (B|KiB)\)\n/
            ) != nil, "\(result)")
        let stats = try jsonObject(try directory.run("stats", "--json").stdout)
        #expect(stats["documents"] as? Int == 5)
    }

    @Test("blood transfusions: the four articles with those words, best first, with highlights")
    func words_bloodTransfusions() throws {
        let directory = try Seeds.indexedCopy()
        let expected = try files { $0.contains("blood") || $0.contains { $0.hasPrefix("transfusion") } }
        let names = try Seeds.names()
        #expect(expected == Array(names[0...3]), "the data changed: 000–003 mention blood transfusions, 004 does not")

        let json = try directory.run("query", "--json", "blood transfusions")
        #expect(json.status == 0, "\(json)")
        #expect(try json.jsonFileNames().sorted() == expected)
        let scores = try json.jsonScores()
        #expect(scores == scores.sorted(by: >), "ranked best first")

        // The human format: `N. title  score`, the path (and date), the snippet with
        // [highlights], a blank line; the count on stderr.
        let text = try directory.run("query", "blood transfusions")
        #expect(text.status == 0)
        #expect(text.stderr == "4 of 5 documents match, showing 1–4\n")
        let lines = text.lines
        #expect(lines.count == 16, "\(text)")
        for (index, id) in try json.jsonFileNames().enumerated() {
            let block = lines[(4 * index)..<(4 * index + 4)].map { $0 }
            #expect(block[0].hasPrefix("\(index + 1). "))
            #expect(block[0].wholeMatch(of: /\d+\. .*  \d+\.\d{3}/) != nil, "\(block[0])")
            #expect(block[1].hasPrefix("   \(id)"), "relative path shown: \(block[1])")
            #expect(block[2].hasPrefix("   ") && block[2].contains("[blood] [transfusions]"), "\(block[2])")
            #expect(block[3] == "")
        }
    }

    @Test("\"blood transfusions\": exactly the articles with the phrase")
    func phrase_bloodTransfusions() throws {
        let directory = try Seeds.indexedCopy()
        // A phrase is two consecutive words, whatever whitespace or punctuation lies between
        // them. The standard analyzer stems, so the singular "blood transfusion" (in 001) is the
        // same phrase.
        let expected = try files { words in
            zip(words, words.dropFirst()).contains { $0 == "blood" && ($1 == "transfusions" || $1 == "transfusion") }
        }
        #expect(!expected.isEmpty)
        let result = try directory.run("query", "--json", "\"blood transfusions\"")
        #expect(result.status == 0, "\(result)")
        #expect(try result.jsonFileNames().sorted() == expected)
        // The phrase in the other order is not in any article.
        let reversed = try directory.run("query", "\"transfusions blood\"")
        #expect(reversed.status == 1, "\(reversed)")
        #expect(reversed.stdout == "")
        #expect(reversed.stderr == "0 of 5 documents match\n")
    }

    @Test("jack -hostin: the articles about Jack that do not mention Hostin")
    func exclusion() throws {
        let directory = try Seeds.indexedCopy()
        let expected = try files { $0.contains("jack") && !$0.contains("hostin") }
        let mentionsHostin = try files { $0.contains("hostin") }
        #expect(expected.count == 4 && mentionsHostin.count == 1, "the data changed")
        let result = try directory.run("query", "--json", "jack -hostin")
        #expect(result.status == 0, "\(result)")
        #expect(try result.jsonFileNames().sorted() == expected)
        let without = try directory.run("query", "--json", "jack")
        #expect(try Set(without.jsonFileNames()) == Set(expected + mentionsHostin))
    }

    @Test("Legend's matches the straight and the curly apostrophe")
    func apostrophes() throws {
        let texts = try Seeds.texts()
        let straight = texts.filter { $0.value.contains("Legend's") }.map(\.key).sorted()
        let curly = texts.filter { $0.value.contains("Legend\u{2019}s") }.map(\.key).sorted()
        #expect(!straight.isEmpty && !curly.isEmpty && Set(straight) != Set(curly), "the data changed")
        let both = Array(Set(straight + curly)).sorted()

        // The standard analyzer stems "Legend's" to "legend": every article naming John Legend
        // matches, and so all of both kinds.
        let standard = try Seeds.indexedCopy()
        for query in ["Legend's", "Legend\u{2019}s"] {
            let result = try standard.run("query", "--json", query)
            #expect(result.status == 0)
            #expect(Set(try result.jsonFileNames()).isSuperset(of: both), "\(query): \(result)")
        }
        // The simple analyzer only folds: "legend's" is its own term, and the curly
        // apostrophe folds to the straight one, so exactly the articles with either spelling.
        let simple = try Seeds.indexedCopy(["--analyzer", "simple"])
        for query in ["Legend's", "Legend\u{2019}s", "legend\u{2019}S"] {
            let result = try simple.run("query", "--json", query)
            #expect(result.status == 0)
            #expect(try result.jsonFileNames().sorted() == both, "\(query): \(result)")
        }
    }

    @Test("--json: one object per line with rank, score, id, title, date, snippet, highlights")
    func jsonOutput() throws {
        let directory = try Seeds.indexedCopy()
        let texts = try Seeds.texts()
        let result = try directory.run("query", "--json", "jack")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.lines.count == 5)
        var previousScore = Double.infinity
        for (index, line) in result.lines.enumerated() {
            let object = try jsonObject(line)
            #expect(
                Set(object.keys) == [
                    "rank", "score", "id", "title", "date", "snippet", "highlights", "total_hits", "total_is_exact",
                ], "\(line)")
            #expect(object["rank"] as? Int == index + 1)
            let score = try #require(object["score"] as? Double)
            #expect(score > 0 && score <= previousScore)
            previousScore = score
            let id = try #require(object["id"] as? String)
            #expect(id.hasPrefix(directory.path + "/"), "ids are absolute paths: \(id)")
            let name = URL(fileURLWithPath: id).lastPathComponent
            let text = try #require(texts[name])

            // The date comes from a leading ` date YYYY-MM-DD ` line, else it is null.
            let firstLine = text.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
            if let match = firstLine.prefixMatch(of: /date (\d{4}-\d\d-\d\d)\s+(.*)/) {
                #expect(object["date"] as? String == String(match.1), "\(name)")
                #expect(object["title"] as? String == String(match.2), "\(name)")
            } else {
                #expect(object["date"] is NSNull, "\(name): \(line)")
                #expect(object["title"] as? String == firstLine)
            }

            // Highlights are UTF-8 byte ranges of the snippet, each covering the query word.
            let snippet = Array(try #require(object["snippet"] as? String).utf8)
            let highlights = try #require(object["highlights"] as? [[Int]])
            // The snippet comes from the body; a document matching only in its title has none.
            let body = text.drop { $0 != "\n" }
            #expect(highlights.isEmpty == !words(String(body)).contains("jack"), "\(name): \(line)")
            for range in highlights {
                #expect(range.count == 2 && 0 <= range[0] && range[0] < range[1] && range[1] <= snippet.count)
                #expect(String(decoding: snippet[range[0]..<range[1]], as: UTF8.self).lowercased().hasPrefix("jack"))
            }
        }
    }
}
