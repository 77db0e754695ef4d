import TestSupport
import Foundation
import Testing

@testable import InvertedIndex
import Tokenizer

/// An exhaustive reference written independently of the index: it keeps each live document's
/// token streams and scores every document for every query with the BM25 formula in Double.
/// Sloppy phrases, prefix and fuzzy expansions follow the documented definitions by brute
/// force (every choice of positions; edit distance by the textbook table).
struct ReferenceIndex {
    struct Doc {
        var id: String
        var text: [(term: String, position: Int)]
        var title: [(term: String, position: Int)]
        var date: DocumentDate?
        var textCounts: [String: Int] = [:]
        var titleCounts: [String: Int] = [:]
    }

    /// A clause prepared for one query: analyzed, expanded, with its idf.
    indirect enum Weight {
        case terms(field: Field, tokens: [AnalyzedToken], idf: Double, slop: Int, avgdl: Double)
        case expansion(field: Field, terms: [(term: String, weight: Double)], avgdl: Double)
        case date(DocumentDate?, DocumentDate?)
        case group([(Query.Occur, Weight)])
    }

    let analyzer: Analyzer
    var docs: [Doc] = []  // live documents in global doc-id order

    mutating func add(_ document: Document) {
        docs.removeAll { $0.id == document.id }
        let title = analyzer.tokens(of: document.title).map { (term: $0.term, position: $0.position) }
        let next = (title.last?.position ?? -2) + 2
        let body = analyzer.tokens(of: document.body).map { (term: $0.term, position: $0.position + next) }
        var doc = Doc(id: document.id, text: title + body, title: title, date: document.date)
        for token in doc.text { doc.textCounts[token.term, default: 0] += 1 }
        for token in doc.title { doc.titleCounts[token.term, default: 0] += 1 }
        docs.append(doc)
        frozen = nil
    }

    /// Document frequencies and average lengths per field, computed once after indexing.
    struct Statistics {
        var docFreqs: [Field: [String: Int]] = [:]
        var averageLengths: [Field: Double] = [:]
    }
    private(set) var frozen: Statistics?

    /// Computes the statistics (call after the last change, before searching).
    mutating func freeze() {
        var statistics = Statistics()
        for field in [Field.text, .title] {
            var table: [String: Int] = [:]
            for doc in docs { for term in counts(doc, field).keys { table[term, default: 0] += 1 } }
            statistics.docFreqs[field] = table
            statistics.averageLengths[field] = docs.map { Double(stream($0, field).count) }.reduce(0, +) / Double(docs.count)
        }
        frozen = statistics
    }

    func counts(_ doc: Doc, _ field: Field) -> [String: Int] { field == .title ? doc.titleCounts : doc.textCounts }

    mutating func delete(_ id: String) {
        docs.removeAll { $0.id == id }
        frozen = nil
    }

    func stream(_ doc: Doc, _ field: Field) -> [(term: String, position: Int)] {
        field == .title ? doc.title : doc.text
    }

    func docFreq(_ term: String, _ field: Field) -> Int { frozen!.docFreqs[field]![term] ?? 0 }

    func idf(_ df: Int) -> Double {
        let n = Double(docs.count)
        return log(1 + (n - Double(df) + 0.5) / (Double(df) + 0.5))
    }

    func averageLength(_ field: Field) -> Double { frozen!.averageLengths[field]! }

