/// BM25 exactly as Lucene (8 and later) defines it, with exact document lengths:
///
///     idf(t)    = ln(1 + (N − df + 0.5) / (df + 0.5))
///     score(d)  = Σ_t idf(t) · tf / (tf + k1 · (1 − b + b · dl / avgdl))
///
/// N is the number of live documents in the whole index, df the live documents containing
/// the term, dl the document's field length in tokens, avgdl the field's mean length over
/// live documents — all index-wide, so a score does not depend on how the index is split into
/// segments. Unlike Tantivy, FTS5 and Bleve this omits the constant factor (k1 + 1): the
/// ranking is the same and scores are (k1 + 1)× smaller. Lucene quantizes dl to one byte; we do
/// not. A phrase's idf is the sum of its terms' idfs and its tf the number of matches.
public struct BM25: Sendable, Hashable {
    /// Term-frequency saturation.
    public var k1: Float
    /// Length normalization strength.
    public var b: Float

    /// Creates the similarity. The default `b` is Lucene's; the default `k1` is 1.5 rather than
    /// Lucene's 1.2: with the `english` analyzer it scored higher nDCG@10 on four of the five
    /// judged collections measured by the benchmark target (SciFact, Cranfield, CISI, NFCorpus;
    /// CACM fell 0.003), see the README's "Relevance" section. It was chosen on those
    /// collections, so treat it as tuned, not as a law.
    public init(k1: Float = 1.5, b: Float = 0.75) {
        self.k1 = k1
        self.b = b
    }

    /// The inverse document frequency of a term in `docFreq` of `documentCount` documents.
    public static func idf(docFreq: Int, documentCount: Int) -> Float {
        let n = Double(documentCount), df = Double(docFreq)
        return Float(log1p((n - df + 0.5) / (df + 0.5)))
    }

    /// Precomputed constants for one field: score = weight · tf / (tf + base + slope · dl).
    struct FieldNorm {
        let base: Float
        let slope: Float
        /// The parameters, kept for explanations.
        let bm25: BM25
        let averageLength: Float
        /// ``Reciprocals/table``, read once here: a global's every access checks its lazy
        /// initialization (a `swift_once` call per score).
        private let reciprocals: UnsafePointer<Float>

        init(_ bm25: BM25, averageLength: Float) {
            reciprocals = UnsafePointer(Reciprocals.table)
            base = bm25.k1 * (1 - bm25.b)
            slope = bm25.k1 * bm25.b / averageLength
            self.bm25 = bm25
            self.averageLength = averageLength
        }

        /// The explanation of one ``score(weight:freq:length:)``, with the same arithmetic;
        /// `boost`: the weight is `factor × idf` (a fuzzy expansion's similarity).
        func explain(
            _ label: String, weight: Float, freq: Float, length: UInt32, boost: (factor: Float, idf: Float)? = nil
        ) -> Explanation {
            let value = score(weight: weight, freq: freq, length: length)
            let weighing = boost.map { "boost=\($0.factor) × idf=\($0.idf) = \(weight)" } ?? "idf=\(weight)"
            return Explanation(
                value: value,
                summary: "\(label): \(weighing), tf=\(freq), dl=\(length), avgdl=\(averageLength), "
                    + "k1=\(bm25.k1), b=\(bm25.b) → \(value)")
        }

        /// `weight · tf / (tf + base + slope · dl)`, computed as
        /// `weight / (1 + (base + slope · dl) · (1 / tf))`: every Float step of that form rounds
        /// monotonically, so the result never decreases as tf grows or dl shrinks, and a bound
        /// computed from a block's largest tf and smallest dl is at least the score of each of
        /// its documents, exactly (pruning relies on this). `1 / tf` of small integer tfs comes
        /// from ``Reciprocals`` (the same Float values), leaving one division per score.
        @inline(__always)
        func score(weight: Float, freq: Float, length: UInt32) -> Float {
            weight / (1 + (base + slope * Float(length)) * (1 / freq))
        }

        /// ``score(weight:freq:length:)`` for an integer term frequency.
        @inline(__always)
        func score(weight: Float, termFrequency: UInt32, length: UInt32) -> Float {
            let reciprocal = termFrequency < Reciprocals.count ? reciprocals[Int(termFrequency)] : 1 / Float(termFrequency)
            return weight / (1 + (base + slope * Float(length)) * reciprocal)
        }
    }
}

/// `1 / Float(n)` for small n, computed once (a multiplication replaces a division per score).
enum Reciprocals {
    static let count: UInt32 = 256
    nonisolated(unsafe) static let table: UnsafeMutablePointer<Float> = {
        let table = UnsafeMutablePointer<Float>.allocate(capacity: Int(count))
        for n in 0..<Int(count) { table[n] = 1 / Float(n) }
        return table
    }()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
