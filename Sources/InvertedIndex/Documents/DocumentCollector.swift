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
    /// Text files larger than the limit, indexed by their first ``DocumentCollector/Options/maxFileBytes``
    /// (counted in ``documents`` too).
    public var truncated = 0
    /// Documents (files or JSON lines) whose ill-formed UTF-8 was repaired with U+FFFD.
    public var invalidUTF8Repaired = 0
    /// Files or folders that could not be read, plus dangling links.
    public var unreadable = 0
    /// JSON lines rejected as malformed.
    public var malformedLines = 0
    /// Bytes read from files so far.
    public var bytesRead = 0
    /// Files skipped unread because ``DocumentCollector/unchangedFilter`` said they are unchanged.
    public var unchangedSkipped = 0
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
        add(truncated, "truncated")
        add(invalidUTF8Repaired, "with invalid UTF-8 repaired")
        add(unreadable, "unreadable")
        add(malformedLines, "malformed JSON lines")
        add(unchangedSkipped, "unchanged files not read")
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
        /// Text files larger than this are indexed by their first this many bytes, cut before
        /// a word, and reported (``TextFileReader/defaultMaxFileBytes``).
        public var maxFileBytes = TextFileReader.defaultMaxFileBytes
        /// JSON lines longer than this are reported and skipped.
        public var maxJSONLineBytes = JSONLinesReader.defaultMaxLineBytes
        /// How many problem messages ``DocumentTally/problems`` keeps.
        public var maxProblemMessages = 10
        /// Lowercased file extensions read as JSON lines.
        public var jsonLinesExtensions: Set<String> = ["jsonl", "ndjson"]
        /// Whether to keep a ``SourceEvent`` per file for ``takeSourceEvents()``.
        public var recordSources = false
        /// Default options.
        public init() {}
    }

    /// What happened to one source file, for an index update's ``SourceTable``.
    public struct SourceEvent: Sendable {
        /// The file (absolute, standardized).
        public var path: String
        /// What reading it gave.
        public var outcome: SourceOutcome
    }

    /// How reading one source file ended.
    public enum SourceOutcome: Sendable {
        /// Read whole: its stamp, hash and the ids of the documents it produced.
        case read(SourceEntry)
        /// Skipped unread: ``unchangedFilter`` returned `true`.
        case unchanged
        /// A text file read and hashed, not parsed: ``unchangedContent`` returned `true` for
        /// this stamp and hash (read just before `readAt`).
        case sameContent(stamp: SourceStamp, hash: UInt64, readAt: Int64)
        /// Not read whole (cannot be opened, read error, changed while read): what it produced
        /// before is unknown, so an update should keep it.
        case failed
    }

    /// What has been seen so far; complete once ``next()`` returned `nil`.
    public private(set) var tally = DocumentTally()

    /// Asked with each file's path and stamp before it is read; `true` skips the file unread
    /// (an index update whose ``SourceTable`` shows the same stamp). `nil`: read every file.
    public var unchangedFilter: ((_ path: String, _ stamp: SourceStamp) -> Bool)?

    /// Asked with a text file's path, stamp and content hash once its bytes are read; `true`
    /// skips parsing it (its content is the one already indexed). `nil`: parse every file.
    public var unchangedContent: ((_ path: String, _ stamp: SourceStamp, _ hash: UInt64) -> Bool)?

    private let options: Options
    private var walker: FileWalker
    private var textReader: TextFileReader
    private var jsonLines: OpenJSONLines?
    private var sourceEvents: [SourceEvent] = []

    /// The JSON-lines file being read.
    private struct OpenJSONLines {
        var reader: JSONLinesReader
        var displayPath: String
        var path: String
        var readAt: Int64
        var ids: [String] = []
        var idSet: Set<String> = []
    }
    private var finishedJSONBytes = 0
    private var skippedIDs: [String] = []
    private var jsonFilesRead = 0

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

    /// The ids of text files read since the last call but skipped (empty, binary),
    /// for an index update to delete their stale documents; cleared by the call.
    public mutating func takeSkippedIDs() -> [String] {
        defer { skippedIDs.removeAll() }
        return skippedIDs
    }

    /// What happened to each file finished since the last call (only with
    /// ``Options/recordSources``); cleared by the call.
    public mutating func takeSourceEvents() -> [SourceEvent] {
        defer { sourceEvents.removeAll() }
        return sourceEvents
    }

    /// Files whose bytes were read (JSON-lines files included).
    public var filesRead: Int { textReader.filesRead + jsonFilesRead }

    /// The next document, or `nil` when every path has been read.
    public mutating func next() -> Document? {
        defer { tally.bytesRead = textReader.bytesRead + finishedJSONBytes + (jsonLines?.reader.bytesRead ?? 0) }
        while true {
            // No copy of `jsonLines` is held while its id set grows (that would copy the set per line).
            if let reader = jsonLines?.reader {
                let display = jsonLines!.displayPath
                if let line = reader.next() {
                    switch line.result {
                    case .success(let parsed):
                        tally.documents += 1
                        if parsed.repairedInvalidUTF8 { tally.invalidUTF8Repaired += 1 }
                        if options.recordSources, jsonLines!.idSet.insert(parsed.document.id).inserted {
                            jsonLines!.ids.append(parsed.document.id)
                        }
                        return parsed.document
                    case .failure(let error):
                        tally.malformedLines += 1
                        report("\(display):\(line.lineNumber): \(error)")
                    }
                    continue
                }
                let open = jsonLines!
                if let error = reader.readError {
                    tally.unreadable += 1
                    report("\(display): \(error.errno.map(systemErrorMessage) ?? "read error")")
                    record(open.path, .failed)
                } else if let stamp = reader.stamp {
                    record(open.path, .read(SourceEntry(stamp: stamp, hash: reader.contentHash, readAt: open.readAt, ids: open.ids)))
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
                if let unchangedFilter, let stamp = SourceStamp(path: path), unchangedFilter(path, stamp) {
                    tally.unchangedSkipped += 1
                    record(path, .unchanged)
                    continue
                }
                let readAt = SourceStamp.now()
                if options.jsonLinesExtensions.contains(PathNames.lowercasedExtension(path)) {
                    do throws(DocumentSourceError) {
                        let reader = try JSONLinesReader(path: path, maxLineBytes: options.maxJSONLineBytes)
                        jsonLines = OpenJSONLines(reader: reader, displayPath: display, path: path, readAt: readAt)
                        jsonFilesRead += 1
                    } catch {
                        tally.unreadable += 1
                        report("\(display): \(error.errno.map(systemErrorMessage) ?? "cannot open")")
                        record(path, .failed)
                    }
                    continue
                }
                let outcome = textReader.read(
                    path: path, id: path,
                    unchangedContent: unchangedContent.map { check in { stamp, hash in check(path, stamp, hash) } })
                let read = textReader.lastSource
                func entry(_ ids: [String]) -> SourceOutcome {
                    read.map { .read(SourceEntry(stamp: $0.stamp, hash: $0.hash, readAt: readAt, ids: ids)) } ?? .failed
                }
                switch outcome {
                case .document(let document, let repaired):
                    tally.documents += 1
                    if repaired { tally.invalidUTF8Repaired += 1 }
                    record(path, entry([path]))
                    return document
                case .binary:
                    tally.binarySkipped += 1
                    skippedIDs.append(path)
                    record(path, entry([]))
                case .empty:
                    tally.emptySkipped += 1
                    skippedIDs.append(path)
                    record(path, entry([]))
                case .truncated(let document, let repaired, let fileBytes, let indexedBytes):
                    tally.documents += 1
                    tally.truncated += 1
                    if repaired { tally.invalidUTF8Repaired += 1 }
                    record(path, entry([path]))
                    report(
                        "\(display): truncated: only its first \(indexedBytes) of \(fileBytes) bytes are indexed "
                            + "(the limit is \(options.maxFileBytes))")
                    return document
                case .unreadable(let message):
                    tally.unreadable += 1
                    record(path, .failed)
                    report("\(display): \(message)")
                case .unchanged:
                    record(path, read.map { .sameContent(stamp: $0.stamp, hash: $0.hash, readAt: readAt) } ?? .failed)
                }
            }
        }
    }

    private mutating func record(_ path: String, _ outcome: SourceOutcome) {
        if options.recordSources { sourceEvents.append(SourceEvent(path: path, outcome: outcome)) }
    }

    private mutating func report(_ message: String) {
        if tally.problems.count < options.maxProblemMessages {
            tally.problems.append(message)
        } else {
            tally.problemsNotShown += 1
        }
    }
}
