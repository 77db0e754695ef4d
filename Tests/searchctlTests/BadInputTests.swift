import TestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Mistakes and odd input: each gets a clear one-line message on stderr and a distinct exit
/// status (64 usage, 65 bad data, 66 no input), never a crash.
@Suite("bad input", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct BadInputTests {
    /// Asserts a clean failure: `status`, exactly one line on stderr naming the command and
    /// containing `message`, nothing on stdout.
    func expectError(
        _ result: CLIResult, status: Int32, _ message: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!result.signaled, "\(result)", sourceLocation: sourceLocation)
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stdout == "", "\(result)", sourceLocation: sourceLocation)
        #expect(result.errorLines.count == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("searchctl"), "\(result)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result)", sourceLocation: sourceLocation)
    }

    @Test("an empty folder: exit 66, and no index is created")
    func emptyFolder() throws {
        let directory = try TemporaryDirectory()
        try directory.makeDirectory("empty")
        let result = try directory.run("index", "empty")
        expectError(result, status: 66, "searchctl index: no documents found in empty")
        #expect(try directory.list("") == ["empty"], "a failed run leaves no .searchctl behind")
        expectError(try directory.run("query", "x"), status: 66, "no index here")

        let json = try directory.run("index", "--json", "empty")
        #expect(json.status == 66)
        #expect(try jsonObject(json.stdout)["indexed"] as? Int == 0)
    }

    @Test("a path that does not exist: exit 66")
    func missingPath() throws {
        let directory = try TemporaryDirectory()
        expectError(try directory.run("index", "nowhere"), status: 66, "no such file or directory: 'nowhere'")
    }

    @Test("empty, binary, NUL-containing and invalid UTF-8 files: skipped or repaired, and counted")
    func oddFiles() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/good.txt", "Good file\n\nplain words about a giraffe\n")
        try directory.write("docs/empty.txt", "")
        try directory.write("docs/blank.txt", "  \n\n \t\n")
        try directory.write("docs/image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array(repeating: 0xA5, count: 64))
        // A NUL byte early in a file marks it binary (as git and grep decide).
        try directory.write("docs/nul-early.txt", Array("Title\n\ntext with a NUL\0 and an okapi\n".utf8))
        // Latin-1 bytes are not UTF-8: repaired with U+FFFD, the rest searchable.
        try directory.write("docs/latin1.txt", Array("Caf".utf8) + [0xE9] + Array(" au lait\n\nr".utf8) + [0xE9] + Array("sum\u{E9} of a zebra\n".utf8))
        // A NUL byte after the first 8 KiB: the file is text, and the NUL survives as text.
        let filler = String(repeating: "filler words here ", count: 600)
        try directory.write("docs/nul-late.txt", Array("Late NUL\n\n\(filler) nul\0byte platypus\n".utf8))

        let result = try directory.run("index", "--json", "docs")
        #expect(result.status == 0, "\(result)")
        let summary = try jsonObject(result.stdout)
        #expect(summary["files"] as? Int == 7)
        #expect(summary["indexed"] as? Int == 3)
        #expect(summary["empty_skipped"] as? Int == 2)
        #expect(summary["binary_skipped"] as? Int == 2)
        #expect(summary["invalid_utf8_repaired"] as? Int == 1)

        // The human summary of the same reading (into a second index: a re-run of the first
        // would not parse files whose content is unchanged).
        let text = try directory.run("index", "--index", "second", "docs")
        #expect(text.errorLines.count == 1, "\(text)")
        #expect(text.stderr.hasPrefix("indexed 3 documents from 7 files, 2 binary skipped, 2 empty skipped, 1 with invalid UTF-8 repaired"), "\(text)")

        #expect(try directory.run("query", "giraffe").status == 0)
        #expect(try directory.run("query", "okapi").status == 1, "binary files are not indexed")
        let zebra = try directory.run("query", "--json", "zebra")
        #expect(zebra.status == 0, "\(zebra)")
        let hit = try jsonObject(try #require(zebra.lines.first))
        #expect(hit["title"] as? String == "Caf\u{FFFD} au lait")
        #expect(try directory.run("query", "lait").status == 0)
        let platypus = try directory.run("query", "--json", "platypus")
        #expect(platypus.status == 0, "\(platypus)")
        let line = try #require(platypus.lines.first)
        let snippet = try #require(try jsonObject(line)["snippet"] as? String)
        #expect(snippet.contains("nul\0byte"), "JSON escapes NUL as \\u0000 and it parses back")
        #expect(platypus.stdout.contains("nul\\u0000byte"))
    }

    @Test("a file with a name that is not UTF-8 is skipped and reported")
    func nonUTF8Name() throws {
        let directory = try TemporaryDirectory()
        try directory.write("docs/fine.txt", "Fine\n\nwombat\n")
        let name = Array((directory.path + "/docs/bad").utf8) + [0xFF] + Array(".txt".utf8)
        let fd = open(name.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o644)
        try #require(fd >= 0)
        close(fd)
        let result = try directory.run("index", "docs")
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.contains("not UTF-8"), "\(result)")
        #expect(try directory.run("query", "wombat").status == 0)
    }

    @Test("JSON lines with malformed lines: each reported with its line number, the rest indexed")
    func malformedJSONLines() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "docs.jsonl",
            """
            {"id": "a", "title": "A", "body": "alpha walrus"}
            {bad json
            {"id": "b", "title": "B", "body": "beta walrus"}
            [1, 2]
            {"id": "c", "title": "C", "body": "gamma walrus"

            """)
        let result = try directory.run("index", "docs.jsonl")
        #expect(result.status == 0, "\(result)")
        let lines = result.errorLines
        #expect(lines.count == 4, "\(result)")
        #expect(lines[0].hasPrefix("warning: docs.jsonl:2: "), "\(result)")
        #expect(lines[1].hasPrefix("warning: docs.jsonl:4: "), "\(result)")
        #expect(lines[2].hasPrefix("warning: docs.jsonl:5: "), "\(result)")
        #expect(lines[3].hasPrefix("indexed 2 documents from 1 files, 3 malformed JSON lines"), "\(result)")
        let walrus = try directory.run("query", "--json", "walrus")
        #expect(try walrus.jsonIDs().sorted() == ["a", "b"])
    }

    @Test("malformed queries: exit 64 and a message with the column")
    func malformedQueries() throws {
        let directory = try SmallCorpus.indexed()
        expectError(
            try directory.run("query", "\"blood transfusions"), status: 64,
            "searchctl query: invalid query: unclosed quote at column 1")
        expectError(
            try directory.run("query", "river \"blood"), status: 64, "invalid query: unclosed quote at column 7")
        expectError(try directory.run("query", ""), status: 64, "invalid query: empty query")
        expectError(try directory.run("query", "   "), status: 64, "invalid query: empty query")
        expectError(
            try directory.run("query", "+"), status: 64, "invalid query: '+' must be followed by a word or a phrase at column 1")
        expectError(
            try directory.run("query", "river + stone"), status: 64, "'+' must be followed by a word or a phrase at column 7")
        expectError(try directory.run("query", "title:"), status: 64, "'title:' must be followed by a word or a phrase")
        expectError(try directory.run("query", "--", "-river"), status: 64, "only excluded words")
        expectError(try directory.run("query"), status: 64, "missing query text")
    }

    @Test("a missing index: exit 66, saying how to create one")
    func missingIndex() throws {
        let directory = try TemporaryDirectory()
        for command in [["query", "x"], ["stats"], ["check"]] {
            expectError(
                try directory.run(command), status: 66, "no index here; create one with 'searchctl index PATH'")
        }
        #expect(try directory.list("") == [], "reading creates nothing")
    }

    @Test("unknown options, commands and bad option values: exit 64")
    func usageErrors() throws {
        let directory = try SmallCorpus.indexed()
        expectError(try directory.run("query", "--bogus", "river"), status: 64, "unknown option '--bogus'")
        expectError(try directory.run("index", "--bogus"), status: 64, "unknown option '--bogus'")
        expectError(try directory.run("stats", "--limit", "3"), status: 64, "unknown option '--limit'")
        expectError(try directory.run("frobnicate"), status: 64, "unknown command 'frobnicate'")
        expectError(
            try directory.run("query", "--limit", "lots", "river"), status: 64,
            "'--limit' needs a whole number from 0 to 100000, not 'lots'")
        expectError(try directory.run("query", "--limit", "-1", "river"), status: 64, "not '-1'")
        expectError(try directory.run("query", "river", "--limit"), status: 64, "option '--limit' needs a value")
        expectError(try directory.run("stats", "--json=yes"), status: 64, "option '--json' takes no value")
    }

    @Test("--help for each command: exit 0, usage on stdout")
    func help() throws {
        let directory = try TemporaryDirectory()
        for command in ["index", "query", "search", "stats", "check", "analyze"] {
            for flag in ["--help", "-h"] {
                let result = try directory.run(command, flag)
                #expect(result.status == 0, "\(command) \(flag): \(result)")
                #expect(result.stdout.hasPrefix("usage: searchctl \(command == "search" ? "query" : command)"), "\(result)")
                #expect(result.stderr == "")
            }
        }
        let top = try directory.run("--help")
        #expect(top.status == 0 && top.stdout.hasPrefix("usage: searchctl <command>"))
        #expect(try directory.list("") == [])
    }

    @Test("no arguments: exit 64, usage on stderr")
    func noArguments() throws {
        let directory = try TemporaryDirectory()
        let result = try directory.run([])
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("usage: searchctl <command> [options]"))
    }
}
