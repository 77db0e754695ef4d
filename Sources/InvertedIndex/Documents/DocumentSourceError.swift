#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A path given to a document source that cannot be used at all (as opposed to problems met
/// while walking, which are counted in ``DocumentTally`` and do not stop the run).
///
/// `description` is meant for a person: `no such file or directory: 'docs/'`.
public struct DocumentSourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of problem; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The path does not exist (or a dangling symbolic link).
        public static let noSuchFile = Code(name: "noSuchFile")
        /// Permission denied while looking at or opening the path.
        public static let permissionDenied = Code(name: "permissionDenied")
        /// The path exists but is neither a regular file nor a directory (FIFO, device, socket).
        public static let notFileOrDirectory = Code(name: "notFileOrDirectory")
        /// Any other system error.
        public static let io = Code(name: "io")
        public var description: String { name }
    }

    /// The class of problem.
    public var code: Code
    /// The path as the caller gave it.
    public var path: String
    /// The `errno` value, when a system call failed.
    public var errno: Int32?

    /// Creates an error.
    public init(_ code: Code, path: String, errno: Int32? = nil) {
        self.code = code
        self.path = path
        self.errno = errno
    }

    /// Maps a failed system call's `errno` to an error.
    init(errno value: Int32, path: String) {
        switch value {
        case ENOENT, ENOTDIR, ELOOP: self.init(.noSuchFile, path: path, errno: value)
        case EACCES, EPERM: self.init(.permissionDenied, path: path, errno: value)
        default: self.init(.io, path: path, errno: value)
        }
    }

    public var description: String {
        switch code {
        case .noSuchFile: "no such file or directory: '\(path)'"
        case .permissionDenied: "permission denied: '\(path)'"
        case .notFileOrDirectory: "not a regular file or directory: '\(path)'"
        default: "\(errno.map(systemErrorMessage) ?? "I/O error"): '\(path)'"
        }
    }
}

/// `strerror` text for an errno value, e.g. `Input/output error`.
func systemErrorMessage(_ value: Int32) -> String {
    guard let text = strerror(value) else { return "error \(value)" }
    return String(cString: text)
}
