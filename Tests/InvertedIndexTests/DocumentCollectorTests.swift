import TestSupport
import Foundation
import Testing

@testable import InvertedIndex

private func walk(_ paths: [String]) throws -> [FileWalker.Entry] { Array(try FileWalker(paths: paths)) }

private func files(_ entries: [FileWalker.Entry], relativeTo root: String) -> [String] {
    entries.compactMap {
        guard case .file(let path, _) = $0 else { return nil }
        return String(path.dropFirst(root.count + 1))
    }
}

private func collect(_ paths: [String]) throws -> (documents: [Document], tally: DocumentTally) {
    var collector = try DocumentCollector(paths: paths)
    var documents: [Document] = []
    while let document = collector.next() { documents.append(document) }
    return (documents, collector.tally)
}

@Suite struct FileWalkerTests {
    @Test func nestedFoldersInSortedOrderWithHiddenEntriesSkipped() throws {
        let dir = try TemporaryDirectory()
        for name in [
            "b.txt", "a/z.txt", "a/b/c.txt", "a/a.txt", "B.txt", ".hidden.txt", ".git/config", "a/.cache/x.txt",
            "c/d/e/f/g.txt",
        ] {
            try dir.write(name, "x")
        }
        try dir.makeDirectory("empty")
        let entries = try walk([dir.path])
        #expect(
            files(entries, relativeTo: dir.path) == [
                "B.txt", "a/a.txt", "a/b/c.txt", "a/z.txt", "b.txt", "c/d/e/f/g.txt",
            ])
    }

    @Test func explicitHiddenPathsAreTakenAndDuplicatesVisitedOnce() throws {
        let dir = try TemporaryDirectory()
        try dir.write(".hidden/x.txt", "x")
        try dir.write("docs/a.txt", "a")
        try dir.write("docs/sub/b.txt", "b")
        let entries = try walk([
            dir.path + "/.hidden", dir.path + "/docs/sub", dir.path + "/docs/", dir.path + "/docs/a.txt",
            dir.path + "/docs",
        ])
        #expect(files(entries, relativeTo: dir.path) == [".hidden/x.txt", "docs/sub/b.txt", "docs/a.txt"])
    }

    @Test func symlinkLoopsDoNotHangAndLinkedFilesAreFollowed() throws {
        let dir = try TemporaryDirectory()
        try dir.write("tree/a.txt", "a")
        try dir.link("tree/loop", to: "..")  // tree/loop -> dir: a cycle if followed
        try dir.link("tree/self", to: "self")  // a link to itself
        try dir.link("tree/file-link.txt", to: "a.txt")
        try dir.link("tree/dangling.txt", to: "missing.txt")
        let entries = try walk([dir.path + "/tree"])
        #expect(files(entries, relativeTo: dir.path) == ["tree/a.txt", "tree/file-link.txt"])
        let problems = entries.compactMap { entry -> String? in
            guard case .problem(_, let display, let message) = entry else { return nil }
            return "\(display.dropFirst(dir.path.count + 1)): \(message)"
        }
        #expect(problems == ["tree/dangling.txt: broken symbolic link", "tree/self: broken symbolic link"])
        // A symlinked folder given explicitly is followed; the loop inside it still isn't.
        #expect(files(try walk([dir.path + "/tree/loop"]), relativeTo: dir.path + "/tree/loop").contains("tree/a.txt"))
    }

    @Test func missingPathIsATypedErrorNamingThePath() throws {
        #expect(throws: DocumentSourceError(.noSuchFile, path: "no/such/docs/", errno: ENOENT)) {
            _ = try FileWalker(paths: ["no/such/docs/"])
        }
        do {
            _ = try DocumentCollector(paths: ["docs-that-do-not-exist/"])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "no such file or directory: 'docs-that-do-not-exist/'")
        }
        #expect(throws: DocumentSourceError.self) { _ = try FileWalker(paths: ["/dev/null"]) }
    }

    @Test(.enabled(if: getuid() != 0, "root can read everything")) func unreadableFolderIsAProblemNotACrash() throws {
        let dir = try TemporaryDirectory()
        try dir.write("open/a.txt", "a")
        try dir.write("closed/b.txt", "b")
        chmod(dir.path + "/closed", 0)
        let (documents, tally) = try collect([dir.path])
        #expect(documents.count == 1)
        #expect(tally.unreadable == 1)
        #expect(tally.problems.first?.hasSuffix("closed: Permission denied") == true)
    }

    @Test func relativePathsGiveAbsoluteStandardizedIDs() {
        #expect(PathNames.absoluteStandardized("/a/./b//c/../d/") == "/a/b/d")
        #expect(PathNames.absoluteStandardized("/..") == "/")
        #expect(PathNames.absoluteStandardized("x").hasSuffix("/x"))
        #expect(PathNames.absoluteStandardized("x").hasPrefix("/"))
        #expect(PathNames.lowercasedExtension("/a.b/c.JSONL") == "jsonl")
        #expect(PathNames.lowercasedExtension("/a.b/.bashrc") == "")
    }
}

