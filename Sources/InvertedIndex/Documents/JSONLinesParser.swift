/// One document read from a JSON line, and whether its strings needed UTF-8 repair.
public struct ParsedJSONLine: Sendable, Hashable {
    /// The document: `id` from `id`/`_id`, `title`, body from `body` (else `text`, else empty).
    public var document: Document
    /// True when some string held ill-formed UTF-8 that was replaced by U+FFFD.
    public var repairedInvalidUTF8: Bool
}

/// A hand-written parser for one JSON object per line, as in BEIR corpora
/// (`{"_id","title","text","metadata"}`) and the Wikipedia sample (`{"id","title","body"}`).
///
/// Fields read:
/// - `id` or `_id` (string, or a number kept as written: `12` → `"12"`); required and non-empty.
///   When both appear, the last one wins, as with any duplicate key.
/// - `title`: string or `null` (→ empty); optional.
/// - `body`, else `text`: string or `null`; optional — a missing body gives an empty body, because
///   title-only records are real (half of CACM) and the title is indexed too.
///
/// Every other value (numbers, literals, nested objects and arrays such as BEIR's `metadata`) is
/// validated and skipped without building strings. Strings support all JSON escapes; `\uXXXX`
/// surrogate pairs are combined and a lone surrogate becomes U+FFFD. Ill-formed UTF-8 inside a
/// string is repaired with U+FFFD and reported in ``ParsedJSONLine/repairedInvalidUTF8``.
/// Deliberately lenient in one way: raw control characters inside strings are accepted.
///
/// Any byte sequence yields a document or a ``JSONLineError``; nesting is tracked with a counter
/// and a bounded stack, never recursion.
public struct JSONLinesParser: Sendable {
    /// Deepest nesting of arrays/objects accepted inside skipped values.
    public static let maxDepth = 512

    /// Creates a parser. Reuse one parser for many lines: it keeps its buffers.
    public init() {}

    private var stack: [UInt8] = []
    // Decoded strings with escapes are built here. Escapes only shrink (`\n` 2→1 bytes, `\uXXXX`
    // 6→≤3, a pair 12→4, a lone surrogate 6→3), so a buffer as long as the line always suffices.
    private var scratch: [UInt8] = []

    /// Parses one line (without its line terminator; surrounding whitespace is allowed).
    ///
    /// - Parameter line: the bytes of one line, UTF-8.
    /// - Returns: the document and whether UTF-8 repair was needed.
    /// - Throws: ``JSONLineError`` with the 1-based byte column of the first problem.
    /// - Complexity: O(n) in the line length.
    public mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONLineError) -> ParsedJSONLine {
        guard let base = line.baseAddress, line.count > 0 else {
            throw JSONLineError(.unexpectedEnd, column: 1, "expected '{' but the line is empty")
        }
        if scratch.count < line.count {
            scratch = [UInt8](repeating: 0, count: Swift.max(line.count, scratch.count * 2))
        }
        // Moved out of `self` so the closure below doesn't overlap an access to `self`.
        var stack: [UInt8] = []
        var scratch: [UInt8] = []
        swap(&stack, &self.stack)
        swap(&scratch, &self.scratch)
        defer {
            swap(&stack, &self.stack)
            swap(&scratch, &self.scratch)
        }
        return try scratch.withUnsafeMutableBufferPointer { (out) throws(JSONLineError) -> ParsedJSONLine in
            var cursor = JSONLineCursor(base: base, end: line.count, out: out.baseAddress!)
            return try cursor.parseObject(stack: &stack)
        }
    }

    /// Parses one line given as any byte collection (copies it first; for tests and small inputs).
    public mutating func parse(_ line: some Collection<UInt8>) throws(JSONLineError) -> ParsedJSONLine {
        let bytes = Array(line)
        var result: Result<ParsedJSONLine, JSONLineError>!
        bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONLineError) { result = .success(try parse(buffer)) } catch { result = .failure(error) }
        }
        return try result.get()
    }
}
