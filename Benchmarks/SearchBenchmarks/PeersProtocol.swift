import Foundation
import InvertedIndex
import Tokenizer

/// The external-engine protocol of the peers harness (`tools/peers/README.md`): `build` makes
/// an index from `{"id","title","body"}` JSON lines; `query` answers jobs
/// `{"qid","mode","clauses":[[kind, text(, sign)], ...]}` and writes one result line per job:
/// `{"qid","mode","ids","scores","latency_ns"}`.
///
/// A latency is what the peers' drivers time too: building the query object from the clauses
/// (including analysis), the search, and reading each hit's stored id.
enum PeersProtocol {
    /// `build --docs FILE --index DIR [--threads N] [--info FILE] [--analyzer NAME] [--store all|ids]
    /// [--memory MB]`.
    ///
    /// One writer, one commit, documents streamed from the file as they are read, with
    /// `--threads` inverting threads (0: all cores) and `--memory MB` (default 256).
    static func build(_ arguments: Arguments) throws {
        let docsPath = try arguments.required("docs")
        let indexPath = try arguments.required("index")
        let threads = try arguments.integer("threads", default: 1)
        let memory = try arguments.integer("memory", default: 256, in: 1...1 << 20)
        let analyzer = try analyzerOption(arguments)
        let storeName = arguments.string("store") ?? "all"
        guard let store = StoreMode(named: storeName) else {
            throw BenchmarkError("unknown --store '\(storeName)'; choose all or ids")
        }
        let used = threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount
        let result = try Indexing.stream(
            path: docsPath, into: indexPath, analyzer: analyzer, store: store, threads: used,
            memoryBudget: memory << 20)
        if let infoPath = arguments.string("info") {
            let info = JSONValue.object([
                ("docs", .int(result.documents)), ("segments", .int(result.segments)),
                ("analyzer", .string(analyzer.name)), ("store", .string(store.rawValue)),
                ("threads_requested", .int(threads)), ("threads_used", .int(used)),
                ("index_seconds", .rounded(result.seconds)), ("index_bytes", .int(result.size.totalBytes)),
                ("stored_fields_bytes", .int(result.size.storedFieldsBytes)),
            ])
            try OutputFile.write(info.serialized(pretty: true) + "\n", to: infoPath)
        }
        MemoryCommand.reportPeakIfAsked()
    }

    /// `query --index DIR --jobs FILE --out FILE --k K --repeat N --warmup N --warmup-s S [--info FILE]`.
    static func query(_ arguments: Arguments) throws {
        let indexPath = try arguments.required("index")
        let jobsPath = try arguments.required("jobs")
        let outPath = try arguments.required("out")
        let k = try arguments.integer("k", default: 10, in: 1...1_000_000)
        let repeats = try arguments.integer("repeat", default: 5)
        let warmupPasses = try arguments.integer("warmup", default: 1)
        let warmupSeconds = try arguments.number("warmup-s", default: 0)

        let (openSeconds, reader) = try Timing.measure { try IndexReader(directory: indexPath) }
        let jobs = try Job.load(path: jobsPath)

        // The reported pass, then warm-up passes (at least `warmup`, and at least `warmup-s`
        // seconds of them: caches, branch predictors and page faults settle), then timed ones.
        let reported = try jobs.map { try execute($0, reader: reader, k: k) }
        let warmupStart = Timing.now()
        var passes = 0
        while passes < warmupPasses || Double(Timing.now() - warmupStart) / 1e9 < warmupSeconds {
            for job in jobs { _ = try execute(job, reader: reader, k: k) }
            passes += 1
            if jobs.isEmpty { break }
        }
        var latencies = [[UInt64]](repeating: [], count: jobs.count)
        for _ in 0..<repeats {
            for (index, job) in jobs.enumerated() {
                let start = Timing.now()
                _ = try execute(job, reader: reader, k: k)
                latencies[index].append(Timing.now() - start)
            }
        }

        var out = ""
        for (index, job) in jobs.enumerated() {
            let hits = reported[index]
            let line = JSONValue.object([
                ("qid", .string(job.qid)), ("mode", .string(job.mode.rawValue)),
                ("ids", .array(hits.map { .string($0.id) })),
                ("scores", .array(hits.map { .number(Double($0.score)) })),
                ("latency_ns", .array(latencies[index].map { .int(Int($0)) })),
            ])
            out += line.serialized() + "\n"
        }
        try OutputFile.write(out, to: outPath)
        if let infoPath = arguments.string("info") {
            let info = JSONValue.object([
                ("open_ms", .rounded(openSeconds * 1000)), ("segments", .int(reader.segmentInfos.count)),
                ("docs", .int(reader.documentCount)), ("analyzer", .string(reader.analyzer.name)),
                ("warmup_passes", .int(passes)),
            ])
            try OutputFile.write(info.serialized(pretty: true) + "\n", to: infoPath)
        }
    }