@Suite struct DocumentCollectorTests {
    @Test func mixedFolderTally() throws {
        let dir = try TemporaryDirectory()
        try dir.write("notes/one.md", "# One\nfirst note")
        try dir.write("notes/two.txt", " date 2020-10-01 Two\n\nsecond note\n")
        try dir.write("notes/empty.txt", "")
        try dir.write("notes/blank.txt", "  \n\n\t")
        try dir.write("notes/image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        try dir.write("notes/latin1.txt", Array("Caf".utf8) + [0xE9, 0x0A] + Array("cr\u{e8}me".utf8))
        try dir.write("notes/nul.txt", Array("nul".utf8) + [0x00] + Array("inside".utf8))
        try dir.write(
            "data/corpus.JSONL",
            """
            {"_id": "b1", "title": "BEIR", "text": "beir text", "metadata": {}}
            {"_id": "b2", "title": "broken" "text": "x"}
            {"id": 3, "title": "Wiki", "body": "wiki body"}
            {"title": "no id"}
            """)
        let (documents, tally) = try collect([dir.path])
        #expect(
            documents.map(\.id) == [
                "b1", "3", dir.path + "/notes/latin1.txt", dir.path + "/notes/one.md", dir.path + "/notes/two.txt",
            ])
        #expect(documents[2].title == "Caf\u{FFFD}")
        #expect(documents[3] == Document(id: dir.path + "/notes/one.md", title: "One", body: "first note"))
        #expect(documents[4].date == DocumentDate("2020-10-01"))
        #expect(tally.filesSeen == 8)
        #expect(tally.documents == 5)
        #expect(tally.binarySkipped == 2)
        #expect(tally.emptySkipped == 2)
        #expect(tally.invalidUTF8Repaired == 1)
        #expect(tally.malformedLines == 2)
        #expect(tally.unreadable == 0)
        let expectedBytes = try FileManager.default.subpathsOfDirectory(atPath: dir.path).reduce(0) {
            $0
                + ((try? FileManager.default.attributesOfItem(atPath: dir.path + "/" + $1)[.type] as? FileAttributeType)
                    == .typeRegular
                    ? Int(try FileManager.default.attributesOfItem(atPath: dir.path + "/" + $1)[.size] as! UInt64) : 0)
        }
        #expect(tally.bytesRead == expectedBytes)
        #expect(
            tally.problems == [
                "\(dir.path)/data/corpus.JSONL:2: expected ',' or '}' after a value at column 33",
                "\(dir.path)/data/corpus.JSONL:4: missing \"id\" or \"_id\"",
            ])
    }

    @Test func problemMessagesAreCapped() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bad.ndjson", String(repeating: "nope\n", count: 25))
        let (documents, tally) = try collect([path])
        #expect(documents.isEmpty)
        #expect(tally.malformedLines == 25)
        #expect(tally.problems.count == 10)
        #expect(tally.problemsNotShown == 15)
        #expect(tally.problems[0] == "\(path):1: expected '{' at the start of the line at column 1")
    }

    @Test func displayPathsFollowTheArgument() throws {
        let dir = try TemporaryDirectory()
        try dir.write("d/bad.jsonl", "{")
        let (_, tally) = try collect([dir.path + "/d/../d/"])
        #expect(tally.problems == ["\(dir.path)/d/../d/bad.jsonl:1: expected a key, but the line ended at column 2"])
    }
}

