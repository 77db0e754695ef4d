/// Counts of what a ``DocumentCollector`` saw, for the end-of-run summary and progress display.
public struct DocumentTally: Sendable, Hashable, CustomStringConvertible {
    /// Files offered as documents (text files and JSON-lines files).
    public var filesSeen = 0
    /// Documents produced (one per text file, one per good JSON line).
    public var documents = 0
    /// Files skipped as binary.
    public var binarySkipped = 0
    /// Files skipped as empty or whitespace-only.
    public var emptySkipped = 0
    /// Files skipped for exceeding the size limit.
    public var tooLargeSkipped = 0
    /// Documents (files or JSON lines) whose ill-formed UTF-8 was repaired with U+FFFD.
    public var invalidUTF8Repaired = 0
    /// Files or folders that could not be read, plus dangling links.
    public var unreadable = 0
    /// JSON lines rejected as malformed.
    public var malformedLines = 0
    /// Bytes read from files so far.
    public var bytesRead = 0
    /// The first few problems as `path: problem` or `path:line: problem`.
    public var problems: [String] = []
    /// Problems beyond those kept in `problems`.
    public var problemsNotShown = 0

    /// An empty tally.
    public init() {}

    public var description: String {
        var parts = ["\(documents) documents from \(filesSeen) files"]
        func add(_ count: Int, _ what: String) { if count > 0 { parts.append("\(count) \(what)") } }
        add(binarySkipped, "binary skipped")
        add(emptySkipped, "empty skipped")
        add(tooLargeSkipped, "too large skipped")
        add(invalidUTF8Repaired, "with invalid UTF-8 repaired")
        add(unreadable, "unreadable")
        add(malformedLines, "malformed JSON lines")
        return parts.joined(separator: ", ")
    }
}

/// Turns paths (files, folders, JSON-lines files) into ``Document``s, one at a time.
///
/// Folders are walked with ``FileWalker``; files named `*.jsonl` or `*.ndjson` (any case) are read
/// with ``JSONLinesReader`` (one document per line, id from the line); every other file is read
/// with ``TextFileReader`` (id = absolute, standardized path). Problems never stop the run: they
/// are counted in ``tally`` with the first few messages kept.
///
/// ```swift
/// var collector = try DocumentCollector(paths: ["docs/"])
/// while let document = collector.next() { try writer.add(document) }
/// print(collector.tally)
/// ```
/// A pull iterator rather than a callback, so the caller can read ``tally`` for progress
/// between documents, stop early, and throw its own errors. Not a `Sequence`: iterating a copy
/// would leave this value's tally untouched.
public struct DocumentCollector: IteratorProtocol {
    /// Limits and choices for a run.
    public struct Options: Sendable {
        /// Text files larger than this are skipped (``TextFileReader/defaultMaxFileBytes``).
        public var maxFileBytes = TextFileReader.defaultMaxFileBytes
        /// JSON lines longer than this are reported and skipped.
        public var maxJSONLineBytes = JSONLinesReader.defaultMaxLineBytes
        /// How many problem messages ``DocumentTally/problems`` keeps.
        public var maxProblemMessages = 10
        /// Lowercased file extensions read as JSON lines.
        public var jsonLinesExtensions: Set<String> = ["jsonl", "ndjson"]
        /// Default options.
        public init() {}
    }

    /// What has been seen so far; complete once ``next()`` returned `nil`.
    public private(set) var tally = DocumentTally()

    private let options: Options
    private var walker: FileWalker
    private var textReader: TextFileReader
    private var jsonLines: (reader: JSONLinesReader, displayPath: String)?
    private var finishedJSONBytes = 0
    private var skippedIDs: [String] = []

    /// Checks the paths and prepares to read.
    ///
    /// - Parameters:
    ///   - paths: files and folders; hidden entries inside folders are skipped, explicit ones taken.
    ///   - options: limits; the defaults suit a command-line tool.
    /// - Throws: ``DocumentSourceError`` when a path does not exist or is not a file or folder,
    ///   e.g. `no such file or directory: 'docs/'`.
    public init(paths: [String], options: Options = Options()) throws(DocumentSourceError) {
        walker = try FileWalker(paths: paths)
        textReader = TextFileReader(maxFileBytes: options.maxFileBytes)
        self.options = options
    }

    /// The ids of text files read since the last call but skipped (empty, binary, too large),
    /// for an index update to delete their stale documents; cleared by the call.
    public mutating func takeSkippedIDs() -> [String] {
        defer { skippedIDs.removeAll() }
        return skippedIDs
    }

    /// The next document, or `nil` when every path has been read.
    public mutating func next() -> Document? {
        defer { tally.bytesRead = textReader.bytesRead + finishedJSONBytes + (jsonLines?.reader.bytesRead ?? 0) }
        while true {
            if let (reader, display) = jsonLines {
                if let line = reader.next() {
                    switch line.result {
                    case .success(let parsed):
                        tally.documents += 1
                        if parsed.repairedInvalidUTF8 { tally.invalidUTF8Repaired += 1 }
                        return parsed.document
                    case .failure(let error):
                        tally.malformedLines += 1
                        report("\(display):\(line.lineNumber): \(error)")
                    }
                    continue
                }
                if let error = reader.readError {
                    tally.unreadable += 1
                    report("\(display): \(error.errno.map(systemErrorMessage) ?? "read error")")
                }
                finishedJSONBytes += reader.bytesRead
                jsonLines = nil
            }
            guard let entry = walker.next() else { return nil }
            switch entry {
            case .problem(_, let display, let message):
                tally.unreadable += 1
                report("\(display): \(message)")
            case .file(let path, let display):
                tally.filesSeen += 1
                if options.jsonLinesExtensions.contains(PathNames.lowercasedExtension(path)) {
                    do throws(DocumentSourceError) {
                        jsonLines = (try JSONLinesReader(path: path, maxLineBytes: options.maxJSONLineBytes), display)
                    } catch {
                        tally.unreadable += 1
                        report("\(display): \(error.errno.map(systemErrorMessage) ?? "cannot open")")
                    }
                    continue
                }
                switch textReader.read(path: path, id: path) {
                case .document(let document, let repaired):
                    tally.documents += 1
                    if repaired { tally.invalidUTF8Repaired += 1 }
                    return document
                case .binary:
                    tally.binarySkipped += 1
                    skippedIDs.append(path)
                case .empty:
                    tally.emptySkipped += 1
                    skippedIDs.append(path)
                case .tooLarge(let bytes):
                    tally.tooLargeSkipped += 1
                    skippedIDs.append(path)
                    report("\(display): skipped, \(bytes) bytes is more than the limit of \(options.maxFileBytes)")
                case .unreadable(let message):
                    tally.unreadable += 1
                    report("\(display): \(message)")
                }
            }
        }
    }

    private mutating func report(_ message: String) {
        if tally.problems.count < options.maxProblemMessages {
            tally.problems.append(message)
        } else {
            tally.problemsNotShown += 1
        }
    }
}