    /// Optimal-string-alignment distance (adjacent transpositions count 1), full table.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let s = Array(a.unicodeScalars), t = Array(b.unicodeScalars)
        var d = [[Int]](repeating: [Int](repeating: 0, count: t.count + 1), count: s.count + 1)
        for i in 0...s.count { d[i][0] = i }
        for j in 0...t.count { d[0][j] = j }
        for i in stride(from: 1, through: s.count, by: 1) {
            for j in stride(from: 1, through: t.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] == t[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && s[i - 1] == t[j - 2] && s[i - 2] == t[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[s.count][t.count]
    }

    /// Expanded terms: those `similarity` accepts, by similarity (higher first), then more
    /// documents, then byte order; each weighs idf × similarity.
    func expand(_ field: Field, limit: Int, similarity: (String) -> Double?) -> [(term: String, weight: Double)] {
        let vocabulary = frozen!.docFreqs[field]!.keys
        var candidates: [(term: String, similarity: Double, df: Int)] = []
        for term in vocabulary {
            if let s = similarity(term) { candidates.append((term, s, docFreq(term, field))) }
        }
        candidates.sort {
            $0.similarity != $1.similarity ? $0.similarity > $1.similarity
                : $0.df != $1.df ? $0.df > $1.df : Array($0.term.utf8).lexicographicallyPrecedes(Array($1.term.utf8))
        }
        return candidates.prefix(limit).map { ($0.term, idf($0.df) * $0.similarity) }
    }

    /// Lucene's fuzzy similarity: 1 for the word itself, else 1 − edits / min(lengths in
    /// scalars); terms where that is not positive are no expansion.
    static func similarity(_ term: String, _ word: String, maxEdits: Int) -> Double? {
        let d = editDistance(term, word)
        guard d <= maxEdits else { return nil }
        if d == 0 { return 1 }
        let s = 1 - Double(d) / Double(min(term.unicodeScalars.count, word.unicodeScalars.count))
        return s > 0 ? s : nil
    }

    func prepare(_ query: Query) -> Weight? {
        var clauses: [(Query.Occur, Weight)] = []
        for clause in query.clauses {
            let field = clause.field
            var weight: Weight?
            switch clause.kind {
            case .words(let text), .phrase(let text, slop: _):
                var slop = 0
                if case .phrase(_, let s) = clause.kind { slop = s }
                let tokens = analyzer.tokens(of: text)
                if !tokens.isEmpty {
                    let idf = tokens.map { self.idf(docFreq($0.term, field)) }.reduce(0, +)
                    weight = .terms(field: field, tokens: tokens, idf: idf, slop: slop, avgdl: averageLength(field))
                }
            case .prefix(let text), .fuzzy(let text, maxEdits: _):
                let words = Analyzer.simple.tokens(of: text).map(\.term)
                if words.isEmpty { break }
                var terms: [(term: String, weight: Double)] = []
                if words.count == 1 {
                    if case .fuzzy(_, let edits) = clause.kind {
                        terms = expand(field, limit: 64) { Self.similarity($0, words[0], maxEdits: edits) }
                    } else {
                        terms = expand(field, limit: 128) { Array($0.utf8).starts(with: Array(words[0].utf8)) ? 1 : nil }
                    }
                }
                weight = .expansion(field: field, terms: terms, avgdl: averageLength(field))
            case .dateRange(let from, let to):
                weight = .date(from, to)
            case .group(let inner):
                weight = prepare(inner)
            }
            if let weight { clauses.append((clause.occur, weight)) }
        }
        return clauses.isEmpty ? nil : .group(clauses)
    }

    func bm25(idf: Double, tf: Double, dl: Int, avgdl: Double) -> Double {
        let k1 = 1.5, b = 0.75  // searchctl's defaults (BM25())
        return idf * tf / (tf + k1 * (1 - b + b * Double(dl) / max(avgdl, 1e-6)))
    }

    /// The sloppy frequency: per occurrence of the first token, the smallest span of adjusted
    /// positions over all choices of distinct positions, if ≤ slop, as 1/(span+1).
    func phraseFrequency(_ tokens: [AnalyzedToken], slop: Int, _ stream: [(term: String, position: Int)]) -> Double {
        let offsets = tokens.map { $0.position - tokens[0].position }
        let occurrences = tokens.map { token in stream.filter { $0.term == token.term }.map(\.position) }
        if slop == 0 {
            // Exact phrase: the positions are fixed by the anchor (the search below is
            // exponential in the phrase length, too slow for long documents).
            let sets = occurrences.map(Set.init)
            return Double(occurrences[0].filter { a in (1..<tokens.count).allSatisfy { sets[$0].contains(a + offsets[$0]) } }.count)
        }
        var tf = 0.0
        for anchor in occurrences[0] {
            var best = Int.max
            func choose(_ i: Int, _ used: [Int], _ low: Int, _ high: Int) {
                if i == tokens.count {
                    best = min(best, high - low)
                    return
                }
                for p in occurrences[i] where !used.contains(p) {
                    let a = p - offsets[i]
                    choose(i + 1, used + [p], min(low, a), max(high, a))
                }
            }
            choose(1, [anchor], anchor, anchor)
            if best <= slop { tf += 1 / Double(best + 1) }
        }
        return tf
    }

    /// The score of `weight` in `doc`, or nil when it does not match.
    func evaluate(_ weight: Weight, _ doc: Doc) -> Double? {
        switch weight {
        case .terms(let field, let tokens, let idf, let slop, let avgdl):
            let s = stream(doc, field)
            let c = counts(doc, field)
            guard tokens.allSatisfy({ c[$0.term] != nil }) else { return nil }
            let tf = tokens.count == 1 ? Double(c[tokens[0].term]!) : phraseFrequency(tokens, slop: slop, s)
            return tf > 0 ? bm25(idf: idf, tf: tf, dl: s.count, avgdl: avgdl) : nil
        case .expansion(let field, let terms, let avgdl):
            let s = stream(doc, field)
            let c = counts(doc, field)
            var total: Double?
            for (term, weight) in terms {
                let tf = c[term] ?? 0
                if tf > 0 { total = (total ?? 0) + bm25(idf: weight, tf: Double(tf), dl: s.count, avgdl: avgdl) }
            }
            return total
        case .date(let from, let to):
            guard let date = doc.date else { return nil }
            return (from.map { date >= $0 } ?? true) && (to.map { date <= $0 } ?? true) ? 0 : nil
        case .group(let clauses):
            var total = 0.0
            var hasMust = false, hasShould = false, matchedShould = false, hasFilter = false
            for (occur, clause) in clauses {
                let s = evaluate(clause, doc)
                if case .date = clause, occur != .mustNot {
                    hasFilter = true
                    if s == nil { return nil }
                    continue
                }
                switch occur {
                case .must:
                    hasMust = true
                    guard let s else { return nil }
                    total += s
                case .should:
                    hasShould = true
                    if let s {
                        total += s
                        matchedShould = true
                    }
                case .mustNot:
                    if s != nil { return nil }
                }
            }
            if !hasMust && hasShould && !matchedShould { return nil }
            if !hasMust && !hasShould && !hasFilter { return nil }
            return total
        }
    }

    /// All matching docs with scores, best first, ties by doc order.
    func search(_ query: Query) -> [(id: String, score: Double)] {
        guard let weight = prepare(query) else { return [] }
        var results: [(id: String, score: Double, order: Int)] = []
        for (order, doc) in docs.enumerated() {
            if let score = evaluate(weight, doc) { results.append((doc.id, score, order)) }
        }
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        return results.map { ($0.id, $0.score) }
    }
}

@Suite("BM25, phrases, booleans, expansions and dates against an exhaustive reference")
struct BruteForceSearchTests {
    static let vocabulary = [
        "blood", "transfusion", "alpha", "beta", "gamma", "delta", "river", "stone", "light", "night",
        "cat", "dog", "sun", "moon", "red", "blue", "green", "star", "sea", "tree",
        "stare", "start", "trees", "free", "seas",
    ]
    static let days = (0..<12).map { DocumentDate(daysSinceEpoch: 18_500 + Int32($0) * 30) }

    func randomText(_ count: Int, _ rng: inout SeededGenerator) -> String {
        // Skewed word choice so some terms are common and some rare.
        (0..<count).map { _ in
            let index = Int(Double(Self.vocabulary.count) * pow(Double.random(in: 0..<1, using: &rng), 2))
            return Self.vocabulary[index]
        }.joined(separator: " ")
    }

    /// A word with up to `edits` random edits (insert, delete, substitute, swap).
    func misspell(_ word: String, _ edits: Int, _ rng: inout SeededGenerator) -> String {
        var letters = Array(word)
        for _ in 0..<edits {
            let i = Int.random(in: 0..<letters.count, using: &rng)
            let letter = "aeiorstn".randomElement(using: &rng)!
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: letters.insert(letter, at: i)
            case 1: if letters.count > 1 { letters.remove(at: i) }
            case 2: letters[i] = letter
            default: if i + 1 < letters.count { letters.swapAt(i, i + 1) }
            }
        }
        return String(letters)
    }

    /// The kinds of clause: 0 term, 1 phrase, 2 sloppy phrase, 3 prefix, 4 fuzzy, 5 date, 6 group.
    func randomClause(_ rng: inout SeededGenerator, depth: Int) -> Query.Clause {
        let occur: Query.Occur = [.should, .should, .should, .must, .mustNot].randomElement(using: &rng)!
        let field: Field = Int.random(in: 0..<6, using: &rng) == 0 ? .title : .text
        let word = Self.vocabulary.randomElement(using: &rng)!
        let kind: Query.Kind
        switch Int.random(in: 0..<(depth < 2 ? 7 : 6), using: &rng) {
        case 0: kind = .words(Int.random(in: 0..<10, using: &rng) == 0 ? "zebra" : word)
        case 1: kind = .phrase(randomText(Int.random(in: 2...3, using: &rng), &rng), slop: 0)
        case 2: kind = .phrase(randomText(Int.random(in: 2...3, using: &rng), &rng), slop: Int.random(in: 1...4, using: &rng))
        case 3: kind = .prefix(String(word.prefix(Int.random(in: 1...4, using: &rng))))
        case 4:
            let edits = Int.random(in: 0...2, using: &rng)
            kind = .fuzzy(misspell(word, Int.random(in: 0...edits + 1, using: &rng), &rng), maxEdits: edits)
        case 5:
            let a = Self.days.randomElement(using: &rng)!, b = Self.days.randomElement(using: &rng)!
            let (from, to) = (min(a, b), max(a, b))
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: kind = .dateRange(from: from, to: nil)
            case 1: kind = .dateRange(from: nil, to: to)
            default: kind = .dateRange(from: from, to: to)
            }
        default:
            kind = .group(Query(clauses: (0..<Int.random(in: 1...3, using: &rng)).map { _ in randomClause(&rng, depth: depth + 1) }))
        }
        return Query.Clause(occur: occur, field: field, kind: kind)
    }

