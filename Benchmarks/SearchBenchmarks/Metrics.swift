import Glibc

/// Relevance judgments of one query: document id → graded relevance (BEIR's `score` column).
typealias Judgments = [String: Int]

/// Ranking-effectiveness measures with `trec_eval` semantics — the numbers BEIR and the peers
/// harness (`evaluate.py`, which checks itself against `pytrec_eval`) report.
///
/// - nDCG@k: gain = the judged grade (0 when unjudged), discount = log2(rank + 1) with 1-based
///   ranks, normalized by the DCG of the ideal ranking of *all* judged documents of the
///   query (not only those retrieved). `trec_eval` uses the grades as gains as they are
///   (not 2^grade − 1), and so does this.
/// - Recall@k: relevant documents (grade > 0) in the top k / relevant documents judged.
/// - A query with judgments but no results scores 0 on both, and still counts in the mean.
enum Metrics {
    /// nDCG at depth `k` of `ranking` (document ids, best first).
    /// - Returns: A value in 0...1; 0 when the query has no relevant judgment.
    /// - Complexity: O(k + j log j) for j judgments.
    static func ndcg(ranking: [String], judgments: Judgments, k: Int = 10) -> Double {
        var dcg = 0.0
        for (rank, id) in ranking.prefix(k).enumerated() {
            let gain = Double(max(judgments[id] ?? 0, 0))
            if gain > 0 { dcg += gain / log2(Double(rank + 2)) }
        }
        let ideal = judgments.values.filter { $0 > 0 }.sorted(by: >).prefix(k)
        var idcg = 0.0
        for (rank, grade) in ideal.enumerated() { idcg += Double(grade) / log2(Double(rank + 2)) }
        return idcg > 0 ? dcg / idcg : 0
    }

    /// Recall at depth `k` of `ranking`.
    /// - Returns: A value in 0...1; 0 when the query has no relevant judgment.
    /// - Complexity: O(k).
    static func recall(ranking: [String], judgments: Judgments, k: Int = 100) -> Double {
        let relevant = judgments.values.filter { $0 > 0 }.count
        guard relevant > 0 else { return 0 }
        // A run could list a document twice; trec_eval counts it once.
        var seen = Set<String>()
        var found = 0
        for id in ranking.prefix(k) where seen.insert(id).inserted {
            if (judgments[id] ?? 0) > 0 { found += 1 }
        }
        return Double(found) / Double(relevant)
    }

    /// Mean nDCG@`ndcgDepth` and Recall@`recallDepth` over every judged query.
    /// - Parameters:
    ///   - runs: Query id → ranking. A judged query missing here scores 0.
    ///   - qrels: Query id → judgments; these queries define the mean.
    /// - Returns: The two means (0 when `qrels` is empty).
    static func evaluate(
        runs: [String: [String]], qrels: [String: Judgments], ndcgDepth: Int = 10, recallDepth: Int = 100
    ) -> (ndcg: Double, recall: Double) {
        guard !qrels.isEmpty else { return (0, 0) }
        var ndcgSum = 0.0
        var recallSum = 0.0
        for (query, judgments) in qrels {
            let ranking = runs[query] ?? []
            ndcgSum += ndcg(ranking: ranking, judgments: judgments, k: ndcgDepth)
            recallSum += recall(ranking: ranking, judgments: judgments, k: recallDepth)
        }
        return (ndcgSum / Double(qrels.count), recallSum / Double(qrels.count))
    }
}

extension Metrics {
    /// `hits` in `trec_eval`'s order: score descending, ties by document id descending.
    ///
    /// `trec_eval` (and `evaluate.py`, which imitates it) re-sorts a run by score and ignores
    /// the engine's own order among equal scores; ordering the same way keeps the nDCG printed
    /// here equal to the one the peers harness computes from the same hits.
    static func trecOrder(_ hits: [(id: String, score: Float)]) -> [String] {
        hits.sorted { a, b in a.score != b.score ? a.score > b.score : a.id > b.id }.map(\.id)
    }
}
