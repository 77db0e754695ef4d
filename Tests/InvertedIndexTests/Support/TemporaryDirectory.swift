import Foundation

/// A fresh directory under the system temporary folder, removed with everything in it on deinit.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base =
            NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array((base + "/searchctl-tests-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = String(cString: made)
    }

    deinit {
        // Restore permissions a test may have removed, or removal fails.
        if let all = FileManager.default.enumerator(atPath: path) {
            for case let relative as String in all { chmod(path + "/" + relative, 0o755) }
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `bytes` to `relative` (creating folders) and returns the full path.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String { try write(relative, Array(text.utf8)) }

    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    /// Creates a symbolic link at `relative` pointing to `target` (as written).
    func link(_ relative: String, to target: String) throws {
        guard symlink(target, path + "/" + relative) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
