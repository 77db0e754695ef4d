/// Documents whose date lies in a closed range (an open end is `nil`); documents without a date
/// never match. A filter: its score is 0.
final class DateFilterScorer: Scorer {
    private let norms: NormsReader
    private let docCount: Int32
    private let from: Int32
    private let to: Int32
    /// The range as given, for the explanation's label (made only when asked).
    private let range: (from: DocumentDate?, to: DocumentDate?)

    init(norms: NormsReader, docCount: Int, from: DocumentDate?, to: DocumentDate?) {
        self.norms = norms
        self.docCount = Int32(docCount)
        self.from = from?.daysSinceEpoch ?? (NormsReader.noDate &+ 1)
        self.to = to?.daysSinceEpoch ?? Int32.max
        range = (from, to)
    }

    override func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        var candidate = doc + 1
        while candidate < docCount {
            if let date = norms.date(candidate), date.daysSinceEpoch >= from, date.daysSinceEpoch <= to { break }
            candidate += 1
        }
        doc = candidate < docCount ? candidate : PostingsIterator.exhausted
        return doc
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        doc = target - 1
        return try next()
    }

    override func explain() -> Explanation {
        Explanation(
            value: 0,
            summary: "date:\(range.from?.description ?? "")..\(range.to?.description ?? "") (filter, no score)")
    }

    override func maxScore() -> Float { 0 }
}
