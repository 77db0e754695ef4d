import TestSupport
import Foundation
import InvertedIndex
import Testing

/// Living indexes: re-running `searchctl index` adds, replaces and removes exactly what changed,
/// and `searchctl delete` removes by id, path or folder — with statistics equal to a fresh build.
@Suite("searchctl index updates, searchctl delete", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct UpdateTests {
    /// `--json` summary of `searchctl index ARGS`.
    private func index(_ directory: TemporaryDirectory, _ args: String...) throws -> [String: Any] {
        let result = try directory.run(["index", "--json"] + args)
        #expect(result.status == 0, "\(result)")
        return try jsonObject(result.stdout)
    }

    private func ids(_ directory: TemporaryDirectory, _ query: String = "the") throws -> Set<String> {
        Set(try directory.run("query", "--json", "--limit", "100", query).jsonIDs())
    }

    @Test("re-index: new files added, changed ones replaced, unchanged left, deleted ones removed")
    func incremental() throws {
        let directory = try SmallCorpus.indexed()
        let again = try index(directory)
        #expect(again["unchanged"] as? Int == 4 && again["added"] as? Int == 0, "\(again)")
        #expect(again["removed"] as? Int == 0 && again["replaced"] as? Int == 0, "\(again)")

        try directory.write("b.txt", "Beta pebble\n\nA pebble in the river.\n")
        try directory.write("notes/e.txt", "Epsilon\n\nThe quarry by the mill.\n")
        try FileManager.default.removeItem(atPath: directory.path + "/c.txt")
        let update = try index(directory)
        #expect(update["added"] as? Int == 1, "\(update)")
        #expect(update["replaced"] as? Int == 1, "\(update)")
        #expect(update["unchanged"] as? Int == 2, "\(update)")
        #expect(update["removed"] as? Int == 1, "\(update)")
        #expect(update["documents"] as? Int == 4, "\(update)")
        #expect(try directory.run("query", "stars").status == 1)
        #expect(try directory.run("query", "stone", "--json").jsonFileNames() == ["a.txt"])
        #expect(try directory.run("check").status == 0)

        // Statistics are exact: scores equal those of a fresh index of the same files.
        let fresh = try TemporaryDirectory()
        for name in ["a.txt", "b.txt", "notes/d.md", "notes/e.txt"] {
            try fresh.write(name, directory.read(name))
        }
        #expect(try fresh.run("index", "-q", "--analyzer", "standard").status == 0)
        for query in ["river", "the mill", "light sea", "pebble"] {
            let updated = try directory.run("query", "--json", query).jsonScores()
            let rebuilt = try fresh.run("query", "--json", query).jsonScores()
            #expect(updated == rebuilt, "\(query)")
        }
    }

    @Test("only the folders being indexed lose documents of deleted files")
    func scopedToFolders() throws {
        let directory = try TemporaryDirectory()
        try directory.write("one/a.txt", "apple orchard")
        try directory.write("two/b.txt", "banana grove")
        #expect(try directory.run("index", "-q", "one", "two").status == 0)
        try FileManager.default.removeItem(atPath: directory.path + "/two/b.txt")
        try directory.write("one/c.txt", "cherry tree")
        // Only `one` is re-indexed: the vanished two/b.txt stays until `two` is re-indexed.
        #expect(try index(directory, "one")["removed"] as? Int == 0)
        #expect(try directory.run("query", "banana").status == 0)
        // A file given explicitly does not prune its folder either.
        try FileManager.default.removeItem(atPath: directory.path + "/one/a.txt")
        #expect(try index(directory, "one/c.txt")["removed"] as? Int == 0)
        #expect(try directory.run("query", "apple").status == 0)
        let pruned = try index(directory, "one")
        #expect(pruned["removed"] as? Int == 1 && pruned["documents"] as? Int == 2, "\(pruned)")
        #expect(try directory.run("query", "apple").status == 1)
    }

    @Test("an index written by the library (no source table): documents of files gone are still removed")
    func withoutSourceTable() throws {
        let directory = try TemporaryDirectory()
        let a = try directory.write("docs/a.txt", "apple orchard")
        let b = try directory.write("docs/b.txt", "banana grove")
        do {  // the writer's lock goes with it
            let writer = try IndexWriter(directory: directory.path + "/.searchctl")
            for (path, text) in [(a, "apple orchard"), (b, "banana grove")] {
                try writer.add(Document(id: PathNames.absoluteStandardized(path), body: text))
            }
            try writer.commit()
        }
        try FileManager.default.removeItem(atPath: b)
        let update = try index(directory, "docs")
        #expect(update["removed"] as? Int == 1 && update["documents"] as? Int == 1, "\(update)")
        #expect(try directory.run("query", "banana").status == 1)
        // The run wrote a table: from now on vanished files come from its entries.
        try FileManager.default.removeItem(atPath: a)
        try directory.write("docs/c.txt", "cherry tree")
        let next = try index(directory, "docs")
        #expect(next["removed"] as? Int == 1 && next["documents"] as? Int == 1, "\(next)")
    }

    @Test("a folder emptied of files empties its documents (exit 66: nothing indexed)")
    func folderEmptied() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/a.txt", "apple")
        #expect(try directory.run("index", "-q", "docs").status == 0)
        try FileManager.default.removeItem(atPath: directory.path + "/docs/a.txt")
        let result = try directory.run("index", "docs")
        #expect(result.status == 66, "\(result)")
        #expect(try directory.run("query", "apple").status == 1)
        #expect(try directory.run("check").stdout.contains(" 0 documents"))
    }

    @Test("JSON lines: a line with an existing id replaces it; an unchanged line is left alone")
    func jsonLinesUpdateByID() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "docs.jsonl",
            """
            {"id": "x1", "title": "Walrus", "body": "The walrus lives in the Arctic."}
            {"id": "x2", "title": "Seal", "body": "Seals on the ice."}

            """)
        #expect(try directory.run("index", "-q", "docs.jsonl").status == 0)
        try directory.write(
            "more.jsonl",
            """
            {"id": "x2", "title": "Seal", "body": "Seals on the ice."}
            {"id": "x1", "title": "Walrus", "body": "The walrus dives for clams."}
            {"id": "x1", "title": "Walrus", "body": "The walrus lives in the Arctic."}
            {"id": "x3", "title": "Orca", "body": "Orcas hunt seals."}

            """)
        let summary = try index(directory, "more.jsonl")
        #expect(summary["unchanged"] as? Int == 1, "\(summary)")
        #expect(summary["added"] as? Int == 1, "\(summary)")
        #expect(summary["documents"] as? Int == 3, "\(summary)")
        // The last line with an id wins, even when it equals the stored version.
        #expect(try directory.run("query", "arctic", "--json").jsonIDs() == ["x1"])
        #expect(try directory.run("query", "clams").status == 1)
    }

    @Test("delete: by id, by path (even of a deleted file), by folder; exit 1 when nothing matched")
    func deleteCommand() throws {
        let directory = try SmallCorpus.indexed()
        try FileManager.default.removeItem(atPath: directory.path + "/a.txt")
        let byPath = try directory.run("delete", "a.txt")
        #expect(byPath.status == 0, "\(byPath)")
        #expect(byPath.stderr == "deleted 1 documents; the index at .searchctl now holds 3 documents\n", "\(byPath)")
        let byID = try directory.run("delete", "--json", directory.path + "/b.txt")
        #expect(byID.status == 0, "\(byID)")
        #expect(try jsonObject(byID.stdout)["deleted"] as? Int == 1)
        let none = try directory.run("delete", "a.txt", "nothing-here")
        #expect(none.status == 1, "\(none)")
        #expect(none.stderr.hasPrefix("searchctl delete: nothing matched"), "\(none)")
        let folder = try directory.run("delete", "notes/")
        #expect(folder.status == 0 && folder.stderr.contains("now holds 1 documents"), "\(folder)")
        #expect(try directory.run("check").status == 0)
        #expect(try directory.run("query", "light").status == 1)
        #expect(try directory.run("query", "stars").status == 0)
        #expect(try directory.run("delete").status == 64)
        let noIndex = try TemporaryDirectory()
        #expect(try noIndex.run("delete", "x").status == 66)
        #expect(!FileManager.default.fileExists(atPath: noIndex.path + "/.searchctl"))
    }
}
