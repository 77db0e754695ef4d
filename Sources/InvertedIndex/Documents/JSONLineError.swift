/// Why one JSON line could not be turned into a ``Document``.
///
/// A struct rather than an enum (as swift-nio does) so new codes don't break exhaustive switches.
/// `description` reads like `expected ':' after key at column 17`.
public struct JSONLineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of problem; compare with the static members (`.syntax`, `.missingID`, …).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// Malformed JSON: an unexpected byte, a bad literal or number, a missing `,`/`:`/`}`.
        public static let syntax = Code(name: "syntax")
        /// The line ended inside the object (e.g. a truncated line).
        public static let unexpectedEnd = Code(name: "unexpectedEnd")
        /// A backslash escape that JSON does not define, or a bad `\uXXXX`.
        public static let invalidEscape = Code(name: "invalidEscape")
        /// No `id`/`_id`, or an empty one.
        public static let missingID = Code(name: "missingID")
        /// A known field with the wrong type (e.g. `"title": 3`).
        public static let wrongType = Code(name: "wrongType")
        /// Arrays/objects nested deeper than ``JSONLinesParser/maxDepth``.
        public static let tooDeep = Code(name: "tooDeep")
        /// The line is longer than the reader's limit; it was skipped unread.
        public static let lineTooLong = Code(name: "lineTooLong")
        public var description: String { name }
    }

    /// The class of problem.
    public var code: Code
    /// 1-based byte offset in the line where the problem was found (0 when it concerns the whole line).
    public var column: Int
    /// What is wrong, without the position, e.g. `expected ':' after key`.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, column: Int, _ message: String) {
        self.code = code
        self.column = column
        self.message = message
    }

    public var description: String {
        column > 0 ? "\(message) at column \(column)" : message
    }
}
