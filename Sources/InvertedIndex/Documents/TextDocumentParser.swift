/// What became of one text file (or byte buffer) offered as a document.
public enum TextFileOutcome: Sendable, Hashable {
    /// A document; `repairedInvalidUTF8` when ill-formed UTF-8 was replaced by U+FFFD.
    case document(Document, repairedInvalidUTF8: Bool)
    /// Looks binary (see ``TextDocumentParser``); skipped.
    case binary
    /// No text: zero bytes, only whitespace, or only a `date` line; skipped.
    case empty
    /// A document from the first `indexedBytes` of a file of `fileBytes`, larger than the
    /// reader's limit (see ``TextFileReader/maxFileBytes``): the text past them is not indexed.
    case truncated(Document, repairedInvalidUTF8: Bool, fileBytes: Int, indexedBytes: Int)
    /// Could not be opened or read; `message` is the system's reason, e.g. `Permission denied`.
    case unreadable(message: String)
    /// Read and hashed, and the caller's `unchangedContent` check said the content is the one
    /// already indexed; not parsed (see ``TextFileReader/read(path:id:unchangedContent:)``).
    case unchanged
}

/// Turns the bytes of a plain-text (or Markdown) file into a ``Document``.
///
/// **Binary detection** (on the first 8 KiB, as git and grep do): a NUL byte, or more than 10 %
/// of the sample being control bytes (other than tab, newlines, form feed, escape) or ill-formed
/// UTF-8. A UTF-16 file with a byte-order mark is decoded instead of being called binary.
/// Text with some ill-formed UTF-8 (e.g. a stray Latin-1 byte) is kept and repaired with U+FFFD.
///
/// **Layout**: a UTF-8 BOM is dropped; CRLF and lone CR become LF.
/// - The first non-blank line is the title line. If it reads `date YYYY-MM-DD rest` (leading
///   whitespace, any case, optional `:` after `date`), the date is taken and `rest` is the
///   title; when `rest` is empty the next non-blank line is the title line.
/// - A Markdown heading (`# Title`, up to six `#`, optional closing `#`s) gives its text.
/// - The title is trimmed and capped at ``titleCharacterLimit`` characters (at a `Character`
///   boundary). The body is the text after the title line, so the title is not indexed twice —
///   except when the title was cut, then the body starts with the whole title line so no words are
///   lost. A file that is only a title line gets that line as its body too, so every document has
///   a body for snippets. The body is trimmed of surrounding whitespace.
public enum TextDocumentParser {
    /// Longest title kept, in characters.
    public static let titleCharacterLimit = 200
    /// How many leading bytes decide "binary".
    public static let sniffBytes = 8192

    /// Classifies `bytes` and, for text, builds the document.
    ///
    /// - Parameters:
    ///   - id: the document id (for files: the absolute path).
    ///   - bytes: the whole file.
    /// - Returns: `.document`, `.binary` or `.empty`.
    public static func document(id: String, bytes: UnsafeBufferPointer<UInt8>) -> TextFileOutcome {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .empty }
        let n = bytes.count
        if n >= 2, (base[0] == 0xFF && base[1] == 0xFE) || (base[0] == 0xFE && base[1] == 0xFF) {
            return utf16Document(id: id, bytes: bytes, bigEndian: base[0] == 0xFE)
        }
        let sample = Swift.min(n, sniffBytes)
        var suspicious = 0
        for k in 0..<sample {
            let b = base[k]
            if b == 0 { return .binary }
            if b < 0x20 && !(b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C || b == 0x0B || b == 0x1B) || b == 0x7F {
                suspicious += 1
            }
        }
        suspicious += ByteScanning.countInvalidUTF8(base, from: 0, to: sample, allowTruncatedTail: sample < n)
        if suspicious * 10 > sample { return .binary }
        let repaired = ByteScanning.countInvalidUTF8(base, from: 0, to: n) > 0

