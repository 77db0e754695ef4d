import TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Input built to hurt: huge single lines, FIFOs, symbolic-link loops, files that vanish.
/// (Tests run as root here, so `chmod 000` would not make a file unreadable; FIFOs and
/// deleted files stand in for "unreadable mid-run"; see also VanishingFileTests.)
@Suite("hostile input", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct HostileInputTests {
    /// Free bytes on the file system of `path`.
    static func freeBytes(_ path: String) -> Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    @Test("a 200 MB single-line JSON-lines file: the line is skipped as too long, streaming; the next line indexed")
    func hugeJSONLine() throws {
        let directory = try TemporaryDirectory()
        guard Self.freeBytes(directory.path) > 1 << 30 else {
            print("skipped: less than 1 GiB free for the 200 MB file")
            return
        }
        let path = directory.path + "/huge.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: try directory.write("huge.jsonl", "")))
        handle.write(Data(#"{"id": "huge", "body": ""#.utf8))
        let chunk = Data(String(repeating: "alpha beta gamma ", count: 60_000).utf8)  // ≈1 MB
        for _ in 0..<200 { handle.write(chunk) }
        handle.write(Data(("\"}\n" + #"{"id": "small", "body": "after the giant line"}"# + "\n").utf8))
        try handle.close()
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > 200_000_000)
        let clock = ContinuousClock()
        let started = clock.now
        let result = try directory.run("index", "huge.jsonl")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("huge.jsonl:1: line longer than"), "\(result)")
        #expect(result.stderr.contains("indexed 1 documents from 1 files, 1 malformed JSON lines"), "\(result)")
        #expect(try directory.run("query", "giant", "--json").jsonIDs() == ["small"])
        #expect(clock.now - started < .seconds(30))
    }

    @Test("a 200 MB single-line text file: its first 64 MiB indexed (cut between words), the truncation reported; the rest indexed")
    func hugeTextLine() throws {
        let directory = try TemporaryDirectory()
        guard Self.freeBytes(directory.path) > 1 << 30 else {
            print("skipped: less than 1 GiB free for the 200 MB file")
            return
        }
        let handle = try #require(FileHandle(forWritingAtPath: try directory.write("docs/huge.txt", "")))
        let chunk = Data(String(repeating: "alpha beta gamma ", count: 60_000).utf8)  // ≈1 MB
        for _ in 0..<200 { handle.write(chunk) }
        handle.write(Data("omega".utf8))  // past the limit: not indexed
        try handle.close()
        try directory.write("docs/small.txt", "after the giant line")
        // Older than git's racily-clean window, so that a re-run may trust the stamps.
        for name in ["docs/huge.txt", "docs/small.txt"] {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: directory.path + "/" + name)
        }
        let result = try directory.run("index", "--json", "docs")
        #expect(result.status == 0, "\(result)")
        let summary = try jsonObject(result.stdout)
        #expect(summary["truncated"] as? Int == 1 && summary["indexed"] as? Int == 2, "\(summary)")
        #expect(summary["bytes_read"] as? Int == 204_000_005 + 20, "read whole for its hash: \(summary)")
        let problems = summary["problems"] as? [String] ?? []
        // "alpha beta gamma " repeats every 17 bytes; 64 MiB = 67108864 ends inside a word.
        let kept = 67_108_864 - 67_108_864 % 17
        #expect(
            problems == ["docs/huge.txt: truncated: only its first \(kept) of 204000005 bytes are indexed (the limit is 67108864)"],
            "\(summary)")
        #expect(try directory.run("query", "gamma", "--json").jsonFileNames() == ["huge.txt"])
        #expect(try directory.run("query", "omega").status == 1, "text past the limit is not indexed")
        #expect(try directory.run("query", "giant", "--json").jsonFileNames() == ["small.txt"])
        #expect(try directory.run("check").status == 0)
        // Re-runs skip it unread (its stamp is recorded), and nothing changes.
        let again = try jsonObject(try directory.run("index", "--json", "docs").stdout)
        #expect(again["skipped_unread"] as? Int == 2 && again["added"] as? Int == 0, "\(again)")
        #expect(again["bytes_read"] as? Int == 0, "\(again)")
    }

    /// One line of 4 MB: one document (under the 64 MiB limit), its last word found.
    @Test("a 4 MB single-line text file: one document, its last word found")
    func longSingleLine() throws {
        let directory = try TemporaryDirectory()
        var line = ""
        line.reserveCapacity(4 << 20)
        var n = 0
        while line.utf8.count < 4 << 20 {
            line += "w\(n % 5000) "
            n += 1
        }
        line += "zyzzyva"
        try directory.write("line.txt", line)
        let result = try directory.run("index", "line.txt")
        #expect(result.status == 0, "\(result)")
        let hit = try directory.run("query", "--json", "zyzzyva")
        #expect(try hit.jsonFileNames() == ["line.txt"], "\(hit)")
        #expect(try directory.run("check").status == 0)
    }

    @Test("FIFOs: skipped inside folders, refused when named, never waited on")
    func fifos() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/a.txt", "apple orchard")
        #expect(mkfifo(directory.path + "/docs/pipe.txt", 0o644) == 0)
        #expect(mkfifo(directory.path + "/docs/pipe.jsonl", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/docs/link.txt", withDestinationPath: "pipe.txt")
        let result = try directory.run("index", "docs")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.hasPrefix("indexed 1 documents from 1 files"), "\(result)")
        let named = try directory.run("index", "docs/pipe.txt")
        #expect(named.status == 66, "\(named)")
        #expect(named.stderr.contains("not a regular file or directory"), "\(named)")
    }

    @Test("symbolic-link loops: a folder linking to itself, links pointing at each other")
    func symlinkLoops() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/a.txt", "apple orchard")
        try directory.write("docs/sub/b.txt", "banana grove")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: directory.path + "/docs/sub/up", withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: directory.path + "/docs/self", withDestinationPath: ".")
        try fm.createSymbolicLink(atPath: directory.path + "/docs/ping.txt", withDestinationPath: "pong.txt")
        try fm.createSymbolicLink(atPath: directory.path + "/docs/pong.txt", withDestinationPath: "ping.txt")
        let result = try directory.run("index", "--json", "docs")
        #expect(result.status == 0, "\(result)")
        let summary = try jsonObject(result.stdout)
        #expect(summary["indexed"] as? Int == 2, "\(summary)")
        #expect(summary["unreadable"] as? Int == 2, "\(summary)")  // ping.txt, pong.txt
        // Re-indexing through a loop changes nothing, and naming a looping link fails cleanly.
        #expect(try jsonObject(try directory.run("index", "--json", "docs").stdout)["unchanged"] as? Int == 2)
        let loop = try directory.run("index", "docs/ping.txt")
        #expect(loop.status == 66, "\(loop)")
    }

    @Test("files deleted between runs and a folder replaced by a file: the index follows")
    func foldersAndFilesSwapped() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/x/a.txt", "apple orchard")
        try directory.write("docs/b.txt", "banana grove")
        #expect(try directory.run("index", "-q", "docs").status == 0)
        try FileManager.default.removeItem(atPath: directory.path + "/docs/x")
        try directory.write("docs/x", "cherry tree")  // a file where the folder was
        let result = try directory.run("index", "--json", "docs")
        let summary = try jsonObject(result.stdout)
        #expect(summary["removed"] as? Int == 1 && summary["added"] as? Int == 1, "\(summary)")
        #expect(try directory.run("query", "apple").status == 1)
        #expect(try directory.run("query", "cherry").status == 0)
    }
}
