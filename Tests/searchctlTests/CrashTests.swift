import TestSupport
import Foundation
import InvertedIndex
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The commit protocol under fire: `searchctl index` is killed with SIGKILL at random moments
/// (walking, inverting, flushing segments, writing deletions, renaming the manifest, removing
/// old files) while a corpus changes between runs. After every kill the index must open, pass
/// `check`, and hold exactly the documents of some commit: the last completed one or the one
/// being made — never a mix, never less.
@Suite("crash safety", .enabled(if: CLI.binaryExists, "the searchctl binary is not built"))
struct CrashTests {
    static let words = (0..<400).map { "w\(String($0, radix: 36))x" }

    /// id (absolute path) → version written into the file.
    typealias State = [String: Int]

    /// Writes `corpus/f<n>.txt` with `version` embedded as the word `verN`.
    static func write(_ n: Int, version: Int, in root: String, random: inout SeededGenerator) throws -> String {
        var text = "title ver\(version)\n\n"
        for _ in 0..<Int.random(in: 20...80, using: &random) {
            text += words[Int.random(in: 0..<words.count, using: &random)] + " "
        }
        text += "ver\(version)\n"
        let path = root + "/corpus/f\(n).txt"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// The index's documents as id → version; throws if it does not open or check.
    static func snapshot(_ index: String) throws -> State {
        let reader = try IndexReader(directory: index)
        try reader.check()
        var state: State = [:]
        for id in try reader.liveDocumentIDs() {
            let document = try #require(try reader.storedDocument(id: id))
            // The title is "title verN" (no regex: Swift Regex is slow in debug builds).
            let version = try #require(document.title.hasPrefix("title ver") ? Int(document.title.dropFirst(9)) : nil)
            #expect(state[id] == nil, "duplicate id \(id)")
            state[id] = version
        }
        return state
    }

    @Test("SIGKILL at random moments: every kill leaves exactly one commit's documents")
    func killedWriters() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["CRASH_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970)
        var random = SeededGenerator(state: seed)
        let directory = try TemporaryDirectory()
        let root = directory.path
        try directory.makeDirectory("corpus")
        let index = root + "/index"
        var files: State = [:]
        var nextFile = 0
        var version = 0
        for _ in 0..<300 {
            version += 1
            files[try Self.write(nextFile, version: version, in: root, random: &random)] = version
            nextFile += 1
        }
        var committed: State? = nil  // nil: no commit yet (no index)
        var kills = 0
        var completed = 0
        var commits = 0  // kills that landed after the commit point
        var runs = 0
        let clock = ContinuousClock()
        let start = clock.now
        func seconds(since instant: ContinuousClock.Instant) -> Double {
            let elapsed = (clock.now - instant).components
            return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        // Calibration: the first build and an unchanged re-run, not killed.
        var checkTime = 0.0
        var window = 0.0  // kills land uniformly in [0, window) seconds after the start
        for _ in 0..<2 {
            let began = clock.now
            let result = try directory.run("index", "--index", index, "-q", "corpus")
            try #require(result.status == 0, "\(result)")
            window = seconds(since: began)
        }
        committed = files
        runs = 1
        // Aim for 120 kills and 5 finished runs within the budget; past it, go on only until the
        // floor of 100 kills (a loaded machine makes each run slower), up to a hard limit.
        let budget = Duration.seconds(Double(ProcessInfo.processInfo.environment["CRASH_SECONDS"] ?? "") ?? 90)
        let hardLimit = budget * 4
        while (kills < 120 || completed < 5) && (clock.now - start < budget || kills < 100)
            && clock.now - start < hardLimit
        {
            runs += 1
            let pending = files
            // --memory 1 flushes segments during the run (with the builder's fixed overhead
            // counted, about one per document); otherwise the commit flushes one.
            // (Only for a few changed files: without merging, every segment stays.)
            let changed = pending.count { committed?[$0.key] != $0.value } + (committed ?? [:]).count { pending[$0.key] == nil }
            let memory = runs % 5 == 0 && changed <= 5 ? "1" : "16"
            let running = try CLI.start(["index", "--index", index, "--memory", memory, "-q", "corpus"], cwd: root)
            usleep(UInt32(Double.random(in: 0..<window, using: &random) * 1e6))
            kill(running.process.processIdentifier, SIGKILL)
            let result = try running.finish()
            // The window adapts so that about one run in eight finishes: kills then cover
            // whole runs, from start-up to the commit and the clean-up after it.
            if result.signaled {
                #expect(result.status == SIGKILL, "\(result)")
                kills += 1
                window *= 1.03
            } else {
                #expect(result.status == 0, "seed \(seed): \(result)")
                completed += 1
                window *= 0.8
            }
            if committed == nil && !FileManager.default.fileExists(atPath: index + "/manifest-1") {
                // Killed before the first commit: there is no index yet, or an empty folder.
                let opened = try? IndexReader(directory: index)
                #expect(opened == nil, "seed \(seed): an index without a commit opened")
            } else {
                let state: State
                let checking = clock.now
                defer { checkTime += seconds(since: checking) }
                do {
                    state = try Self.snapshot(index)
                } catch {
                    Issue.record("seed \(seed), run \(runs): the index does not open or check after a kill: \(error)")
                    return
                }
                if state == pending {
                    if result.signaled && state != committed { commits += 1 }
                    committed = pending
                } else if state != committed {
                    let lost = (committed ?? [:]).filter { state[$0.key] != $0.value }.count
                    let message: String =
                        "seed \(seed), run \(runs): \(state.count) documents match neither the last commit "
                        + "(\(committed?.count ?? 0), \(lost) differ) nor the one being made (\(pending.count))"
                    Issue.record(Comment(rawValue: message))
                    return
                }
                if !result.signaled {
                    #expect(state == pending, "seed \(seed): a completed run did not commit its documents")
                }
            }
            // Change the corpus for the next run: edit, add and delete some files, and
            // now and then many (forcing flushes of several segments with --memory 1).
            let changes = runs % 10 == 0 ? 40 : Int.random(in: 1...5, using: &random)
            for _ in 0..<changes {
                switch Int.random(in: 0..<10, using: &random) {
                case 0..<5:
                    guard let path = files.keys.randomElement(using: &random) else { continue }
                    version += 1
                    let n = Int(path.split(separator: "/").last!.dropFirst().dropLast(4))!
                    files[try Self.write(n, version: version, in: root, random: &random)] = version
                case 5..<8:
                    version += 1
                    files[try Self.write(nextFile, version: version, in: root, random: &random)] = version
                    nextFile += 1
                default:
                    guard files.count > 50, let path = files.keys.randomElement(using: &random) else { continue }
                    try FileManager.default.removeItem(atPath: path)
                    files[path] = nil
                }
            }
        }
        // The CLI's own check agrees, and a final run commits the corpus as it is.
        let final = try directory.run("index", "--index", index, "-q", "corpus")
        #expect(final.status == 0, "\(final)")
        #expect(try Self.snapshot(index) == files)
        let check = try directory.run("check", "--index", index)
        #expect(check.status == 0, "\(check)")
        print(
            "crash test (seed \(seed)): \(runs) runs, \(kills) killed, \(completed) completed, \(commits) commits "
                + "seen after a kill, in \(clock.now - start); kill window \(window) s, checks \(checkTime) s")
        #expect(kills >= 100, "only \(kills) kills in the time budget (seed \(seed))")
    }
}
