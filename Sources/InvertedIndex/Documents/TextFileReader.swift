#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads text files into ``Document``s with one reused buffer (`open` + `fstat` + `read`, 2×
/// faster than `Data(contentsOf:)` on small files) and hands the bytes to ``TextDocumentParser``.
public struct TextFileReader: Sendable {
    /// Default size limit: 64 MiB, as for a JSON line (``JSONLinesReader/defaultMaxLineBytes``):
    /// no document's text is larger from either source. Bigger files are skipped unread as
    /// `.tooLarge`. (Indexing one 200 MB line took 0.9 GB of memory: the text, its stored copy
    /// and its positions are all held at once.)
    public static let defaultMaxFileBytes = 64 << 20

    /// Files larger than this are skipped unread.
    public var maxFileBytes: Int
    /// Total bytes read by this reader.
    public private(set) var bytesRead = 0
    /// Files whose bytes this reader read (too-large and unopenable files do not count).
    public private(set) var filesRead = 0
    /// The stamp (`fstat` before reading) and ``ContentHasher`` hash of the last file read
    /// whole; `nil` after a file that could not be read whole.
    public private(set) var lastSource: (stamp: SourceStamp, hash: UInt64)?

    private var buffer: [UInt8] = []

    /// Creates a reader.
    /// - Parameter maxFileBytes: files larger than this are skipped as `.tooLarge`.
    public init(maxFileBytes: Int = TextFileReader.defaultMaxFileBytes) {
        self.maxFileBytes = maxFileBytes
    }

    /// Reads the file at `path` and classifies it.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - id: the document id; by default the absolute, standardized `path`.
    ///   - unchangedContent: asked with the file's stamp and content hash once it is read;
    ///     `true` returns `.unchanged` without parsing.
    /// - Returns: the document, or why there is none. Never throws: unreadable files are an outcome.
    public mutating func read(
        path: String, id: String? = nil, unchangedContent: ((SourceStamp, UInt64) -> Bool)? = nil
    ) -> TextFileOutcome {
        lastSource = nil
        // O_NONBLOCK: should the path have turned into a FIFO since it was listed, open must not
        // block; it has no effect on regular files.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .unreadable(message: systemErrorMessage(errno)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .unreadable(message: systemErrorMessage(errno)) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .unreadable(message: "not a regular file") }
        let size = Int(info.st_size)
        if size > maxFileBytes { return .tooLarge(bytes: size) }
        // One byte of slack detects a file that grew since fstat.
        if buffer.count < size + 1 { buffer = [UInt8](repeating: 0, count: Swift.max(size + 1, 64 << 10)) }
        var count = 0
        var failure: Int32 = 0
        buffer.withUnsafeMutableBytes { raw in
            while count < raw.count {
                let n = systemRead(fd, raw.baseAddress! + count, raw.count - count)
                if n > 0 {
                    count += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    if n < 0 { failure = errno }
                    break
                }
            }
        }
        bytesRead += count
        filesRead += 1
        if failure != 0 { return .unreadable(message: systemErrorMessage(failure)) }
        if count == buffer.count { return .unreadable(message: "file changed size while being read") }
        let source = (stamp: SourceStamp(info), hash: buffer.withUnsafeBytes { ContentHasher.hash(UnsafeRawBufferPointer(rebasing: $0[..<count])) })
        lastSource = source
        if let unchangedContent, unchangedContent(source.stamp, source.hash) { return .unchanged }
        let documentID = id ?? PathNames.absoluteStandardized(path)
        return buffer.withUnsafeBufferPointer { all in
            TextDocumentParser.document(id: documentID, bytes: UnsafeBufferPointer(rebasing: all[..<count]))
        }
    }
}

/// `read(2)`; a free function because inside ``TextFileReader`` the name means its own method.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
