import TestSupport
import Foundation
import Testing

/// Re-runs of `searchctl index` skip files whose size, mtime and ctime are unchanged without
/// reading them, read and hash the others, and delete the documents of JSON-lines lines and
/// files that are gone — always ending equal to a fresh index of the same files.
@Suite("searchctl index skips unchanged files", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct SkipUnchangedTests {
    private func index(_ directory: TemporaryDirectory, _ args: String...) throws -> [String: Any] {
        let result = try directory.run(["index", "--json"] + args)
        #expect(result.status == 0, "\(result)")
        return try jsonObject(result.stdout)
    }

    /// Sets the file's mtime an hour back, out of the racily-clean window of a run that follows.
    private func age(_ directory: TemporaryDirectory, _ relative: String, seconds: Double = 3600) throws {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -seconds)], ofItemAtPath: directory.path + "/" + relative)
    }

    private func generation(_ directory: TemporaryDirectory) throws -> Int {
        let stats = try directory.run("stats", "--json")
        return try jsonObject(stats.stdout)["generation"] as? Int ?? -1
    }

    private static let files = [
        "a.txt": "Alpha stone\n\nA grey stone by the river.\n",
        "b.txt": "Beta leaf\n\nA green leaf on the water.\n",
        "sub/c.md": "Gamma star\n\nThe stars over the river at night.\n",
        "bin.dat": "\u{0}\u{1}\u{2}binary",
        "docs.jsonl": """
            {"id": "j1", "title": "Walrus", "body": "The walrus lives by the river."}
            {"id": "j2", "title": "Seal", "body": "Seals rest on the ice."}
            {"id": "j3", "title": "Orca", "body": "Orcas hunt seals in the sea."}

            """,
    ]

    private func corpus() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for (name, text) in Self.files {
            try directory.write("docs/" + name, text)
            try age(directory, "docs/" + name)
        }
        return directory
    }

    @Test("a re-run over an unchanged folder opens no file, reads no byte, commits nothing")
    func unchangedFolderReadsNothing() throws {
        let directory = try corpus()
        let first = try index(directory, "docs")
        #expect(first["files_read"] as? Int == 5 && first["documents"] as? Int == 6, "\(first)")
        let generation = try generation(directory)
        let again = try index(directory, "docs")
        #expect(again["files_read"] as? Int == 0 && again["bytes_read"] as? Int == 0, "\(again)")
        #expect(again["skipped_unread"] as? Int == 5, "\(again)")
        #expect(again["unchanged"] as? Int == 6 && again["documents"] as? Int == 6, "\(again)")
        #expect(again["added"] as? Int == 0 && again["removed"] as? Int == 0, "\(again)")
        #expect(try self.generation(directory) == generation)

        // The counters are the library's own; the kernel's word: trace every open(2) of the
        // re-run and require that no corpus file was opened.
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else { return }
        let trace = directory.path + "/trace"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
        process.arguments = ["-f", "-qq", "-e", "trace=open,openat", "-o", trace, CLI.binary, "index", "-q", "docs"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        process.environment = CLI.environment()
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let calls = try? String(contentsOfFile: trace, encoding: .utf8),
            calls.contains("/docs\"")
        else { return }  // no ptrace here (a container without it): the counters above stand
        for name in Self.files.keys {
            #expect(!calls.contains("/docs/" + name + "\""), "\(name) was opened:\n\(calls)")
        }
    }

    @Test("touched but equal: read, hashed, unchanged; the new stamp is committed and then trusted")
    func touchedFileIsHashedAndRestamped() throws {
        let directory = try corpus()
        _ = try index(directory, "docs")
        let generation = try generation(directory)
        try age(directory, "docs/a.txt", seconds: 60)
        let touched = try index(directory, "docs")
        #expect(touched["files_read"] as? Int == 1 && touched["skipped_unread"] as? Int == 4, "\(touched)")
        #expect(touched["unchanged"] as? Int == 6 && touched["replaced"] as? Int == 0, "\(touched)")
        #expect(touched["indexed"] as? Int == 0, "the hash matched: the file is not even parsed: \(touched)")
        #expect(try self.generation(directory) == generation + 1, "the refreshed stamp is committed")
        let after = try index(directory, "docs")
        #expect(after["files_read"] as? Int == 0, "\(after)")
        #expect(try directory.run("check").status == 0)
    }

    @Test("same size, mtime restored: the ctime still changes the stamp; the edit is indexed")
    func restoredModificationTimeStillDetected() throws {
        let directory = try corpus()
        _ = try index(directory, "docs")
        let path = directory.path + "/docs/b.txt"
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        let edited = "Beta lake\n\nA green lake on the hills.\n"
        #expect(edited.utf8.count == Self.files["b.txt"]!.utf8.count)
        try directory.write("docs/b.txt", edited)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        let update = try index(directory, "docs")
        #expect(update["replaced"] as? Int == 1 && update["files_read"] as? Int == 1, "\(update)")
        #expect(try directory.run("query", "--json", "hills").jsonFileNames() == ["b.txt"])
    }

    @Test("a document deleted by hand comes back on the next run though its file is unchanged")
    func deletedByHandIsRestored() throws {
        let directory = try corpus()
        _ = try index(directory, "docs")
        #expect(try directory.run("delete", "docs/a.txt", "j2").status == 0)
        let update = try index(directory, "docs")
        #expect(update["added"] as? Int == 2 && update["documents"] as? Int == 6, "\(update)")
        #expect(try directory.run("query", "--json", "grey").jsonFileNames() == ["a.txt"])
        #expect(try directory.run("query", "--json", "ice").jsonIDs() == ["j2"])
    }

    @Test("JSON lines: ids removed from a file, moved to another file, and files deleted")
    func jsonLinesFollowTheirFiles() throws {
        let directory = try corpus()
        _ = try index(directory, "docs")
        // j2 leaves docs.jsonl; j3 moves to more.jsonl with new text; j1 stays.
        try directory.write("docs/docs.jsonl", #"{"id": "j1", "title": "Walrus", "body": "The walrus lives by the river."}"# + "\n")
        try directory.write("docs/more.jsonl", #"{"id": "j3", "title": "Orca", "body": "Orcas sing in the fjord."}"# + "\n")
        let update = try index(directory, "docs")
        #expect(update["removed"] as? Int == 1 && update["replaced"] as? Int == 1, "\(update)")
        #expect(update["documents"] as? Int == 5, "\(update)")
        #expect(try directory.run("query", "ice").status == 1)
        #expect(try directory.run("query", "--json", "fjord").jsonIDs() == ["j3"])

        // A file given by path updates by its lines too.
        try directory.write("docs/more.jsonl", #"{"id": "j4", "title": "Narwhal", "body": "A narwhal tusk."}"# + "\n")
        let replaced = try index(directory, "docs/more.jsonl")
        #expect(replaced["removed"] as? Int == 1 && replaced["added"] as? Int == 1, "\(replaced)")
        #expect(try directory.run("query", "orcas").status == 1)

        try FileManager.default.removeItem(atPath: directory.path + "/docs/docs.jsonl")
        let gone = try index(directory, "docs")
        #expect(gone["removed"] as? Int == 1 && gone["documents"] as? Int == 4, "\(gone)")
        #expect(try directory.run("query", "walrus").status == 1)
        #expect(try directory.run("check").status == 0)
    }

    @Test("a JSON-lines line that turns malformed loses its document, reported with its line number")
    func malformedLineDropsItsDocument() throws {
        let directory = try corpus()
        _ = try index(directory, "docs")
        try directory.write(
            "docs/docs.jsonl",
            """
            {"id": "j1", "title": "Walrus", "body": "The walrus lives by the river."}
            {"id": "j2", "title": "Seal", "body": "Seals rest on the ice."
            {"id": "j3", "title": "Orca", "body": "Orcas hunt seals in the sea."}

            """)
        let result = try directory.run("index", "docs")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("docs.jsonl:2:"), "\(result)")
        #expect(try directory.run("query", "ice").status == 1)
        #expect(try directory.run("query", "--json", "orcas").jsonIDs() == ["j3"])
    }
}

extension SkipUnchangedTests {
    /// The `--json` ids and scores of `query` over the index `index`.
    private func scores(_ directory: TemporaryDirectory, _ query: String, index: String) throws -> [String: Double] {
        let result = try directory.run("query", "--index", index, "--json", "--limit", "1000", query)
        guard result.status == 0 else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(try result.jsonIDs(), try result.jsonScores()))
    }

    @Test("random edits, additions, deletions, renames, touches and JSON-lines changes: always equal to a fresh index")
    func randomRoundsEqualAFreshIndex() throws {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 0x11FE)
        let words = ["river", "stone", "mill", "light", "sea", "quarry", "storm", "night", "hill", "leaf", "walrus"]
        func text() -> String {
            (0..<Int.random(in: 2...12, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
        }
        var files: [String] = []
        var lines: [[String]] = [[], []]  // ids per JSON-lines file
        var bodies: [String: String] = [:]
        var nextID = 0
        func writeJSONLines(_ file: Int) throws {
            let text = lines[file].map { #"{"id": "\#($0)", "title": "T", "body": "\#(bodies[$0]!)"}"# }.joined(separator: "\n")
            try directory.write("docs/j\(file).jsonl", text + "\n")
        }
        for index in 0..<10 {
            files.append("docs/f\(index).txt")
            try directory.write(files.last!, "Title\n\n\(text())\n")
        }
        for file in 0..<2 {
            for _ in 0..<4 {
                let id = "id\(nextID)"
                nextID += 1
                lines[file].append(id)
                bodies[id] = text()
            }
            try writeJSONLines(file)
        }
        for round in 0..<8 {
            for _ in 0..<4 {
                switch Int.random(in: 0..<8, using: &rng) {
                case 0:  // edit
                    try directory.write(files.randomElement(using: &rng)!, "Edited\n\n\(text())\n")
                case 1:  // add
                    files.append("docs/sub\(round)/n\(files.count).txt")
                    try directory.write(files.last!, "New\n\n\(text())\n")
                case 2 where files.count > 3:  // delete
                    let file = files.remove(at: Int.random(in: 0..<files.count, using: &rng))
                    try FileManager.default.removeItem(atPath: directory.path + "/" + file)
                case 3 where !files.isEmpty:  // rename
                    let index = Int.random(in: 0..<files.count, using: &rng)
                    let renamed = "docs/r\(round)-\(index)-" + URL(fileURLWithPath: files[index]).lastPathComponent
                    try FileManager.default.moveItem(atPath: directory.path + "/" + files[index], toPath: directory.path + "/" + renamed)
                    files[index] = renamed
                case 4 where !files.isEmpty:  // touch only
                    try age(directory, files.randomElement(using: &rng)!, seconds: Double.random(in: 0...100, using: &rng))
                case 5:  // a JSON line changed, added or removed
                    let file = Int.random(in: 0..<2, using: &rng)
                    if !lines[file].isEmpty && Bool.random(using: &rng) {
                        let id = lines[file].remove(at: Int.random(in: 0..<lines[file].count, using: &rng))
                        if Bool.random(using: &rng) { bodies[lines[file].randomElement(using: &rng) ?? id] = text() } else { _ = id }
                    } else {
                        let id = "id\(nextID)"
                        nextID += 1
                        lines[file].append(id)
                        bodies[id] = text()
                    }
                    try writeJSONLines(file)
                case 6 where !lines[0].isEmpty:  // a JSON line moves to the other file
                    let id = lines[0].removeFirst()
                    lines[1].append(id)
                    try writeJSONLines(0)
                    try writeJSONLines(1)
                default:  // age everything: the next run may skip unread
                    for file in files { try age(directory, file) }
                    for file in 0..<2 { try age(directory, "docs/j\(file).jsonl") }
                }
            }
            #expect(try directory.run("index", "-q", "docs").status == 0, "round \(round)")
            let fresh = directory.path + "/fresh-\(round)"
            #expect(try directory.run("index", "-q", "--index", fresh, "docs").status == 0)
            #expect(try directory.run("check").status == 0)
            for query in ["river", "stone OR sea", "\"quarry storm\"", "walrus -night", "t*"] {
                let updated = try scores(directory, query, index: ".searchctl")
                let rebuilt = try scores(directory, query, index: fresh)
                #expect(updated == rebuilt, "round \(round), \(query)")
            }
            let stats = try jsonObject(try directory.run("stats", "--json").stdout)
            #expect(stats["documents"] as? Int == files.count + lines[0].count + lines[1].count, "round \(round): \(stats)")
        }
    }
}
