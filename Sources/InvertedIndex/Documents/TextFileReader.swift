#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads text files into ``Document``s with one reused buffer (`open` + `fstat` + `read`, 2×
/// faster than `Data(contentsOf:)` on small files) and hands the bytes to ``TextDocumentParser``.
public struct TextFileReader: Sendable {
    /// Default limit on the text indexed from one file: 64 MiB, as for a JSON line
    /// (``JSONLinesReader/defaultMaxLineBytes``), so no document's text is larger from either
    /// source. A larger file is indexed by its first 64 MiB (cut before the word that crosses
    /// the limit) and reported as truncated; the rest is read only for the content hash, in
    /// ``hashChunkBytes`` pieces, so memory stays bounded whatever the file's size.
    public static let defaultMaxFileBytes = 64 << 20
    /// The largest read buffer kept for the next file (a larger one is freed after its file).
    static let keptBufferBytes = 8 << 20
    /// The piece size in which the part of a file past the limit is read for its hash.
    static let hashChunkBytes = 1 << 20
    /// How far before the limit a cut looks for whitespace (a word longer than this is cut
    /// inside, at a UTF-8 sequence boundary).
    static let cutSearchBytes = 4096

    /// The most bytes of a file indexed as text; the rest of a larger file is not.
    public var maxFileBytes: Int
    /// Total bytes read by this reader.
    public private(set) var bytesRead = 0
    /// Files whose bytes this reader read (unopenable files do not count).
    public private(set) var filesRead = 0
    /// The stamp (`fstat` before reading) and ``ContentHasher`` hash of the last file read
    /// whole (for a truncated file: all of it was hashed); `nil` after a file that could not be
    /// read whole.
    public private(set) var lastSource: (stamp: SourceStamp, hash: UInt64)?

    private var buffer: [UInt8] = []
    private var tail: [UInt8] = []

    /// Creates a reader.
    /// - Parameter maxFileBytes: files larger than this are indexed by their first
    ///   `maxFileBytes` bytes, as `.truncated`.
    public init(maxFileBytes: Int = TextFileReader.defaultMaxFileBytes) {
        self.maxFileBytes = Swift.max(maxFileBytes, 1)
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
        let kept = Swift.min(size, maxFileBytes)
        // One byte past `kept`: for a file read whole it detects that the file grew since
        // fstat; for a larger one it tells whether the cut at the limit splits a word.
        let wanted = kept + 1
        if buffer.count < wanted { buffer = [UInt8](repeating: 0, count: Swift.max(wanted, 64 << 10)) }
        var failure: Int32 = 0
        var count = buffer.withUnsafeMutableBytes { raw in
            readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<wanted]), failure: &failure)
        }
        filesRead += 1
        var hasher = ContentHasher()
        buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        var total = count
        if size > kept && failure == 0 && count == wanted {
            // The rest is hashed (so any change is seen), never kept: one reused piece.
            if tail.isEmpty { tail = [UInt8](repeating: 0, count: Self.hashChunkBytes) }
            while failure == 0 {
                let n = tail.withUnsafeMutableBytes { readFully(fd, into: $0, failure: &failure) }
                tail.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
                total += n
                if n < tail.count || total > size { break }
            }
        }
        bytesRead += total
        if failure != 0 { return .unreadable(message: systemErrorMessage(failure)) }
        if total != size { return .unreadable(message: "file changed size while being read") }
        let source = (stamp: SourceStamp(info), hash: hasher.finalize())
        lastSource = source
        if let unchangedContent, unchangedContent(source.stamp, source.hash) { return .unchanged }
        let documentID = id ?? PathNames.absoluteStandardized(path)
        if size > kept {
            count = buffer.withUnsafeBufferPointer { TextDocumentParser.cut(UnsafeBufferPointer(rebasing: $0[..<count]), before: kept) }
        }
        let outcome = buffer.withUnsafeBufferPointer { all in
            TextDocumentParser.document(id: documentID, bytes: UnsafeBufferPointer(rebasing: all[..<count]))
        }
        // A big file's buffer is not kept while its document is indexed (the text is in it).
        if buffer.count > Self.keptBufferBytes { buffer = [] }
        if size > kept, case .document(let document, let repaired) = outcome {
            return .truncated(document, repairedInvalidUTF8: repaired, fileBytes: size, indexedBytes: count)
        }
        return outcome
    }
}

/// Reads until `buffer` is full, end of file or an error (its errno in `failure`); retries
/// on `EINTR`. Returns the bytes read.
private func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, failure: inout Int32) -> Int {
    var count = 0
    while count < buffer.count {
        let n = systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
        if n > 0 {
            count += n
        } else if n < 0, errno == EINTR {
            continue
        } else {
            if n < 0 { failure = errno }
            break
        }
    }
    return count
}

/// `read(2)`; a free function because inside ``TextFileReader`` the name means its own method.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
