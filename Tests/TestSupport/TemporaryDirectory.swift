import Foundation

/// A fresh directory under the system temporary folder, removed with everything in it when
/// the object goes away.
public final class TemporaryDirectory {
    /// The directory's absolute path (symbolic links resolved, so ids printed by the tool
    /// compare equal on systems where the temporary folder is a link).
    public let path: String

    /// Creates the directory.
    public init() throws {
        let base = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array((base + "/searchctl-tests-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        path = URL(fileURLWithPath: String(cString: made)).resolvingSymlinksInPath().path
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
    public func write(_ relative: String, _ bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes `text` as UTF-8 to `relative` and returns the full path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String { try write(relative, Array(text.utf8)) }

    /// Creates the folder `relative` and its parents.
    public func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    /// The bytes of the file `relative`.
    public func read(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)))
    }

    /// Names in `relative`, sorted.
    public func list(_ relative: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path + "/" + relative).sorted()
    }

    /// Creates a symbolic link at `relative` pointing to `target` (as written).
    public func link(_ relative: String, to target: String) throws {
        guard symlink(target, path + "/" + relative) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
