import TestSupport
import Foundation
import Testing

@testable import InvertedIndex

/// Damage at scale: one flipped byte at many positions (a stride over the whole file, the
/// header, the footer and random ones) and truncations at several lengths, in every file kind
/// of an index with two segments, deletions and a source table. Every case is opened and
/// queried in-process and must give a clean ``IndexError`` or exactly the intact index's
/// answers; `check` must report it naming the file. A sample of the cases also runs the real
/// binary: `query`, `check` and `index` on top, which must exit cleanly, never by a signal.
///
/// Every file kind is held to the full bar: the small files are verified whole on open, the
/// large ones page by page as queries first read them (format 4's page checksum tables), so
/// no damage may give a wrong answer (a flip in bytes nothing reads gives the right one).
@Suite("corruption at scale", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct CorruptionScaleTests {
    static let queries = ["river", "\"the river\"", "river -stone", "sto*", "light sea", "quarry OR mill"]

    /// ids and scores of every query, best first.
    typealias Answers = [[String: Float]]

    /// Builds the index: 40 text files and a JSON-lines file, then an update (a second segment,
    /// deletions, a new source table).
    static func build() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 0xC0FFEE)
        let words = ["river", "stone", "mill", "light", "sea", "the", "quarry", "storm", "stork", "night", "old", "hill"]
        func text() -> String {
            (0..<Int.random(in: 5...40, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined(separator: " ")
        }
        for index in 0..<40 { try directory.write("docs/f\(index).txt", "Title \(index)\n\n\(text())\n") }
        let lines = (0..<20).map { #"{"id": "j\#($0)", "title": "Line \#($0)", "body": "\#(text())"}"# }
        try directory.write("docs/lines.jsonl", lines.joined(separator: "\n") + "\n")
        guard try directory.run("index", "-q", "docs").status == 0 else { throw CLIFailure(result: try directory.run("index", "docs")) }
        for index in [3, 17, 29] { try directory.write("docs/f\(index).txt", "Edited \(index)\n\n\(text())\n") }
        try directory.write("docs/lines.jsonl", lines.dropLast(5).joined(separator: "\n") + "\n")
        guard try directory.run("index", "-q", "docs").status == 0 else { throw CLIFailure(result: try directory.run("index", "docs")) }
        return directory
    }

    /// The answers of the index in `path`, in-process.
    static func answers(_ path: String) throws(IndexError) -> (answers: Answers, count: Int) {
        let reader = try IndexReader(directory: path)
        var answers: Answers = []
        for text in queries {
            let query = try! QueryParser.parse(text)
            var hits: [String: Float] = [:]
            for hit in try reader.search(query, limit: 100).hits { hits[try reader.document(hit.doc).id] = hit.score }
            answers.append(hits)
        }
        return (answers, reader.documentCount)
    }

    @Test("flipped bytes and truncations in every file kind: a clean error or the right answer")
    func damageEverywhere() throws {
        let directory = try Self.build()
        let index = directory.path + "/.searchctl"
        let names = try directory.list(".searchctl").filter { $0 != "write.lock" }
        let kinds = Set(names.map { $0.hasPrefix("manifest-") ? "manifest" : $0.hasPrefix("sources-") ? "sources" : String($0.split(separator: ".").last!) })
        #expect(kinds == ["manifest", "sources", "terms", "postings", "positions", "norms", "store", "deletes"], "\(names)")
        let originals = try Dictionary(uniqueKeysWithValues: names.map { ($0, try directory.read(".searchctl/" + $0)) })
        let expected = try Self.answers(index)
        #expect(expected.answers.allSatisfy { !$0.isEmpty }, "every query has hits: \(expected)")

        var rng = SeededGenerator(seed: 0xBAD)
        var cases = 0
        var cleanErrors = 0
        var wrong: [String] = []
        for name in names.sorted() {
            let original = originals[name]!
            let size = original.count
            // Header bytes, a stride over the file (≈24 positions), the footer, random ones.
            var offsets: Set<Int> = [0, 3, 4, 8, 11, size / 2, size - 4, size - 1]
            for offset in stride(from: 12, to: size, by: max(1, size / 24)) { offsets.insert(offset) }
            for _ in 0..<4 { offsets.insert(Int.random(in: 0..<size, using: &rng)) }
            var damages: [(String, [UInt8])] = offsets.sorted().map { offset in
                var bytes = original
                bytes[offset] ^= UInt8.random(in: 1...255, using: &rng)
                return ("\(name) byte \(offset) of \(size) flipped", bytes)
            }
            for length in Set([0, 4, 12, 15, size / 3, size - 5, size - 1]) where length < size {
                damages.append(("\(name) cut to \(length) of \(size)", Array(original.prefix(length))))
            }
            for (what, bytes) in damages {
                cases += 1
                _ = try directory.write(".searchctl/" + name, bytes)
                do {
                    let got = try Self.answers(index)
                    if got.count != expected.count || got.answers != expected.answers {
                        Issue.record("\(what): a wrong answer")
                        wrong.append(what)
                    }
                } catch {
                    cleanErrors += 1
                }
                do {
                    try IndexReader(directory: index).check()
                    Issue.record("\(what): check passed")
                } catch {
                    #expect(error.description.contains(name), "\(what): \(error)")
                }
                if cases % 12 == 0 {
                    try runBinary(directory, damaged: name, what, expected: expected.answers[0])
                }
                // Restore every file (the binary's `index` may have committed on top).
                for extra in try directory.list(".searchctl") where originals[extra] == nil && extra != "write.lock" {
                    try FileManager.default.removeItem(atPath: index + "/" + extra)
                }
                for (other, content) in originals { _ = try directory.write(".searchctl/" + other, content) }
            }
        }
        #expect(cases > 300, "\(cases) cases")
        print("corruption at scale: \(cases) cases, \(cleanErrors) clean errors, \(wrong.count) wrong answers, the rest answered right")
        #expect(wrong.isEmpty, "\(wrong.count) of \(cases) cases answered wrong without an error")
    }

    /// `query`, `check` and `index` on top of the damaged index: a clean exit each.
    func runBinary(
        _ directory: TemporaryDirectory, damaged name: String, _ what: String, expected: [String: Float]
    ) throws {
        let query = try directory.run("query", "--json", "--limit", "100", "river")
        #expect(!query.signaled, "\(what): \(query)")
        if query.status == 0 {
            let ids = Set(try query.jsonIDs())
            #expect(ids == Set(expected.keys), "\(what): a wrong answer: \(query)")
        } else {
            #expect([65, 74].contains(query.status) && query.stderr.contains(".searchctl/"), "\(what): \(query)")
        }
        let check = try directory.run("check")
        #expect([65, 74].contains(check.status) && check.stderr.contains(name), "\(what): \(check)")
        let original = try directory.read("docs/f5.txt")
        try directory.write("docs/f5.txt", "Changed\n\nthe river changed its course\n")
        let update = try directory.run("index", "-q", "docs")
        #expect(!update.signaled && [0, 65, 74].contains(update.status), "\(what): \(update)")
        if update.status != 0 { #expect(update.stderr.contains(".searchctl/"), "\(what): \(update)") }
        _ = try directory.write("docs/f5.txt", original)
    }
}
