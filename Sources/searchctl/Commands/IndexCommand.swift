import Foundation
import InvertedIndex
import Tokenizer

/// `searchctl index [PATH ...]`.
enum IndexCommand {
    static let options = [
        Arguments.Option("index", value: true), Arguments.Option("analyzer", value: true),
        Arguments.Option("memory", value: true), Arguments.Option("threads", value: true),
        Arguments.Option("store", value: true), Arguments.Option("json"), Arguments.Option("quiet", short: "q"),
        Arguments.Option("help", short: "h"),
    ]

    static let help = """
        usage: searchctl index [options] [PATH ...]

        Indexes text files, folders (recursively; hidden files and folders and binary files
        are skipped) and JSON-lines files (.jsonl/.ndjson: one {"id","title","body"} or BEIR
        {"_id","title","text"} object per line). PATH defaults to the current directory.
        Re-running updates the index: new files are added, changed ones replaced (files whose
        size, mtime and ctime are unchanged are not even read; a document with the same path
        or id and the same title, date and text is left alone), and documents of files
        deleted from a folder being indexed are removed. JSON-lines documents are updated by
        id: ids gone from a file, or whose file is gone, are removed; remove others with
        'searchctl delete'.
        A first line 'date YYYY-MM-DD' sets a text file's date; its next words (or first
        line) become the title. A text file over 64 MiB is indexed by its first 64 MiB (cut
        between words) and reported as truncated; the rest is only hashed.

        Options:
              --analyzer NAME  english (default: folding, English stemming, stop words
                               dropped), standard (english keeping stop words) or
                               simple (folding only); fixed when the index is created
              --store WHAT     all (default: id, title and body, for titles and snippets
                               in results) or ids (only the id: results show the id or
                               path and date, no title or snippet; smaller and faster to
                               build); fixed when the index is created
              --memory MB      memory for buffering before a segment is written (default 256)
              --threads N      threads inverting documents (default: all cores); the same
                               input and settings give the same index files
              --json           print the summary as JSON
          -q, --quiet          no progress or summary
              --index DIR      the index (default: $SEARCHCTL_INDEX, else .searchctl)
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        let paths = arguments.positional.isEmpty ? ["."] : arguments.positional
        var analyzer: Analyzer?
        if let name = arguments.value("analyzer") {
            guard let named = Analyzer(named: name) else {
                throw UsageError(
                    "unknown analyzer '\(name)'; choose one of: \(Analyzer.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            analyzer = named
        }
        var store: StoreMode?
        if let name = arguments.value("store") {
            guard let named = StoreMode(named: name) else {
                throw UsageError(
                    "unknown store '\(name)'; choose one of: \(StoreMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            store = named
        }
        let memory = try arguments.integer("memory", default: 256, in: 1...1_048_576)
        let threads = try arguments.integer(
            "threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)
        let directory = IndexLocation.resolve(arguments, environment: environment)
        let terminal = Terminal(environment: environment)
        let quiet = arguments.flag("quiet")
        let json = arguments.flag("json")

        var collector: DocumentCollector
        do {
            var options = DocumentCollector.Options()
            options.recordSources = true
            collector = try DocumentCollector(paths: paths, options: options)
        } catch {
            printError("searchctl index: \(error)")
            return .noInput
        }
        let clock = ContinuousClock()
        let start = clock.now
        let folders = Update.walkedFolders(paths)
        // An existing index is opened for writing before anything is read, so that the commit
        // whose source table says which files to skip is the one this run updates (no other
        // writer can commit in between).
        var update = Update()
        func openWriter() throws -> (writer: IndexWriter, sources: Sources) {
            let writer = try IndexWriter(
                directory: directory, analyzer: analyzer, store: store, memoryBudget: memory << 20, threads: threads)
            update = try Update(base: directory, folders: folders)
            let sources = try Sources(update: update)
            collector.unchangedFilter = { sources.isUnchanged($0, $1) }
            collector.unchangedContent = { sources.isSameContent($0, $1, $2) }
            return (writer, sources)
        }
        var opened: (writer: IndexWriter, sources: Sources)?
        if IndexReader.hasCommit(directory: directory) { opened = try openWriter() }
        // Nothing to index (an empty folder, only binary files…): fail before the writer
        // creates an empty index that would turn a later "no index" into "no results" —
        // unless an existing index must be updated (files unchanged, emptied, deleted).
        let first = collector.next()
        guard first != nil || opened != nil else {
            let tally = collector.tally
            if json {
                printSummaryJSON(
                    directory: directory, tally: tally, filesRead: collector.filesRead, update: Update(), total: 0,
                    indexBytes: 0, seconds: (clock.now - start).seconds)
            } else if !quiet {
                for problem in tally.problems { printError("warning: \(problem)") }
                if tally.problemsNotShown > 0 { printError("warning: … and \(tally.problemsNotShown) more problems") }
            }
            printError(
                "searchctl index: no documents found in \(paths.joined(separator: " ")) (\(tally)); "
                    + "index text files, folders or .jsonl files")
            return .noInput
        }
        let (writer, sources) = try opened ?? openWriter()
        var lastProgress = start
        // Remaining time is shown when every path is a file (a JSON-lines corpus): then the
        // total is known from the sizes.
        var totalBytes: Int? = 0
        for path in paths {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            if attributes?[.type] as? FileAttributeType == .typeRegular, let size = attributes?[.size] as? Int {
                totalBytes? += size
            } else {
                totalBytes = nil
            }
        }
        // A file now skipped (emptied, binary) must not keep the document of its old text.
        for id in collector.takeSkippedIDs() { try update.remove(id, from: writer) }
        var next: Document? = first
        while let document = next {
            sources.record(collector.takeSourceEvents(), into: &update)
            try update.offer(document, to: writer)
            if terminal.progress && !quiet && !json && clock.now - lastProgress > .milliseconds(200) {
                lastProgress = clock.now
                let tally = collector.tally
                let seconds = (clock.now - start).seconds
                let rate = Double(tally.bytesRead) / max(seconds, 1e-3)
                var remaining = ""
                if let totalBytes, totalBytes > 0, tally.bytesRead > 0 {
                    let percent = min(100, tally.bytesRead * 100 / totalBytes)
                    let left = Int(Double(max(0, totalBytes - tally.bytesRead)) / max(rate, 1))
                    remaining = " (\(percent) %, ≈\(left) s left)"
                }
                printProgress(
                    "indexing: \(tally.documents) documents, \(formatBytes(tally.bytesRead))\(remaining), "
                        + "\(Int(Double(tally.documents) / max(seconds, 1e-3))) docs/s, "
                        + "\(String(format: "%.1f", rate / 1e6)) MB/s, \(Int(seconds)) s")
            }
            next = collector.next()
            for id in collector.takeSkippedIDs() { try update.remove(id, from: writer) }
        }
        sources.record(collector.takeSourceEvents(), into: &update)
        try sources.finish(&update, writer: writer)
        let tally = collector.tally
        let commits = update.changed || sources.changed
        if terminal.progress && !quiet && !json && commits { printProgress("committing…") }
        // Nothing added, changed or removed: no new commit (the generation stays).
        let total = commits ? try writer.commit() : writer.committedDocumentCount
        let seconds = (clock.now - start).seconds
        if terminal.progress && !quiet && !json { printProgress("") }
        let reader = try IndexReader(directory: directory)
        let size = reader.diskUsage
        if json {
            printSummaryJSON(
                directory: directory, tally: tally, filesRead: collector.filesRead, update: update, total: total,
                indexBytes: size.total, seconds: seconds)
        } else if !quiet {
            for problem in tally.problems { printError("warning: \(problem)") }
            if tally.problemsNotShown > 0 { printError("warning: … and \(tally.problemsNotShown) more problems") }
            printError(
                "indexed \(tally) in \(String(format: "%.2f", seconds)) s; "
                    + "the index at \(directory) now holds \(total) documents (\(formatBytes(size.total)))"
                    + (update.base != nil ? "; \(update)" : ""))
        }
        if tally.documents == 0 && update.unchanged == 0 {
            printError("searchctl index: no documents found in \(paths.joined(separator: " ")) (\(tally))")
            return .noInput
        }
        return .success
    }

    /// The run's summary as one JSON object.
    private static func printSummaryJSON(
        directory: String, tally: DocumentTally, filesRead: Int, update: Update, total: Int, indexBytes: Int,
        seconds: Double
    ) {
        printOut(
            JSONText.object([
                ("index", JSONText.string(directory)), ("indexed", String(tally.documents)),
                ("documents", String(total)), ("files", String(tally.filesSeen)),
                ("binary_skipped", String(tally.binarySkipped)), ("empty_skipped", String(tally.emptySkipped)),
                ("truncated", String(tally.truncated)),
                ("invalid_utf8_repaired", String(tally.invalidUTF8Repaired)),
                ("unreadable", String(tally.unreadable)), ("malformed_lines", String(tally.malformedLines)),
                ("added", String(update.added)), ("replaced", String(update.replaced)),
                ("unchanged", String(update.unchanged)), ("removed", String(update.removed)),
                ("bytes_read", String(tally.bytesRead)), ("files_read", String(filesRead)),
                ("skipped_unread", String(tally.unchangedSkipped)), ("index_bytes", String(indexBytes)),
                ("seconds", String(seconds)),
                ("problems", JSONText.array(tally.problems.map(JSONText.string))),
            ]))
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
