import TestSupport
import Foundation
import Testing

/// What one run of the `searchctl` binary did.
struct CLIResult: CustomStringConvertible {
    /// The exit status, or the signal number when `signaled`.
    var status: Int32
    /// The process was killed by a signal (a crash), not exited.
    var signaled: Bool
    var stdout: String
    var stderr: String

    /// Standard output split into lines, without the final empty one.
    var lines: [String] {
        var lines = stdout.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Standard error split into lines, without the final empty one.
    var errorLines: [String] {
        var lines = stderr.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    var description: String {
        "\(signaled ? "signal" : "status") \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

/// Runs the built `searchctl` executable.
enum CLI {
    /// The `searchctl` binary: `$SEARCHCTL_BINARY`, else the executable next to this test bundle
    /// (`swift test` builds every product of the package into the same folder first), else
    /// `.build/debug/searchctl` of the package this file belongs to.
    static let binary: String = {
        if let explicit = ProcessInfo.processInfo.environment["SEARCHCTL_BINARY"], !explicit.isEmpty {
            return explicit
        }
        var candidates: [URL] = []
        for bundle in [Bundle.main] + Bundle.allBundles {
            // On Linux the test runner is `searchctlPackageTests.xctest` itself; on macOS the
            // `.xctest` bundle sits in the products folder.
            var url = bundle.bundleURL
            while url.pathComponents.count > 1 {
                if url.pathExtension == "xctest" {
                    candidates.append(url.deletingLastPathComponent().appendingPathComponent("searchctl"))
                    break
                }
                url = url.deletingLastPathComponent()
            }
            if let executable = bundle.executableURL {
                candidates.append(executable.deletingLastPathComponent().appendingPathComponent("searchctl"))
            }
        }
        let package = URL(fileURLWithPath: #filePath)  // Tests/searchctlTests/Support/CLI.swift
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/searchctl"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate.path
        }
        return candidates.last!.path
    }()

    /// A controlled environment: no colors, no `SEARCHCTL_INDEX`, nothing inherited but `PATH`.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `searchctl args` in `cwd` and waits for it.
    ///
    /// Output goes to temporary files rather than pipes, so a chatty process can never block on
    /// a full pipe while we wait for it. Standard input is `/dev/null`.
    static func run(_ args: [String], cwd: String, env: [String: String] = [:]) throws -> CLIResult {
        try start(args, cwd: cwd, env: env).finish()
    }

    /// A started process whose output is collected by ``Running/finish()``.
    struct Running {
        let process: Process
        let outputs: TemporaryDirectory

        /// Waits for the process and collects its status and output.
        func finish() throws -> CLIResult {
            process.waitUntilExit()
            let out = try Data(contentsOf: URL(fileURLWithPath: outputs.path + "/stdout"))
            let err = try Data(contentsOf: URL(fileURLWithPath: outputs.path + "/stderr"))
            return CLIResult(
                status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        }
    }

    /// Starts `searchctl args` in `cwd` without waiting.
    static func start(_ args: [String], cwd: String, env: [String: String] = [:]) throws -> Running {
        let outputs = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: outputs.path + "/stdout", contents: nil)
        _ = FileManager.default.createFile(atPath: outputs.path + "/stderr", contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: cwd)
        process.environment = environment(env)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs.path + "/stdout"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs.path + "/stderr"))
        try process.run()
        return Running(process: process, outputs: outputs)
    }

    /// Whether the binary exists (every suite is disabled with a reason when it does not).
    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }
}

/// Parses one line of `--json` output into a dictionary.
func jsonObject(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
    return try #require(value as? [String: Any], "not a JSON object: \(line)", sourceLocation: sourceLocation)
}

extension CLIResult {
    /// The `id` of each `--json` result line, in order.
    func jsonIDs() throws -> [String] {
        try lines.map { try #require(jsonObject($0)["id"] as? String) }
    }

    /// The file names (last path component) of each `--json` result, in order.
    func jsonFileNames() throws -> [String] {
        try jsonIDs().map { URL(fileURLWithPath: $0).lastPathComponent }
    }

    /// The `score` of each `--json` result line, in order.
    func jsonScores() throws -> [Double] {
        try lines.map { try #require(jsonObject($0)["score"] as? Double) }
    }
}