    func randomQuery(_ rng: inout SeededGenerator) -> Query {
        Query(clauses: (0..<Int.random(in: 1...4, using: &rng)).map { _ in randomClause(&rng, depth: 0) })
    }

    /// Every inner node's value is the sum of its details' values (in order, as the scorers add).
    func checkSums(_ node: Explanation, _ query: Query) {
        guard !node.details.isEmpty else { return }
        var total: Float = 0
        for detail in node.details { total += detail.value }
        #expect(total == node.value, "explanation of \(query): \(node)")
        for detail in node.details { checkSums(detail, query) }
    }

    @Test("top-k ids and scores equal exhaustive scoring", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func matchesReference(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        var reference = ReferenceIndex(analyzer: .simple)
        // Several commits (segments), updates of existing ids, and deletes.
        for batch in 0..<3 {
            // Odd seeds flush a segment every few documents, even seeds one per commit.
            let writer = try IndexWriter(
                directory: directory.path, analyzer: .simple, memoryBudget: seed % 2 == 1 ? 2 << 10 : 256 << 20)
            // Seed 5 merges at every commit (the default policy); 1 and 3 keep every segment.
            if seed != 5 { writer.mergePolicy = MergePolicy(mergeFactor: 1 << 30) }
            for _ in 0..<Int.random(in: 20...60, using: &rng) {
                let id = "doc\(Int.random(in: 0..<120, using: &rng))"
                let document = Document(
                    id: id, title: randomText(Int.random(in: 0...3, using: &rng), &rng),
                    date: Int.random(in: 0..<5, using: &rng) == 0 ? nil : Self.days.randomElement(using: &rng),
                    body: randomText(Int.random(in: 0...40, using: &rng), &rng))
                try writer.add(document)
                reference.add(document)
            }
            if batch > 0 {
                for _ in 0..<5 {
                    let id = "doc\(Int.random(in: 0..<120, using: &rng))"
                    writer.delete(id: id)
                    reference.delete(id)
                }
            }
            try writer.commit()
        }
        let reader = try IndexReader(directory: directory.path)
        reference.freeze()
        #expect(reader.documentCount == reference.docs.count)
        if seed % 2 == 1 && seed != 5 { #expect(reader.segmentInfos.count > 3, "small budgets flush several segments") }
        for _ in 0..<120 {
            let query = randomQuery(&rng)
            let expected = reference.search(query)
            let results = try reader.search(query, limit: 10)
            #expect(results.totalHits == expected.count, "total hits of \(query)")
            let actual = try results.hits.map { (try reader.document($0.doc).id, Double($0.score)) }
            #expect(actual.count == min(10, expected.count), "\(query)")
            let expectedScores = Dictionary(expected.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
            for (rank, hit) in actual.enumerated() {
                let want = try #require(expectedScores[hit.0], "\(hit.0) should not match \(query)")
                #expect(abs(want - hit.1) <= 1e-5 * max(1, want), "score of \(hit.0) for \(query)")
                // Same order, except among scores equal within float rounding.
                if abs(expected[rank].score - hit.1) > 1e-5 * max(1, hit.1) {
                    Issue.record("rank \(rank) of \(query): expected \(expected[rank]), got \(hit)")
                }
            }
            // Explanations carry the very numbers of the scores.
            let weight = try reader.weigh(query)
            for hit in results.hits.prefix(3) {
                let weighed = try #require(weight)
                let explanation = try #require(try reader.explain(weighed, doc: hit.doc), "\(query)")
                #expect(explanation.value == hit.score, "\(query): \(explanation)")
                checkSums(explanation, query)
            }
        }
    }
}
