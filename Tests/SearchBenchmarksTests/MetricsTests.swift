import Testing

@testable import SearchBenchmarks

/// nDCG@10 and Recall@k against values computed by hand (trec_eval's definitions: gain = grade,
/// discount log2(rank + 1), ideal ranking from every judged relevant document).
@Suite struct MetricsTests {
    @Test func binaryNDCG() {
        // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.6309298.
        let value = Metrics.ndcg(ranking: ["a", "b", "c"], judgments: ["a": 1, "c": 1])
        #expect(abs(value - 1.5 / 1.6309297535714575) < 1e-12)
        #expect(abs(value - 0.9197207891481876) < 1e-12)
    }

    @Test func gradedNDCGUsesGradesAsGainsAndAllJudgmentsForTheIdeal() {
        // DCG = 2/log2(3) + 1/log2(4) = 1.7618595; the ideal has c (grade 2), never retrieved:
        // IDCG = 2/1 + 2/log2(3) + 1/log2(4) = 3.7618595.
        let value = Metrics.ndcg(ranking: ["x", "a", "b"], judgments: ["a": 2, "b": 1, "c": 2])
        #expect(abs(value - 1.7618595071429148 / 3.7618595071429148) < 1e-12)
    }

    @Test func ndcgCutsRankingAndIdealAtK() {
        let judgments = Dictionary(uniqueKeysWithValues: (0..<12).map { ("d\($0)", 1) })
        let ranking = (0..<12).map { "d\($0)" }
        #expect(abs(Metrics.ndcg(ranking: ranking, judgments: judgments, k: 10) - 1) < 1e-12)
        // A relevant document at rank 11 does not count at all.
        let late = ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "d0"]
        #expect(Metrics.ndcg(ranking: late, judgments: judgments, k: 10) == 0)
    }

    @Test func gradeZeroIsNotRelevantAndEmptyRankingsScoreZero() {
        #expect(Metrics.ndcg(ranking: ["a"], judgments: ["a": 0, "b": 1]) == 0)
        #expect(Metrics.ndcg(ranking: [], judgments: ["b": 1]) == 0)
        #expect(Metrics.ndcg(ranking: ["a"], judgments: ["a": 0]) == 0)
        #expect(Metrics.recall(ranking: ["a"], judgments: ["a": 0]) == 0)
    }

    @Test func recall() {
        let judgments: Judgments = ["a": 1, "c": 2, "d": 1, "z": 0]
        #expect(abs(Metrics.recall(ranking: ["a", "b", "c", "z"], judgments: judgments) - 2.0 / 3) < 1e-12)
        #expect(abs(Metrics.recall(ranking: ["a", "b", "c"], judgments: judgments, k: 1) - 1.0 / 3) < 1e-12)
        // A duplicated document counts once.
        #expect(abs(Metrics.recall(ranking: ["a", "a", "a"], judgments: judgments) - 1.0 / 3) < 1e-12)
    }

    @Test func meanCountsJudgedQueriesWithoutResultsAsZero() {
        let qrels: [String: Judgments] = ["q1": ["a": 1], "q2": ["b": 1]]
        let scores = Metrics.evaluate(runs: ["q1": ["a"], "unjudged": ["b"]], qrels: qrels)
        #expect(abs(scores.ndcg - 0.5) < 1e-12)
        #expect(abs(scores.recall - 0.5) < 1e-12)
    }

    @Test func trecOrderBreaksTiesByIdDescending() {
        let order = Metrics.trecOrder([("a", 1), ("c", 2), ("b", 2), ("d", 0.5)])
        #expect(order == ["c", "b", "a", "d"])
    }
}

@Suite struct PercentileTests {
    @Test func interpolatesBetweenClosestRanks() {
        // numpy.percentile([1, 2, 3, 4], [50, 99]) = [2.5, 3.97]
        #expect(Percentiles.value([1, 2, 3, 4], 0.5) == 2.5)
        #expect(abs(Percentiles.value([1, 2, 3, 4], 0.99) - 3.97) < 1e-12)
        #expect(Percentiles.value([7], 0.99) == 7)
        #expect(Percentiles.value([1, 2, 3], 0) == 1)
        #expect(Percentiles.value([1, 2, 3], 1) == 3)
    }

    @Test func summaryIsInMilliseconds() throws {
        let summary = try #require(LatencySummary(nanoseconds: [3_000_000, 1_000_000, 2_000_000]))
        #expect(summary.executions == 3)
        #expect(summary.p50Milliseconds == 2)
        #expect(summary.meanMilliseconds == 2)
        #expect(LatencySummary(nanoseconds: []) == nil)
    }
}
