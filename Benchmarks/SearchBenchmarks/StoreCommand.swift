import InvertedIndex

/// `store`: the cost of fetching a hit's stored fields from an existing index — the id
/// alone (what a query's hit list reads), the whole document, and the whole document with a
/// snippet (what `searchctl query` prints per hit) — in microseconds per document, best of
/// the passes, over the same pseudo-random sample of live documents.
enum StoreCommand {
    static func run(_ arguments: Arguments) throws {
        guard let directory = arguments.string("index") else { throw UsageError("store needs --index DIR") }
        let sampleCount = try arguments.integer("samples", default: 20_000, in: 1...10_000_000)
        let passes = try arguments.integer("passes", default: 3, in: 1...1_000)
        let reader = try IndexReader(directory: directory)
        let (total, stored) = reader.diskUsage
        let docCount = reader.documentCount
        guard docCount > 0 else { throw UsageError("the index at \(directory) is empty") }
        // Global doc ids (deleted documents keep their stored fields, so any id will do), in a
        // fixed pseudo-random order (SplitMix64).
        let maxDoc = reader.segmentInfos.reduce(0) { $0 + $1.docCount }
        var state: UInt64 = 0x5EED
        var docs: [Int32] = []
        while docs.count < sampleCount {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            let doc = Int32(truncatingIfNeeded: (z ^ (z >> 31)) % UInt64(maxDoc))
            docs.append(doc)
        }
        let terms = reader.highlightTerms(try QueryParser.parse("history of the world war city"))
        func best(_ body: (Int32) throws -> Int) rethrows -> Double {
            var seconds = Double.infinity
            for _ in 0..<passes {
                var sink = 0
                let (elapsed, _) = try Timing.measure { for doc in docs { sink &+= try body(doc) } }
                Timing.blackHole(sink)
                seconds = min(seconds, elapsed)
            }
            return seconds / Double(docs.count) * 1e6
        }
        let id = try best { try reader.documentID($0).utf8.count }
        let document = try best { try reader.document($0).body.utf8.count }
        let snippet = try best { doc in
            let stored = try reader.document(doc)
            return Snippet(body: stored.body, terms: terms, analyzer: reader.analyzer).text.utf8.count
        }
        let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        print("index     \(directory): \(docCount) documents, \(mib(total)) (stored text \(mib(stored)))")
        print("samples   \(docs.count) documents, best of \(passes) passes")
        print(String(format: "id        %8.2f µs/doc", id))
        print(String(format: "document  %8.2f µs/doc", document))
        print(String(format: "+snippet  %8.2f µs/doc", snippet))
        print(
            String(
                format: #"{"documents":%d,"totalBytes":%d,"storedBytes":%d,"idMicros":%.3f,"documentMicros":%.3f,"snippetMicros":%.3f}"#,
                docCount, total, stored, id, document, snippet))
    }
}
