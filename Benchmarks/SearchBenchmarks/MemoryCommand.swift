import Foundation
import Glibc
import InvertedIndex

/// `memory`: peak resident memory of indexing (and of `optimize`) against the writer's
/// `--memory` budget. Each build runs in a child process (this binary's `build`), so budgets
/// do not share a high-water mark; the child reports its own `VmHWM` (`/proc/self/status`)
/// through the file named by `SEARCHBENCH_PEAK_FILE`. (`wait4`'s `ru_maxrss` would not do:
/// `posix_spawn` starts the child with `vfork`, and `execve` carries the parent's high-water
/// mark into the child's.) A child indexing one tiny document gives the floor every process
/// pays (binary, libraries, runtime).
enum MemoryCommand {
    static func run(_ arguments: Arguments) throws {
        guard let corpus = arguments.string("corpus") else { throw UsageError("memory needs --corpus FILE.jsonl") }
        let budgets = try (arguments.string("budgets") ?? "10,20,40,80").split(separator: ",").map { text in
            guard let value = Int(text), value > 0 else { throw UsageError("--budgets: '\(text)' is not a number of MB") }
            return value
        }
        let threads = try arguments.integer("threads", default: 1, in: 1...256)
        let store = arguments.string("store") ?? "all"
        let analyzer = arguments.string("analyzer") ?? "standard"
        let scratch = try TemporaryDirectory(prefix: "searchbench-memory")
        let tiny = scratch.path + "/tiny.jsonl"
        try OutputFile.write("{\"id\":\"1\",\"title\":\"t\",\"body\":\"floor\"}\n", to: tiny)

        func build(_ docs: String, _ index: String, budget: Int) throws -> Int {
            try child([
                "build", "--docs", docs, "--index", index, "--memory", String(budget), "--threads", String(threads),
                "--store", store, "--analyzer", analyzer,
            ])
        }
        let floor = try build(tiny, scratch.path + "/floor", budget: 1)
        print("corpus \(corpus), \(threads) thread(s), store \(store), analyzer \(analyzer)")
        print("floor (one tiny document): peak RSS \(floor >> 20) MiB")
        print("| run | budget MiB | segments | peak RSS MiB | RSS − budget | RSS − budget − floor |")
        print("|---|---|---|---|---|---|")
        func row(_ name: String, _ budget: Int, _ index: String, _ rss: Int) throws {
            let segments = try IndexReader(directory: index).segmentInfos.count
            let over = rss - budget << 20
            print("| \(name) | \(budget) | \(segments) | \(rss >> 20) | \(over >> 20) | \((over - floor) >> 20) |")
        }
        for budget in budgets {
            let index = scratch.path + "/index-\(budget)"
            try row("index", budget, index, try build(corpus, index, budget: budget))
        }
        if let budget = budgets.first {
            let index = scratch.path + "/index-\(budget)"
            let rss = try child(["optimize", "--index", index, "--memory", String(budget)])
            try row("optimize", budget, index, rss)
        }
    }

    /// `optimize --index DIR [--memory MB]`: merges the index into one segment (a child of
    /// `memory`).
    static func optimize(_ arguments: Arguments) throws {
        let index = try arguments.required("index")
        let memory = try arguments.integer("memory", default: 256, in: 1...1 << 20)
        do {
            let writer = try IndexWriter(directory: index, memoryBudget: memory << 20)
            try writer.optimize()
        }
        reportPeakIfAsked()
    }

    static let peakFileVariable = "SEARCHBENCH_PEAK_FILE"

    /// Runs this binary with `arguments` and returns the child's peak RSS in bytes.
    static func child(_ arguments: [String]) throws -> Int {
        let peakFile = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/searchbench-peak-\(getpid())"
        setenv(peakFileVariable, peakFile, 1)
        defer {
            unsetenv(peakFileVariable)
            unlink(peakFile)
        }
        let argv = (["/proc/self/exe"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/proc/self/exe", nil, nil, argv, environ) == 0 else {
            throw BenchmarkError("cannot start a child process")
        }
        var status: Int32 = 0
        guard waitpid(pid, &status, 0) == pid, status == 0 else {
            throw BenchmarkError("child \(arguments.joined(separator: " ")) failed (status \(status))")
        }
        guard let text = try? String(contentsOfFile: peakFile, encoding: .utf8), let peak = Int(text) else {
            throw BenchmarkError("child \(arguments.joined(separator: " ")) did not report its peak RSS")
        }
        return peak
    }

    /// When run as a child of `memory`, writes this process's peak RSS (`VmHWM`, bytes) to
    /// the file it names.
    static func reportPeakIfAsked() {
        guard let path = getenv(peakFileVariable).map({ String(cString: $0) }),
            let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return }
        try? OutputFile.write(String(kilobytes * 1024), to: path)
    }
}
