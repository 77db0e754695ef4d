import Foundation

/// A test collection in BEIR's layout: `corpus.jsonl` (`{"_id","title","text"}`),
/// `queries.jsonl` (`{"_id","text"}`) and `qrels/test.tsv` (`query-id corpus-id score`, with a
/// header line). The classic collections under `classic/` were converted to the same layout.
struct BEIRDataset {
    /// The folder's name, e.g. `scifact`.
    var name: String
    var corpus: Corpus
    /// Query id → text, for judged queries only, sorted by id for a stable order.
    var queries: [(id: String, text: String)]
    /// Query id → judged documents and their grades.
    var qrels: [String: Judgments]

    /// Reads the collection in `directory`.
    /// - Throws: ``BenchmarkError`` when a file is missing or malformed, or when no query is judged.
    static func load(_ directory: String) throws -> BEIRDataset {
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let name = folder.split(separator: "/").last.map(String.init) ?? folder
        let qrels = try readQrels(folder + "/qrels/test.tsv")
        var queries: [(id: String, text: String)] = []
        try JSONLines.forEachObject(path: folder + "/queries.jsonl") { object in
            // Queries without judgments (e.g. SciFact's training claims) are not evaluated.
            guard let id = object.string("_id", "id"), qrels[id] != nil else { return }
            queries.append((id, object.string("text", "query") ?? ""))
        }
        guard !queries.isEmpty else { throw BenchmarkError("\(folder): no query in queries.jsonl has judgments") }
        queries.sort { $0.id < $1.id }
        return BEIRDataset(
            name: name, corpus: try Corpus.load(path: folder + "/corpus.jsonl"), queries: queries, qrels: qrels)
    }

    /// Parses a BEIR qrels file: tab-separated `query-id corpus-id score`, the first line a header.
    /// - Throws: ``BenchmarkError`` for an unreadable file or a line without three fields.
    static func readQrels(_ path: String) throws -> [String: Judgments] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchmarkError("cannot read \(path)") }
        var qrels: [String: Judgments] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n").enumerated() {
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\r" })
            if number == 0 && fields.first == "query-id" { continue }
            if fields.isEmpty { continue }
            guard fields.count >= 3, let grade = Int(fields[2]) else {
                throw BenchmarkError("\(path):\(number + 1): expected 'query-id<TAB>corpus-id<TAB>score'")
            }
            qrels[String(fields[0]), default: [:]][String(fields[1])] = grade
        }
        return qrels
    }
}
