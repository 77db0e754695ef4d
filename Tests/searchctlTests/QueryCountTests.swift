import TestSupport
import Foundation
import Testing

/// How `searchctl query` reports the number of matches: exact up to 1,000 (pruning starts
/// after), then "≥ N"; `--count` always exact; JSON carries `total_hits` and `total_is_exact`.
@Suite("searchctl query counts", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct QueryCountTests {
    @Test("small result sets are counted exactly, in text and JSON")
    func exactBelowThreshold() throws {
        let directory = try SmallCorpus.indexed()
        let result = try directory.run("query", "--json", "the")
        for line in result.lines {
            let object = try jsonObject(line)
            #expect(object["total_hits"] as? Int == 4 && object["total_is_exact"] as? Bool == true, "\(line)")
        }
    }

    @Test("past 1,000 matches the listing shows a lower bound; --count stays exact")
    func lowerBoundAboveThreshold() throws {
        let directory = try TemporaryDirectory()
        // Equal documents: once the page is full, later ones cannot enter and are skipped.
        for i in 0..<1_500 { try directory.write("doc\(i).txt", "river stone \(i)") }
        let index = try directory.run("index")
        #expect(index.status == 0, "\(index)")
        let text = try directory.run("query", "river")
        #expect(text.status == 0)
        let footer = text.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(footer.hasPrefix("≥ ") && footer.hasSuffix("of 1500 documents match, showing 1–10"), "\(footer)")
        let json = try directory.run("query", "--json", "river")
        let object = try jsonObject(json.lines[0])
        #expect(object["total_is_exact"] as? Bool == false)
        let shown = object["total_hits"] as? Int ?? 0
        #expect(shown >= 1_000 && shown < 1_500, "\(shown)")
        let count = try directory.run("query", "--count", "river")
        #expect(count.stdout == "1500\n")
    }
}
