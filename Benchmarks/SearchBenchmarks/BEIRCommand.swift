import InvertedIndex
import Tokenizer

/// `beir`: effectiveness of BM25 ranking on judged collections — nDCG@10 and Recall@k of
/// every judged query run as a disjunction of its words (what BEIR's BM25 baselines and the
/// peers harness's `--beir` runs do).
enum BEIRCommand {
    /// The collections `--all` runs, relative to `$SEARCH_DATA`.
    static let standardDatasets = [
        "beir/scifact", "classic/cranfield", "classic/cisi", "classic/cacm", "classic/nfcorpus-preprocessed",
    ]

    /// Scores of one collection.
    struct Result {
        var dataset: String
        var analyzer: String
        var documents: Int
        var queries: Int
        var k: Int
        var ndcgAt10: Double
        var recallAtK: Double
        var indexSeconds: Double
        var searchSeconds: Double
    }

    static func run(_ arguments: Arguments) throws {
        let analyzer = try PeersProtocol.analyzerOption(arguments)
        let k = try arguments.integer("k", default: 100, in: 1...100_000)
        var folders: [String]
        if arguments.flag("all") {
            guard let root = Environment.searchData else {
                throw UsageError("--all needs SEARCH_DATA (the shared data folder)")
            }
            folders = standardDatasets.map { root + "/" + $0 }
        } else {
            // A comma-separated list runs several collections in one go.
            folders = try arguments.required("dataset").split(separator: ",").map(String.init)
        }
        var results: [Result] = []
        for folder in folders {
            let result = try evaluate(BEIRDataset.load(folder), analyzer: analyzer, k: k)
            Report.printBEIRProgress(result)
            results.append(result)
        }
        print(Report.beirTable(results), terminator: "")
        let json = Report.beirJSON(results)
        if let path = arguments.string("json") { try OutputFile.write(json.serialized(pretty: true) + "\n", to: path) }
        print(json.serialized(pretty: true))
    }

    /// Indexes the collection in a temporary directory and scores every judged query.
    static func evaluate(_ dataset: BEIRDataset, analyzer: Analyzer, k: Int) throws -> Result {
        let directory = try TemporaryDirectory()
        let indexing = try Indexing.run(
            dataset.corpus.documents, textBytes: dataset.corpus.textBytes, into: directory.path, analyzer: analyzer)
        let reader = try IndexReader(directory: directory.path)
        var runs: [String: [String]] = [:]
        let searchStart = Timing.now()
        for (id, text) in dataset.queries {
            let query = QueryBuilding.bagOfWords(text, analyzer: reader.analyzer)
            guard QueryBuilding.hasPositiveClause(query) else { continue }
            let hits = try reader.search(query, limit: k).hits
            runs[id] = Metrics.trecOrder(try hits.map { (try reader.document($0.doc).id, $0.score) })
        }
        let searchSeconds = Double(Timing.now() - searchStart) / 1e9
        let scores = Metrics.evaluate(runs: runs, qrels: dataset.qrels, ndcgDepth: 10, recallDepth: k)
        return Result(
            dataset: dataset.name, analyzer: analyzer.name, documents: dataset.corpus.documents.count,
            queries: dataset.qrels.count, k: k, ndcgAt10: scores.ndcg, recallAtK: scores.recall,
            indexSeconds: indexing.seconds, searchSeconds: searchSeconds)
    }
}
