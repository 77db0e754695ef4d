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

    /// Creates a parser. Reuse one parser for many lines: it keeps a small nesting stack.
    public init() {}

    private var stack: [UInt8] = []

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
        var cursor = Cursor(base: base, end: line.count)
        return try cursor.parseObject(stack: &stack)
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

/// The scanning state over one line.
private struct Cursor {
    let base: UnsafePointer<UInt8>
    let end: Int
    var i = 0
    var repaired = false

    init(base: UnsafePointer<UInt8>, end: Int) {
        self.base = base
        self.end = end
    }

    private enum Field { case id, title, body, text, other }

    mutating func parseObject(stack: inout [UInt8]) throws(JSONLineError) -> ParsedJSONLine {
        skipSpace()
        try expect(0x7B, "expected '{' at the start of the line")
        var id: String?
        var title: String?
        var body: String?
        var text: String?
        skipSpace()
        if peek() == 0x7D {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < end else { throw fail(.unexpectedEnd, "expected a key, but the line ended") }
                guard base[i] == 0x22 else { throw fail(.syntax, "expected '\"' to start a key") }
                let field = try readKey()
                skipSpace()
                try expect(0x3A, "expected ':' after key")
                skipSpace()
                switch field {
                case .id: id = try readID()
                case .title: title = try readOptionalString(named: "title")
                case .body: body = try readOptionalString(named: "body")
                case .text: text = try readOptionalString(named: "text")
                case .other: try skipValue(stack: &stack)
                }
                skipSpace()
                guard i < end else { throw fail(.unexpectedEnd, "expected ',' or '}', but the line ended") }
                if base[i] == 0x2C {
                    i += 1
                } else if base[i] == 0x7D {
                    i += 1
                    break
                } else {
                    throw fail(.syntax, "expected ',' or '}' after a value")
                }
            }
        }
        skipSpace()
        if i < end { throw fail(.syntax, "unexpected data after the closing '}'") }
        guard let id, !id.isEmpty else {
            throw JSONLineError(.missingID, column: 0, id == nil ? "missing \"id\" or \"_id\"" : "empty \"id\"")
        }
        let document = Document(id: id, title: title ?? "", body: body ?? text ?? "")
        return ParsedJSONLine(document: document, repairedInvalidUTF8: repaired)
    }

    // MARK: Tokens

    @inline(__always) func peek() -> UInt8? { i < end ? base[i] : nil }

    @inline(__always) mutating func skipSpace() {
        while i < end, base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0D || base[i] == 0x0A { i += 1 }
    }

    @inline(__always) func fail(_ code: JSONLineError.Code, _ message: String, at index: Int? = nil) -> JSONLineError {
        JSONLineError(code, column: (index ?? i) + 1, message)
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws(JSONLineError) {
        guard i < end else { throw fail(.unexpectedEnd, message + ", but the line ended") }
        guard base[i] == byte else { throw fail(.syntax, message) }
        i += 1
    }

    private mutating func readKey() throws(JSONLineError) -> Field {
        let start = i + 1
        let (close, escaped) = try scanString()
        let length = close - start
        func matches(_ name: StaticString) -> Bool {
            name.utf8CodeUnitCount == length
                && memcmpBytes(base + start, name.utf8Start, length)
        }
        if escaped {
            // Rare: a key spelled with escapes; decode it to compare.
            switch decodeString(from: start, to: close) {
            case "id", "_id": return .id
            case "title": return .title
            case "body": return .body
            case "text": return .text
            default: return .other
            }
        }
        if matches("id") || matches("_id") { return .id }
        if matches("title") { return .title }
        if matches("body") { return .body }
        if matches("text") { return .text }
        return .other
    }

    private mutating func readID() throws(JSONLineError) -> String {
        guard i < end else { throw fail(.unexpectedEnd, "expected the id, but the line ended") }
        let b = base[i]
        if b == 0x22 { return try readString() }
        if b == 0x2D || (b &- 0x30) < 10 {
            let start = i
            try skipNumber()
            return String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        }
        throw fail(.wrongType, "expected a string or a number for \"id\"")
    }

    private mutating func readOptionalString(named name: String) throws(JSONLineError) -> String? {
        guard i < end else { throw fail(.unexpectedEnd, "expected a value, but the line ended") }
        if base[i] == 0x22 { return try readString() }
        if base[i] == 0x6E {
            try skipLiteral("null")
            return nil
        }
        throw fail(.wrongType, "expected a string or null for \"\(name)\"")
    }

    // MARK: Strings

    /// With `i` at an opening quote: finds the closing quote and validates escapes.
    /// Leaves `i` after the closing quote; returns its index and whether escapes occurred.
    mutating func scanString() throws(JSONLineError) -> (close: Int, escaped: Bool) {
        let open = i
        var j = i + 1
        var escaped = false
        while true {
            j = ByteScanning.findQuoteOrBackslash(base, from: j, to: end)
            guard j < end else { throw fail(.unexpectedEnd, "unterminated string (opened at column \(open + 1))", at: end) }
            if base[j] == 0x22 { break }
            escaped = true
            guard j + 1 < end else { throw fail(.unexpectedEnd, "unterminated escape sequence", at: j) }
            switch base[j + 1] {
            case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: j += 2
            case 0x75:
                guard j + 6 <= end else { throw fail(.unexpectedEnd, "truncated \\u escape", at: j) }
                for k in j + 2..<j + 6 where hexValue(base[k]) == nil {
                    throw fail(.invalidEscape, "invalid hex digit in \\u escape", at: k)
                }
                j += 6
            default:
                throw fail(.invalidEscape, "invalid escape '\\\(Character(Unicode.Scalar(base[j + 1])))'", at: j)
            }
        }
        i = j + 1
        return (j, escaped)
    }

    mutating func readString() throws(JSONLineError) -> String {
        let start = i + 1
        let (close, escaped) = try scanString()
        if !escaped {
            let bytes = UnsafeBufferPointer(start: base + start, count: close - start)
            if let string = String(validating: bytes, as: UTF8.self) { return string }
            repaired = true
            return String(decoding: bytes, as: UTF8.self)
        }
        return decodeString(from: start, to: close)
    }

    /// Decodes an already validated string body `start..<close` that contains escapes.
    mutating func decodeString(from start: Int, to close: Int) -> String {
        // Escapes only shrink (`\n` 2→1 bytes, `\uXXXX` 6→≤3, a pair 12→4, a lone surrogate 6→3),
        // so the raw length bounds the output. Ill-formed raw UTF-8 is left for the String
        // initializer to repair; runs are checked only to report it.
        var sawInvalid = false
        let string = String(unsafeUninitializedCapacity: close - start) { out in
            var o = 0
            var j = start
            func put(_ scalar: UInt32) {
                var s = scalar
                if s > 0x10FFFF || (0xD800...0xDFFF).contains(s) { s = 0xFFFD }
                for unit in UTF8.encode(Unicode.Scalar(s)!)! {
                    out[o] = unit
                    o += 1
                }
            }
            while j < close {
                let next = ByteScanning.findQuoteOrBackslash(base, from: j, to: close)
                if next > j {
                    let run = UnsafeBufferPointer(start: base + j, count: next - j)
                    out.baseAddress!.advanced(by: o).initialize(from: run.baseAddress!, count: run.count)
                    if ByteScanning.countInvalidUTF8(base, from: j, to: next) > 0 { sawInvalid = true }
                    o += run.count
                    j = next
                }
                guard j < close else { break }
                // base[j] is a backslash (the closing quote is at `close`).
                let e = base[j + 1]
                j += 2
                switch e {
                case 0x62: put(0x08)
                case 0x66: put(0x0C)
                case 0x6E: put(0x0A)
                case 0x72: put(0x0D)
                case 0x74: put(0x09)
                case 0x75:
                    var unit = hex4(at: j)
                    j += 4
                    if (0xD800...0xDBFF).contains(unit), j + 6 <= close, base[j] == 0x5C, base[j + 1] == 0x75 {
                        let low = hex4(at: j + 2)
                        if (0xDC00...0xDFFF).contains(low) {
                            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                            j += 6
                        }
                    }
                    put(unit)  // a lone surrogate becomes U+FFFD in put
                default: put(UInt32(e))  // \" \\ \/
                }
            }
            return o
        }
        if sawInvalid { repaired = true }
        return string
    }

    func hex4(at k: Int) -> UInt32 {
        var v: UInt32 = 0
        for n in k..<k + 4 { v = v << 4 | UInt32(hexValue(base[n]) ?? 0) }
        return v
    }

    // MARK: Skipping values

    /// Skips any JSON value starting at `i`, validating it. Containers are tracked on `stack`
    /// (one byte per level: the expected closing bracket) instead of recursing.
    mutating func skipValue(stack: inout [UInt8]) throws(JSONLineError) {
        stack.removeAll(keepingCapacity: true)
        while true {
            // Expect a value.
            skipSpace()
            guard i < end else { throw fail(.unexpectedEnd, "expected a value, but the line ended") }
            switch base[i] {
            case 0x22: _ = try scanString()
            case 0x7B, 0x5B:
                guard stack.count < JSONLinesParser.maxDepth else { throw fail(.tooDeep, "nesting deeper than \(JSONLinesParser.maxDepth)") }
                let isObject = base[i] == 0x7B
                stack.append(isObject ? 0x7D : 0x5D)
                i += 1
                skipSpace()
                if peek() == stack.last {
                    i += 1
                    stack.removeLast()
                } else if isObject {
                    try skipMemberKey()
                    continue
                } else {
                    continue
                }
            case 0x74: try skipLiteral("true")
            case 0x66: try skipLiteral("false")
            case 0x6E: try skipLiteral("null")
            case 0x2D, 0x30...0x39: try skipNumber()
            default: throw fail(.syntax, "expected a value")
            }
            // After a complete value: close containers or move to the next element.
            while true {
                guard let close = stack.last else { return }
                skipSpace()
                guard i < end else { throw fail(.unexpectedEnd, "expected ',' or '\(Character(Unicode.Scalar(close)))', but the line ended") }
                if base[i] == close {
                    i += 1
                    stack.removeLast()
                } else if base[i] == 0x2C {
                    i += 1
                    if close == 0x7D { try skipMemberKey() }
                    break
                } else {
                    throw fail(.syntax, "expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
            }
        }
    }

    /// Inside a skipped object: skips `"key" :`.
    private mutating func skipMemberKey() throws(JSONLineError) {
        skipSpace()
        guard i < end else { throw fail(.unexpectedEnd, "expected a key, but the line ended") }
        guard base[i] == 0x22 else { throw fail(.syntax, "expected '\"' to start a key") }
        _ = try scanString()
        skipSpace()
        try expect(0x3A, "expected ':' after key")
    }

    mutating func skipLiteral(_ word: StaticString) throws(JSONLineError) {
        let n = word.utf8CodeUnitCount
        for k in 0..<n {
            guard i + k < end else { throw fail(.unexpectedEnd, "truncated literal '\(word)'", at: i + k) }
            guard base[i + k] == word.utf8Start[k] else { throw fail(.syntax, "invalid literal (expected '\(word)')", at: i + k) }
        }
        i += n
    }

    /// Skips `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func skipNumber() throws(JSONLineError) {
        func digits() -> Int {
            let s = i
            while i < end, (base[i] &- 0x30) < 10 { i += 1 }
            return i - s
        }
        if peek() == 0x2D { i += 1 }
        if peek() == 0x30 {
            i += 1
        } else if digits() == 0 {
            throw fail(i < end ? .syntax : .unexpectedEnd, "expected a digit in number")
        }
        if peek() == 0x2E {
            i += 1
            if digits() == 0 { throw fail(i < end ? .syntax : .unexpectedEnd, "expected a digit after '.' in number") }
        }
        if peek() == 0x65 || peek() == 0x45 {
            i += 1
            if peek() == 0x2B || peek() == 0x2D { i += 1 }
            if digits() == 0 { throw fail(i < end ? .syntax : .unexpectedEnd, "expected a digit in exponent") }
        }
    }
}

@inline(__always) private func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: b - 0x30
    case 0x41...0x46: b - 0x41 + 10
    case 0x61...0x66: b - 0x61 + 10
    default: nil
    }
}

@inline(__always) private func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for k in 0..<n where a[k] != b[k] { return false }
    return true
}
