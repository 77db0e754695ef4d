import TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `searchctl index`, `stats` and `check` on a small corpus the test writes.
@Suite("searchctl index, stats, check", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct IndexCommandTests {
    @Test("index then stats: the whole stats output")
    func stats() throws {
        let directory = try SmallCorpus.indexed()
        let text = try directory.run("stats")
        #expect(text.status == 0 && text.stderr == "")
        let lines = text.lines
        #expect(lines.count == 6, "\(text)")
        #expect(Array(lines.prefix(5)) == [
            "index       .searchctl", "documents   4", "segments    1", "analyzer    standard", "generation  1",
        ])
        #expect(lines.last?.wholeMatch(of: /size        [0-9.]+ (B|KiB) \(stored text [0-9.]+ (B|KiB)\)/) != nil, "\(text)")

        let json = try directory.run("stats", "--json")
        #expect(json.status == 0 && json.lines.count == 1)
        let object = try jsonObject(json.stdout)
        #expect(object["index"] as? String == ".searchctl")
        #expect(object["documents"] as? Int == 4)
        #expect(object["deleted"] as? Int == 0)
        #expect(object["segments"] as? Int == 1)
        #expect(object["generation"] as? Int == 1)
        #expect(object["analyzer"] as? String == "standard")
        let bytes = try #require(object["bytes"] as? Int)
        let stored = try #require(object["stored_bytes"] as? Int)
        #expect(0 < stored && stored < bytes)
    }

    @Test("index --json: a summary object")
    func indexJSON() throws {
        let directory = try TemporaryDirectory()
        try SmallCorpus.write(into: directory)
        let result = try directory.run("index", "--json")
        #expect(result.status == 0 && result.stderr == "", "\(result)")
        let object = try jsonObject(result.stdout)
        #expect(object["indexed"] as? Int == 4)
        #expect(object["documents"] as? Int == 4)
        #expect(object["files"] as? Int == 4)
        #expect(object["binary_skipped"] as? Int == 0)
        #expect(object["problems"] as? [String] == [])
        let quiet = try directory.run("index", "-q")
        #expect(quiet.status == 0 && quiet.stdout == "" && quiet.stderr == "", "\(quiet)")
    }

    @Test("re-indexing the same folder replaces documents: same count, results and scores")
    func reindexIsIdempotent() throws {
        let directory = try SmallCorpus.indexed()
        let before = try directory.run("query", "--json", "river light stone")
        for _ in 0..<2 {
            let again = try directory.run("index")
            #expect(again.status == 0)
            #expect(again.stderr.contains("now holds 4 documents"), "\(again)")
        }
        let stats = try jsonObject(try directory.run("stats", "--json").stdout)
        #expect(stats["documents"] as? Int == 4)
        // Nothing changed: no new commit.
        #expect(stats["generation"] as? Int == 1)
        let after = try directory.run("query", "--json", "river light stone")
        #expect(after.stdout == before.stdout)
        // Indexing the folder by another spelling of its path finds the same ids.
        #expect(try directory.run("index", "./notes/../.").status == 0)
        #expect(try jsonObject(try directory.run("stats", "--json").stdout)["documents"] as? Int == 4)
        #expect(try directory.run("query", "--json", "river light stone").stdout == before.stdout)
    }

    @Test("editing a file and re-indexing updates it: old words gone, new words found")
    func reindexAfterEdit() throws {
        let directory = try SmallCorpus.indexed()
        #expect(try directory.run("query", "mill").status == 0)
        try directory.write("a.txt", "Alpha lagoon\n\nThe lagoon lies past the old stone bakery.\n")
        let reindex = try directory.run("index")
        #expect(reindex.status == 0, "\(reindex)")
        #expect(try directory.run("query", "mill").status == 1)
        let found = try directory.run("query", "--json", "bakery")
        #expect(found.status == 0)
        let hit = try jsonObject(try #require(found.lines.first))
        #expect(hit["title"] as? String == "Alpha lagoon")
        #expect(hit["id"] as? String == directory.path + "/a.txt")
        #expect(try directory.run("query", "title:river").status == 1)
        #expect(try jsonObject(try directory.run("stats", "--json").stdout)["documents"] as? Int == 4)
        // Only the edited file changed: the others still match as before.
        #expect(try directory.run("query", "--json", "river").lines.count == 2)
        #expect(try directory.run("check").status == 0)
    }

    @Test("a file that became empty or binary leaves the index when re-indexed")
    func reindexAfterSkip() throws {
        let directory = try SmallCorpus.indexed()
        try directory.write("a.txt", "")
        try directory.write("b.txt", [0x00, 0x01, 0x02, 0xFF] + Array("stone".utf8))
        let result = try directory.run("index")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("now holds 2 documents"), "\(result)")
        #expect(try directory.run("query", "mill").status == 1)
        #expect(try directory.run("query", "--json", "stone").lines.isEmpty)
        #expect(try directory.run("check").status == 0)

        // The last indexable file emptied: nothing to add (exit 66), but the stale one goes.
        let single = try TemporaryDirectory()
        try single.write("only.txt", "Only\n\nmoose\n")
        #expect(try single.run("index").status == 0)
        try single.write("only.txt", "  \n")
        let emptied = try single.run("index")
        #expect(emptied.status == 66, "\(emptied)")
        #expect(emptied.stderr.contains("no documents found in ."), "\(emptied)")
        #expect(try single.run("query", "moose").status == 1)
        #expect(try jsonObject(try single.run("stats", "--json").stdout)["documents"] as? Int == 0)
    }

    @Test("a deleted file leaves the index when its folder is re-indexed")
    func reindexAfterDelete() throws {
        let directory = try SmallCorpus.indexed()
        try FileManager.default.removeItem(atPath: directory.path + "/a.txt")
        #expect(try directory.run("index").status == 0)
        let mill = try directory.run("query", "mill")
        #expect(mill.status == 1, "\(mill)")
    }

    @Test("check passes on a fresh and on an updated index")
    func checkPasses() throws {
        let directory = try SmallCorpus.indexed()
        let fresh = try directory.run("check")
        #expect(fresh.status == 0, "\(fresh)")
        #expect(fresh.stdout.wholeMatch(of: /ok: \d+ files verified, 4 documents, generation 1\n/) != nil, "\(fresh)")
        try directory.write("b.txt", "Beta pebble\n\nA pebble.\n")
        #expect(try directory.run("index", "-q").status == 0)
        let updated = try directory.run("check")
        #expect(updated.status == 0, "\(updated)")
        #expect(updated.stdout.hasSuffix("4 documents, generation 2\n"), "\(updated)")
    }

    @Test("JSON lines: one document per line, ids from the lines")
    func jsonLines() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "docs.jsonl",
            """
            {"id": "doc-1", "title": "Walrus facts", "body": "The walrus lives in the Arctic."}
            {"_id": "doc-2", "title": "Seals", "text": "Seals and a walrus share the ice."}

            """)
        let result = try directory.run("index", "docs.jsonl")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.hasPrefix("indexed 2 documents from 1 files"), "\(result)")
        let query = try directory.run("query", "walrus")
        #expect(query.status == 0)
        #expect(query.lines.count == 8)
        #expect(query.lines[0].hasPrefix("1. Walrus facts  "), "\(query)")
        #expect(query.lines[1] == "   doc-1")
        #expect(query.lines[2] == "   The [walrus] lives in the Arctic.")
        #expect(query.lines[5] == "   doc-2")
        // Re-indexing replaces by id.
        #expect(try directory.run("index", "docs.jsonl").status == 0)
        #expect(try jsonObject(try directory.run("stats", "--json").stdout)["documents"] as? Int == 2)
    }

    @Test("a second writer is refused while the lock is held (exit 75)")
    func lockedIndex() throws {
        let directory = try SmallCorpus.indexed()
        // Hold the writer's lock as another searchctl process would (flock on write.lock).
        let fd = open(directory.path + "/.searchctl/write.lock", O_RDWR)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let blocked = try directory.run("index")
        #expect(blocked.status == 75, "\(blocked)")
        #expect(!blocked.signaled)
        #expect(blocked.errorLines.count == 1, "\(blocked)")
        #expect(blocked.stderr.contains("another searchctl process is writing to this index"), "\(blocked)")
        // Readers are not blocked.
        #expect(try directory.run("query", "river").status == 0)
        #expect(try directory.run("check").status == 0)
        flock(fd, LOCK_UN)
        #expect(try directory.run("index").status == 0)
    }

    @Test("two writers at once: one waits its turn or is refused (75); the index stays whole")
    func concurrentWriters() throws {
        let directory = try TemporaryDirectory()
        // Enough work that the first writer usually still holds the lock when the second starts;
        // either order is accepted, so this cannot flake, only sometimes not overlap.
        for file in 0..<400 {
            let text = (0..<60).map { "word\(($0 * 7 + file) % 500)" }.joined(separator: " ")
            try directory.write("big/f\(file).txt", "File \(file)\n\n\(text)\n")
        }
        let first = try CLI.start(["index", "big"], cwd: directory.path)
        let second = try CLI.start(["index", "big"], cwd: directory.path)
        let results = [try first.finish(), try second.finish()]
        for result in results {
            #expect(!result.signaled, "\(result)")
            #expect([0, 75].contains(result.status), "\(result)")
            if result.status == 75 {
                #expect(result.errorLines.count == 1, "\(result)")
                #expect(result.stderr.contains("another searchctl process is writing to this index"), "\(result)")
            }
        }
        #expect(results.contains { $0.status == 0 })
        #expect(try directory.run("check").status == 0)
        #expect(try jsonObject(try directory.run("stats", "--json").stdout)["documents"] as? Int == 400)
    }

    @Test("a different analyzer for an existing index is a usage error")
    func analyzerMismatch() throws {
        let directory = try SmallCorpus.indexed()
        let result = try directory.run("index", "--analyzer", "simple")
        #expect(result.status == 64, "\(result)")
        #expect(result.errorLines.count == 1)
        #expect(result.stderr.contains("the index uses the 'standard' analyzer, not 'simple'"), "\(result)")
        let unknown = try directory.run("index", "--analyzer", "klingon")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown analyzer 'klingon'"))
    }
}
