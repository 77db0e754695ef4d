import TestSupport
import Foundation
import Testing

/// Readers during writes: `searchctl query` runs in a loop, each a new process on a fresh
/// snapshot, while `searchctl index` and `searchctl delete` commit changes (and the writer
/// removes the files older commits used). Every answer must be exactly one commit's documents.
@Suite("concurrent readers and writer", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct ConcurrencyTests {
    /// id → title ("title verN") of every document in one commit.
    typealias State = [String: String]

    /// Answers collected by the query loop.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [State] = []
        private var failures: [String] = []
        private var done = false

        func record(_ state: State) { lock.withLock { answers.append(state) } }
        func fail(_ message: String) { lock.withLock { failures.append(message) } }
        func finish() { lock.withLock { done = true } }
        var isDone: Bool { lock.withLock { done } }
        var results: (answers: [State], failures: [String]) { lock.withLock { (answers, failures) } }
    }

    @Test("queries during updates: each answer is one commit's documents; no error, no crash")
    func queriesDuringUpdates() throws {
        var random = SeededGenerator(state: UInt64(Date().timeIntervalSince1970))
        let directory = try TemporaryDirectory()
        let root = directory.path
        try directory.makeDirectory("corpus")
        let index = root + "/index"
        var files: [String: Int] = [:]
        var version = 0
        func write(_ n: Int) throws {
            version += 1
            let path = root + "/corpus/f\(n).txt"
            var text = "title ver\(version)\n\ncommon"
            for _ in 0..<Int.random(in: 5...40, using: &random) { text += " w\(Int.random(in: 0..<200, using: &random))" }
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            files[path] = version
        }
        func state() -> State { files.mapValues { "title ver\($0)" } }
        for n in 0..<60 { try write(n) }
        #expect(try directory.run("index", "--index", index, "-q", "corpus").status == 0)
        var commits: [State] = [state()]

        let answers = Answers()
        let reader = Thread {
            while !answers.isDone {
                do {
                    let result = try CLI.run(["query", "--index", index, "--json", "--limit", "1000", "common"], cwd: root)
                    guard result.status == 0, !result.signaled else {
                        answers.fail("query failed: \(result)")
                        continue
                    }
                    var state: State = [:]
                    for line in result.lines {
                        let object = try jsonObject(line)
                        state[object["id"] as? String ?? "?"] = object["title"] as? String ?? "?"
                    }
                    answers.record(state)
                } catch {
                    answers.fail("\(error)")
                }
            }
        }
        reader.start()
        let clock = ContinuousClock()
        let start = clock.now
        var next = 60
        while clock.now - start < .seconds(10) {
            // Edit, add and remove a few files, then commit with `index`; now and then delete
            // a document with `delete` instead.
            if Int.random(in: 0..<4, using: &random) == 0, let path = files.keys.randomElement(using: &random) {
                try FileManager.default.removeItem(atPath: path)
                files[path] = nil
                let result = try directory.run("delete", "--index", index, "-q", path)
                #expect(result.status == 0, "\(result)")
            } else {
                for _ in 0..<Int.random(in: 1...6, using: &random) {
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: try write(Int(files.keys.randomElement(using: &random)!.dropFirst(root.count + 9).dropLast(4))!)
                    case 1:
                        try write(next)
                        next += 1
                    default:
                        guard files.count > 20, let path = files.keys.randomElement(using: &random) else { continue }
                        try FileManager.default.removeItem(atPath: path)
                        files[path] = nil
                    }
                }
                let result = try directory.run("index", "--index", index, "-q", "--memory", "1", "corpus")
                #expect(result.status == 0, "\(result)")
            }
            commits.append(state())
        }
        answers.finish()
        while !reader.isFinished { usleep(10_000) }
        let (seen, failures) = answers.results
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(seen.count >= 10, "only \(seen.count) answers")
        let valid = Set(commits)
        let inconsistent = seen.filter { !valid.contains($0) }
        #expect(inconsistent.isEmpty, "\(inconsistent.count) of \(seen.count) answers match no commit")
        #expect(try directory.run("check", "--index", index).status == 0)
        print("concurrency test: \(commits.count) commits, \(seen.count) answers, \(Set(seen).count) distinct")
    }
}
