#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The outcome of one non-blank line of a JSON-lines file.
public struct JSONLine: Sendable {
    /// 1-based line number in the file (blank lines count, so it matches an editor's).
    public var lineNumber: Int
    /// The document, or why this line was rejected. The reader goes on with the next line either way.
    public var result: Result<ParsedJSONLine, JSONLineError>
}

/// Reads a JSON-lines file line by line and parses each line with ``JSONLinesParser``.
///
/// Lines end at `\n`; a `\r` before it (CRLF) is dropped, a last line without newline is read,
/// blank lines are skipped (but counted in line numbers), and a UTF-8 byte-order mark at the
/// start of the file is ignored. A malformed line yields a failure with its line number and the
/// reader goes on, so a caller can print `file.jsonl:17: expected ':' after key at column 9`.
///
/// The file is read in chunks into one buffer that grows to the longest line (not mapped): a
/// file truncated while being read ends early instead of crashing with `SIGBUS`, and pipes work.
///
/// A reference type because it owns a file descriptor and its buffer; use it from one thread.
public final class JSONLinesReader: Sequence, IteratorProtocol {
    /// Default longest line accepted (64 MiB); longer lines are reported and skipped unread.
    public static let defaultMaxLineBytes = 64 << 20

    /// Bytes read from the file so far.
    public private(set) var bytesRead = 0
    /// Set when reading failed mid-file (e.g. `EIO`); iteration then stops early.
    public private(set) var readError: DocumentSourceError?
    /// `fstat` of the file when it was opened (`nil` for bytes from memory).
    public let stamp: SourceStamp?
    /// The ``ContentHasher`` hash of the bytes read so far: of the whole file once ``next()``
    /// returned `nil` without a ``readError``.
    public var contentHash: UInt64 { hasher.finalize() }

    private var hasher = ContentHasher()

    private let path: String
    private var fd: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0  // first unconsumed byte
    private var filled = 0  // end of valid data
    private var scanned = 0  // [start, scanned) is known to hold no newline
    private var atEOF = false
    private var skippingLongLine = false
    private var lineNumber = 0
    private let maxLineBytes: Int
    private var parser = JSONLinesParser()

    /// Opens a JSON-lines file.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - maxLineBytes: longest line accepted; longer lines are reported as ``JSONLineError/Code/lineTooLong``.
    /// - Throws: ``DocumentSourceError`` when the file cannot be opened.
    public init(path: String, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) throws(DocumentSourceError) {
        // O_NONBLOCK: a path that turned into a FIFO since it was listed must not block open.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw DocumentSourceError(errno: errno, path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw DocumentSourceError(.notFileOrDirectory, path: path)
        }
        self.path = path
        self.fd = fd
        stamp = SourceStamp(info)
        self.maxLineBytes = Swift.max(maxLineBytes, 16)
        capacity = 1 << 20
        buffer = .allocate(capacity: capacity)
    }

    /// Reads JSON lines from memory (for tests and for callers that already hold the bytes).
    public init(bytes: some Collection<UInt8>, maxLineBytes: Int = JSONLinesReader.defaultMaxLineBytes) {
        path = "<memory>"
        fd = -1
        stamp = nil
        self.maxLineBytes = Swift.max(maxLineBytes, 16)
        capacity = Swift.max(bytes.count, 1)
        buffer = .allocate(capacity: capacity)
        _ = UnsafeMutableBufferPointer(start: buffer, count: capacity).initialize(from: bytes)
        filled = bytes.count
        bytesRead = bytes.count
        hasher.update(UnsafeRawBufferPointer(start: buffer, count: filled))
        atEOF = true
    }

    deinit {
        if fd >= 0 { close(fd) }
        buffer.deallocate()
    }

    /// The next non-blank line's outcome, or `nil` at the end of the file (or after a read error).
    public func next() -> JSONLine? {
        while true {
            let newline = findNewline()
            if skippingLongLine {
                if let newline {
                    start = newline + 1
                    scanned = start
                    skippingLongLine = false
                    continue
                }
                if atEOF { return nil }
                start = 0
                filled = 0
                scanned = 0
                fill()
                continue
            }
            var lineEnd: Int
            if let newline {
                lineEnd = newline
            } else if atEOF {
                guard start < filled else { return nil }
                lineEnd = filled
            } else if filled - start > maxLineBytes {
                // Drop what is buffered and skip the rest of the line as it arrives.
                skippingLongLine = true
                start = 0
                filled = 0
                scanned = 0
                lineNumber += 1
                return tooLong()
            } else {
                fill()
                continue
            }
            lineNumber += 1
            var lineStart = start
            start = Swift.min(lineEnd + 1, filled)
            scanned = start
            if lineEnd - lineStart > maxLineBytes { return tooLong() }
            if lineEnd > lineStart, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            if lineNumber == 1, lineEnd - lineStart >= 3, buffer[lineStart] == 0xEF, buffer[lineStart + 1] == 0xBB,
                buffer[lineStart + 2] == 0xBF
            {
                lineStart += 3
            }
            var k = lineStart
            while k < lineEnd, ByteScanning.isSpace(buffer[k]) { k += 1 }
            if k == lineEnd { continue }  // blank line
            let line = UnsafeBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart)
            do throws(JSONLineError) {
                return JSONLine(lineNumber: lineNumber, result: .success(try parser.parse(line)))
            } catch {
                return JSONLine(lineNumber: lineNumber, result: .failure(error))
            }
        }
    }

    private func tooLong() -> JSONLine {
        let error = JSONLineError(.lineTooLong, column: 0, "line longer than \(maxLineBytes) bytes; skipped")
        return JSONLine(lineNumber: lineNumber, result: .failure(error))
    }

    private func findNewline() -> Int? {
        guard scanned < filled else { return nil }
        // memchr is vectorized in glibc: this is the fastest way to split lines.
        if let hit = memchr(buffer + scanned, 0x0A, filled - scanned) {
            return buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        scanned = filled
        return nil
    }

    /// Reads more bytes after `filled`, first moving the partial line to the front (or growing
    /// the buffer when the partial line already fills it). Sets `atEOF` at the end or on error.
    private func fill() {
        if start > 0 {
            let pending = filled - start
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            scanned -= start
            filled = pending
            start = 0
        }
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.initialize(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        guard fd >= 0 else {
            atEOF = true
            return
        }
        while true {
            let n = read(fd, buffer + filled, capacity - filled)
            if n > 0 {
                hasher.update(UnsafeRawBufferPointer(start: buffer + filled, count: n))
                filled += n
                bytesRead += n
                return
            }
            if n < 0, errno == EINTR { continue }
            if n < 0 { readError = DocumentSourceError(errno: errno, path: path) }
            atEOF = true
            return
        }
    }
}