@Suite struct SourceEventTests {
    /// Every event, by path relative to `root`.
    private func events(
        _ root: String, filter: ((String, SourceStamp) -> Bool)? = nil
    ) throws -> (events: [String: DocumentCollector.SourceOutcome], filesRead: Int, ids: [String]) {
        var options = DocumentCollector.Options()
        options.recordSources = true
        options.maxFileBytes = 100
        var collector = try DocumentCollector(paths: [root], options: options)
        collector.unchangedFilter = filter
        var ids: [String] = []
        var events: [String: DocumentCollector.SourceOutcome] = [:]
        while let document = collector.next() {
            ids.append(document.id)
            for event in collector.takeSourceEvents() { events[String(event.path.dropFirst(root.count + 1))] = event.outcome }
        }
        for event in collector.takeSourceEvents() { events[String(event.path.dropFirst(root.count + 1))] = event.outcome }
        return (events, collector.filesRead, ids)
    }

    @Test func eachFileReportsItsStampHashAndIDs() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", "alpha")
        try dir.write("bin.dat", [0, 1, 2, 3])
        try dir.write("big.txt", String(repeating: "x ", count: 100))
        try dir.write("l.jsonl", #"{"id": "1", "body": "b"}"# + "\n{bad\n" + #"{"id": "2", "body": "c"}"# + "\n" + #"{"id": "1", "body": "d"}"# + "\n")
        let (events, filesRead, ids) = try events(dir.path)
        #expect(ids == [dir.path + "/a.txt", dir.path + "/big.txt", "1", "2", "1"])
        #expect(filesRead == 4)
        guard case .read(let text)? = events["a.txt"], case .read(let binary)? = events["bin.dat"],
            case .read(let lines)? = events["l.jsonl"], case .read(let big)? = events["big.txt"]
        else {
            Issue.record("\(events)")
            return
        }
        #expect(text.ids == [dir.path + "/a.txt"] && text.hash == ContentHasher.hash(Array("alpha".utf8)))
        #expect(text.stamp == SourceStamp(path: dir.path + "/a.txt") && text.stamp.size == 5)
        #expect(binary.ids.isEmpty && binary.hash == ContentHasher.hash([0, 1, 2, 3]))
        #expect(lines.ids == ["1", "2"], "each id once, malformed lines none")
        #expect(lines.hash == ContentHasher.hash(try dir.read("l.jsonl")))
        // Over the limit: indexed truncated, and hashed whole (a change past the limit is seen).
        #expect(big.ids == [dir.path + "/big.txt"])
        #expect(big.hash == ContentHasher.hash(try dir.read("big.txt")))
    }

    @Test func filteredFilesAreNotRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("a.txt", "alpha")
        try dir.write("b.txt", "beta")
        try dir.write("l.jsonl", #"{"id": "1", "body": "b"}"# + "\n")
        let (events, filesRead, ids) = try events(dir.path) { path, _ in !path.hasSuffix("/b.txt") }
        #expect(ids == [dir.path + "/b.txt"] && filesRead == 1)
        guard case .unchanged? = events["a.txt"], case .unchanged? = events["l.jsonl"], case .read? = events["b.txt"] else {
            Issue.record("\(events)")
            return
        }
    }
}