        var start = 0
        if n >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        let text = UnsafeBufferPointer(rebasing: bytes[start...])
        if text.contains(0x0D) {
            var normalized = [UInt8]()
            normalized.reserveCapacity(text.count)
            var k = 0
            while k < text.count {
                if text[k] == 0x0D {
                    normalized.append(0x0A)
                    if k + 1 < text.count, text[k + 1] == 0x0A { k += 1 }
                } else {
                    normalized.append(text[k])
                }
                k += 1
            }
            return normalized.withUnsafeBufferPointer { layout(id: id, text: $0, repaired: repaired) }
        }
        return layout(id: id, text: text, repaired: repaired)
    }

    /// How many leading bytes of `bytes` to index when only the first `limit` may be: all of
    /// them when they fit; else up to just after the last whitespace byte within
    /// ``TextFileReader/cutSearchBytes`` before the limit (the whole limit when the byte after it
    /// is whitespace), so no word is split; failing that (one very long word), up to the last
    /// UTF-8 sequence start, so no character is split. UTF-16 text (with its byte-order mark) is
    /// cut at an even count.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, before limit: Int) -> Int {
        guard limit < bytes.count else { return bytes.count }
        guard limit > 0 else { return 0 }
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return limit & ~1
        }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        if isSpace(bytes[limit]) { return limit }
        var k = limit
        while k > Swift.max(0, limit - TextFileReader.cutSearchBytes) {
            if isSpace(bytes[k - 1]) { return k }
            k -= 1
        }
        k = limit
        while k > 0 && k > limit - 3 && bytes[k] & 0xC0 == 0x80 { k -= 1 }
        return k
    }

    /// Convenience for tests and small inputs; copies `bytes`.
    public static func document(id: String, bytes: some Collection<UInt8>) -> TextFileOutcome {
        Array(bytes).withUnsafeBufferPointer { document(id: id, bytes: $0) }
    }

    private static func utf16Document(id: String, bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) -> TextFileOutcome
    {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var k = 2
        while k + 1 < bytes.count {
            let a = UInt16(bytes[k])
            let b = UInt16(bytes[k + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            k += 2
        }
        let valid = String(validating: units, as: UTF16.self)
        let utf8 = Array((valid ?? String(decoding: units, as: UTF16.self)).utf8)
        let outcome = utf8.withUnsafeBufferPointer { document(id: id, bytes: $0) }
        if case .document(let doc, _) = outcome, valid == nil || bytes.count % 2 == 1 {
            return .document(doc, repairedInvalidUTF8: true)
        }
        return outcome
    }

    /// Title, date and body from LF-separated text.
    private static func layout(id: String, text: UnsafeBufferPointer<UInt8>, repaired: Bool) -> TextFileOutcome {
        let lines = Lines(text: text)
        guard let first = lines.nonBlankLine(from: 0) else { return .empty }
        var date: DocumentDate?
        var titleRange: Range<Int>
        var titleLineEnd: Int
        if let (found, restStart) = lines.dateLine(first.content) {
            date = found
            let rest = lines.trimmed(restStart..<first.content.upperBound)
            if !rest.isEmpty {
                titleRange = rest
                titleLineEnd = first.end
            } else if let next = lines.nonBlankLine(from: first.end) {
                titleRange = lines.headingText(next.content)
                titleLineEnd = next.end
            } else {
                return .empty
            }
        } else {
            titleRange = lines.headingText(first.content)
            titleLineEnd = first.end
        }
        let fullTitle = lines.string(titleRange)
        var title = fullTitle
        var bodyStart = titleLineEnd
        if titleRange.count > titleCharacterLimit,
            let cut = title.index(title.startIndex, offsetBy: titleCharacterLimit, limitedBy: title.endIndex),
            cut != title.endIndex
        {
            title = String(title[..<cut])
            while let last = title.unicodeScalars.last, last.properties.isWhitespace {
                title.unicodeScalars.removeLast()
            }
            bodyStart = titleRange.lowerBound
        }
        var body = lines.string(lines.trimmed(bodyStart..<text.count))
        if body.isEmpty { body = fullTitle }
        return .document(Document(id: id, title: title, date: date, body: body), repairedInvalidUTF8: repaired)
    }
}

/// Line and whitespace helpers over one LF-separated text buffer.
private struct Lines {
    let text: UnsafeBufferPointer<UInt8>

    /// The first line at or after `from` with non-whitespace content: its trimmed content and the
    /// index just past its newline.
    func nonBlankLine(from: Int) -> (content: Range<Int>, end: Int)? {
        var start = from
        while start < text.count {
            var end = start
            while end < text.count, text[end] != 0x0A { end += 1 }
            let content = trimmed(start..<end)
            let next = Swift.min(end + 1, text.count)
            if !content.isEmpty { return (content, next) }
            start = next
        }
        return nil
    }

    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, ByteScanning.isSpace(text[lower]) { lower += 1 }
        while upper > lower, ByteScanning.isSpace(text[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// `date[:] YYYY-MM-DD` at the start of `line` (any case): the date and where the rest begins.
    func dateLine(_ line: Range<Int>) -> (DocumentDate, Int)? {
        var k = line.lowerBound
        guard line.count >= 15 else { return nil }
        for letter in "date".utf8 {
            guard text[k] | 0x20 == letter else { return nil }
            k += 1
        }
        if text[k] == 0x3A { k += 1 }
        let spaces = k
        while k < line.upperBound, text[k] == 0x20 || text[k] == 0x09 { k += 1 }
        guard k > spaces || text[spaces - 1] == 0x3A, k + 10 <= line.upperBound else { return nil }
        guard k + 10 == line.upperBound || text[k + 10] == 0x20 || text[k + 10] == 0x09,
            let date = DocumentDate(string(k..<k + 10))
        else { return nil }
        return (date, k + 10)
    }

    /// For a Markdown ATX heading (`## Title ##`), the range of its text; otherwise `line`.
    func headingText(_ line: Range<Int>) -> Range<Int> {
        var k = line.lowerBound
        while k < line.upperBound, text[k] == 0x23 { k += 1 }
        let level = k - line.lowerBound
        guard (1...6).contains(level), k < line.upperBound, text[k] == 0x20 || text[k] == 0x09 else { return line }
        var upper = line.upperBound
        var hashes = upper
        while hashes > k, text[hashes - 1] == 0x23 { hashes -= 1 }
        if hashes < upper, text[hashes - 1] == 0x20 || text[hashes - 1] == 0x09 { upper = hashes }
        let inner = trimmed(k..<upper)
        return inner.isEmpty ? line : inner
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
    }
}
