import Glibc
import InvertedIndex
import Tokenizer

/// What one indexing run cost.
struct IndexingResult {
    var documents: Int
    var textBytes: Int
    /// Adding every document and the final commit (fsyncs included).
    var seconds: Double
    var segments: Int
    var size: IndexSize

    var documentsPerSecond: Double { Double(documents) / max(seconds, 1e-9) }
    var megabytesPerSecond: Double { Double(textBytes) / 1e6 / max(seconds, 1e-9) }
}

/// Bytes on disk of an index directory.
struct IndexSize {
    /// All files.
    var totalBytes: Int
    /// The stored-fields files (`*.store`), reported apart because their size follows from
    /// what is stored (the whole text, for snippets), not from how well postings compress.
    var storedFieldsBytes: Int

    /// Sums the regular files in `directory` (not recursive: an index directory is flat).
    static func measure(_ directory: String) -> IndexSize {
        var size = IndexSize(totalBytes: 0, storedFieldsBytes: 0)
        guard let handle = opendir(directory) else { return size }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            var info = stat()
            guard name != ".", name != "..", stat(directory + "/" + name, &info) == 0,
                (info.st_mode & S_IFMT) == S_IFREG
            else { continue }
            size.totalBytes += Int(info.st_size)
            if name.hasSuffix(".store") { size.storedFieldsBytes += Int(info.st_size) }
        }
        return size
    }
}

/// Indexing with one `IndexWriter` and a single commit at the end.
enum Indexing {
    /// Indexes `documents` into `directory` (created if missing; must not hold an index).
    /// - Throws: ``IndexError`` from the writer.
    static func run(
        _ documents: [Document], textBytes: Int, into directory: String, analyzer: Analyzer,
        memoryBudget: Int = 256 << 20
    ) throws -> IndexingResult {
        let start = Timing.now()
        // The writer is scoped so its lock is released before a reader opens the index.
        do {
            let writer = try IndexWriter(directory: directory, analyzer: analyzer, memoryBudget: memoryBudget)
            for document in documents { try writer.add(document) }
            try writer.commit()
        }
        let seconds = Double(Timing.now() - start) / 1e9
        let segments = try IndexReader(directory: directory).segmentInfos.count
        return IndexingResult(
            documents: documents.count, textBytes: textBytes, seconds: seconds, segments: segments,
            size: IndexSize.measure(directory))
    }
}

extension Indexing {
    /// Indexes the JSON-lines file at `path` into `directory` as it is read (no corpus held
    /// in memory, so peak memory is the writer's), with `threads` inverting threads.
    /// - Throws: ``BenchmarkError`` for an unreadable file or a malformed line.
    static func stream(
        path: String, into directory: String, analyzer: Analyzer, store: StoreMode = .all, threads: Int,
        memoryBudget: Int = 256 << 20
    ) throws -> IndexingResult {
        let start = Timing.now()
        var documents = 0
        var textBytes = 0
        do {
            let writer = try IndexWriter(
                directory: directory, analyzer: analyzer, store: store, memoryBudget: memoryBudget, threads: threads)
            let reader: JSONLinesReader
            do { reader = try JSONLinesReader(path: path) } catch { throw BenchmarkError("\(error)") }
            for line in reader {
                let document: Document
                do { document = try line.result.get().document } catch {
                    throw BenchmarkError("\(path):\(line.lineNumber): \(error)")
                }
                textBytes += document.title.utf8.count + document.body.utf8.count
                documents += 1
                try writer.add(document)
            }
            if let error = reader.readError { throw BenchmarkError("\(path): \(error)") }
            try writer.commit()
        }
        let seconds = Double(Timing.now() - start) / 1e9
        let segments = try IndexReader(directory: directory).segmentInfos.count
        return IndexingResult(
            documents: documents, textBytes: textBytes, seconds: seconds, segments: segments,
            size: IndexSize.measure(directory))
    }
}

/// A fresh directory under `$TMPDIR` (or `/tmp`) that is removed with everything in it when
/// the value is released, so an interrupted benchmark does not leave large indexes behind
/// on the next normal run.
final class TemporaryDirectory {
    let path: String

    init(prefix: String = "searchbench") throws {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/" + prefix + "-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw BenchmarkError("cannot create a temporary directory in \(base)")
        }
        path = String(cString: made)
    }

    deinit { TemporaryDirectory.remove(path) }

    /// Removes `path` and its contents (an index directory is flat; one level of nesting is
    /// handled in case a future format adds subdirectories).
    private static func remove(_ path: String) {
        if let handle = opendir(path) {
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name != ".", name != ".." else { continue }
                let child = path + "/" + name
                if unlink(child) != 0 { remove(child) }
            }
            closedir(handle)
        }
        rmdir(path)
    }
}