    /// Builds the job's query, searches (pruned: the peers' top-k collectors do not count
    /// every match either), and reads the stored id of every hit.
    static func execute(_ job: Job, reader: IndexReader, k: Int) throws -> [(id: String, score: Float)] {
        let query = job.query(analyzer: reader.analyzer)
        guard QueryBuilding.hasPositiveClause(query) else { return [] }
        let results = try reader.search(query, limit: k, options: SearchOptions(exactCount: false, countThreshold: 0))
        return try results.hits.map { hit in (try reader.documentID(hit.doc), hit.score) }
    }

    /// The `--analyzer` option (default `standard`).
    static func analyzerOption(_ arguments: Arguments) throws(UsageError) -> Analyzer {
        let name = arguments.string("analyzer") ?? Analyzer.default.name
        guard let analyzer = Analyzer(named: name) else {
            throw UsageError(
                "--analyzer must be one of \(Analyzer.Kind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'"
            )
        }
        return analyzer
    }
}

/// One line of a jobs file.
struct Job {
    enum Mode: String { case or, and }

    /// One clause: `["words"|"phrase", text]`, optionally with `"+"` or `"-"`.
    struct Clause {
        var isPhrase: Bool
        var text: String
        var sign: String?
    }

    var qid: String
    var mode: Mode
    var clauses: [Clause]

    /// The query: `+` → must, `-` → must not, unmarked → should in "or" mode, must in "and".
    func query(analyzer: Analyzer) -> Query {
        var result: [Query.Clause] = []
        for clause in clauses {
            let occur: Query.Occur =
                switch clause.sign {
                case "+": .must
                case "-": .mustNot
                default: mode == .or ? .should : .must
                }
            if clause.isPhrase {
                result.append(Query.Clause(occur: occur, field: .text, kind: .phrase(clause.text, slop: 0)))
            } else {
                result += QueryBuilding.wordClauses(clause.text, occur: occur, analyzer: analyzer)
            }
        }
        return Query(clauses: result)
    }

    /// Reads a jobs file.
    /// - Throws: ``BenchmarkError`` naming the first malformed job.
    static func load(path: String) throws -> [Job] {
        var jobs: [Job] = []
        try JSONLines.forEachObject(path: path) { object in
            guard let qid = object.string("qid"), let mode = object.string("mode").flatMap(Mode.init(rawValue:)),
                let rawClauses = object["clauses"] as? [Any]
            else {
                throw BenchmarkError("\(path): job \(jobs.count + 1) needs \"qid\", \"mode\" (or/and) and \"clauses\"")
            }
            var clauses: [Clause] = []
            for raw in rawClauses {
                guard let parts = raw as? [Any], parts.count >= 2, let kind = parts[0] as? String,
                    kind == "words" || kind == "phrase", let text = parts[1] as? String
                else { throw BenchmarkError("\(path): job \(qid) has a malformed clause") }
                clauses.append(
                    Clause(isPhrase: kind == "phrase", text: text, sign: parts.count > 2 ? parts[2] as? String : nil))
            }
            jobs.append(Job(qid: qid, mode: mode, clauses: clauses))
        }
        return jobs
    }
}
