import Foundation
import InvertedIndex

// Two JSON-lines readers, on purpose:
// - corpora (megabytes to gigabytes) go through the library's `JSONLinesReader`, the reader
//   `searchctl index` uses, so the peers `build` command pays the same parsing cost the tool does;
// - small files of other shapes (query sets, peers jobs, BEIR queries) go through Foundation's
//   `JSONSerialization`, one line at a time — the library parser reads documents only.
//
// Parsing is kept out of the indexing measurement of `run` (documents are loaded first); the
// peers `build` command does include it, as every peer's build includes its own JSON reading.

/// A file of JSON objects, one per line.
enum JSONLines {
    /// Calls `body` with each non-empty line's object, in file order.
    /// - Throws: ``BenchmarkError`` when the file cannot be read or a line is not a JSON object.
    static func forEachObject(path: String, _ body: ([String: Any]) throws -> Void) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchmarkError("cannot read \(path)")
        }
        var lineNumber = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            lineNumber += 1
            let line = data[start..<end]
            start = end < data.endIndex ? data.index(after: end) : end
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw BenchmarkError("\(path):\(lineNumber): not a JSON object")
            }
            try body(object)
        }
    }
}

extension [String: Any] {
    /// The first of `keys` holding a string (numbers are accepted as ids and written in decimal).
    func string(_ keys: String...) -> String? {
        for key in keys {
            if let text = self[key] as? String { return text }
            if let number = self[key] as? Int { return String(number) }
        }
        return nil
    }
}

/// A corpus of documents read from JSON lines: `{"id","title","body"}` (the peers' `docs.jsonl`)
/// or BEIR's `{"_id","title","text"}` — the fields ``JSONLinesParser`` reads.
struct Corpus {
    var documents: [Document]
    /// UTF-8 bytes of all titles and bodies: the denominator of MB/s figures.
    var textBytes: Int

    /// Reads at most `limit` documents from `path`.
    /// - Throws: ``BenchmarkError`` for an unreadable file or a malformed line (with its number).
    static func load(path: String, limit: Int = .max) throws -> Corpus {
        var corpus = Corpus(documents: [], textBytes: 0)
        let reader: JSONLinesReader
        do { reader = try JSONLinesReader(path: path) } catch { throw BenchmarkError("\(error)") }
        for line in reader {
            guard corpus.documents.count < limit else { break }
            let document: Document
            do { document = try line.result.get().document } catch {
                throw BenchmarkError("\(path):\(line.lineNumber): \(error)")
            }
            corpus.textBytes += document.title.utf8.count + document.body.utf8.count
            corpus.documents.append(document)
        }
        if let error = reader.readError { throw BenchmarkError("\(error)") }
        return corpus
    }
}
