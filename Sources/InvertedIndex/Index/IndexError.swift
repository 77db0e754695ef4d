/// An error from the index: what went wrong, in words a person can act on, and a code a
/// program can switch on.
///
/// A struct rather than an enum so that new codes do not break callers' `switch`es.
public struct IndexError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// No index exists at the given location.
        public static let indexNotFound = Code(name: "index not found")
        /// A file is damaged: a bad checksum, magic, offset or length.
        public static let corrupt = Code(name: "corrupt index")
        /// The index was written by a newer or unknown format version.
        public static let unsupportedVersion = Code(name: "unsupported format version")
        /// Another process holds the write lock.
        public static let locked = Code(name: "index locked")
        /// An operating-system call failed (open, read, write, fsync, rename, mmap).
        public static let io = Code(name: "I/O error")
        /// The caller asked for something invalid (e.g. an unknown analyzer name).
        public static let invalidArgument = Code(name: "invalid argument")
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, e.g. `checksum mismatch (stored 0x1234abcd, computed 0x5678ef00)`.
    public var message: String
    /// The file or directory concerned, if any.
    public var path: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }

    static func corrupt(_ message: String, path: String?) -> IndexError {
        IndexError(.corrupt, message, path: path)
    }
}
