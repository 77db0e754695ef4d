import TestSupport
import Foundation
import Testing

/// Damaged index files: `check` names the file and exits 65; every command fails cleanly
/// (a status, a message), never with a signal.
@Suite("corruption", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct CorruptionTests {
    /// The index file kinds: segment files by extension, and the manifest.
    static let kinds = ["postings", "terms", "store", "norms", "positions", "manifest"]

    /// A fresh index of the small corpus, and the name of its file of `kind`.
    func indexAndFile(_ kind: String) throws -> (TemporaryDirectory, String) {
        let directory = try SmallCorpus.indexed()
        let names = try directory.list(".searchctl")
        let name = try #require(
            names.first { kind == "manifest" ? $0.hasPrefix("manifest-") : $0.hasSuffix("." + kind) }, "\(names)")
        return (directory, name)
    }

    /// Runs the reading commands on the damaged index: each must exit normally with a
    /// success or a clean failure status.
    func expectNoCrash(_ directory: TemporaryDirectory, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        for command in [["query", "river"], ["query", "\"the river\""], ["query", "river -stone"], ["stats"], ["check"]] {
            let result = try directory.run(command)
            #expect(!result.signaled, "\(what): \(command): \(result)", sourceLocation: sourceLocation)
            #expect([0, 1, 65, 66, 74].contains(result.status), "\(what): \(command): \(result)", sourceLocation: sourceLocation)
            if result.status != 0 && result.status != 1 {
                #expect(result.errorLines.count == 1, "\(what): \(command): \(result)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("a flipped byte: check exits 65 naming the file", arguments: kinds)
    func flippedByte(kind: String) throws {
        let (directory, name) = try indexAndFile(kind)
        let size = try directory.read(".searchctl/" + name).count
        // The header, the middle, and the checksum at the end.
        for offset in [0, 6, size / 2, size - 1] {
            let (directory, _) = offset == 0 ? (directory, name) : try indexAndFile(kind)
            var bytes = try directory.read(".searchctl/" + name)
            bytes[offset] ^= 0x41
            try directory.write(".searchctl/" + name, bytes)
            let check = try directory.run("check")
            #expect(!check.signaled)
            #expect(check.status == 65, "\(name) at \(offset): \(check)")
            #expect(check.stdout == "")
            #expect(check.errorLines.count == 1, "\(check)")
            #expect(check.stderr.hasPrefix("searchctl check: .searchctl/\(name): "), "\(name) at \(offset): \(check)")
            try expectNoCrash(directory, "\(name) byte \(offset) flipped")
        }
    }

    @Test("a truncated file: a clean error, never a crash", arguments: kinds)
    func truncated(kind: String) throws {
        let (directory, name) = try indexAndFile(kind)
        let original = try directory.read(".searchctl/" + name)
        for length in [0, 3, 12, original.count / 2, original.count - 4, original.count - 1] {
            try directory.write(".searchctl/" + name, Array(original.prefix(length)))
            let check = try directory.run("check")
            #expect(!check.signaled)
            #expect([65, 74, 66].contains(check.status), "\(name) cut to \(length): \(check)")
            #expect(check.errorLines.count == 1, "\(check)")
            #expect(check.stderr.contains(name), "the message names the file: \(check)")
            try expectNoCrash(directory, "\(name) cut to \(length)")
        }
    }

    @Test("a missing segment file: a clean error naming it")
    func missingFile() throws {
        let (directory, name) = try indexAndFile("postings")
        try FileManager.default.removeItem(atPath: directory.path + "/.searchctl/" + name)
        let check = try directory.run("check")
        #expect(!check.signaled)
        #expect([65, 74].contains(check.status), "\(check)")
        #expect(check.stderr.contains(name), "\(check)")
        try expectNoCrash(directory, "\(name) removed")
    }

    @Test("random bytes flipped anywhere: never a crash")
    func randomDamage() throws {
        var generator = SeededGenerator(seed: 0x5EA2C4)
        for kind in Self.kinds {
            let (directory, name) = try indexAndFile(kind)
            let original = try directory.read(".searchctl/" + name)
            for _ in 0..<3 {
                var bytes = original
                for _ in 0..<3 {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
                }
                try directory.write(".searchctl/" + name, bytes)
                try expectNoCrash(directory, "\(name) damaged")
                #expect(try directory.run("check").status == 65, "\(name)")
            }
        }
    }
}

