/// A term clause of a bulk search loop (``ConjunctionScorer/collectAll`` and
/// ``BooleanScorer/collectAll``) held without reference counting: the loop's array of
/// ``TermScorer``s keeps it alive.
struct UnmanagedTermClause {
    let scorer: Unmanaged<TermScorer>
    let postings: Unmanaged<PostingsIterator>
    /// Whether the term is in the lead's field (so the lead's length lookup serves).
    let sharesLeadField: Bool

    /// `term`, next to the loop's `lead` term.
    init(_ term: TermScorer, lead: TermScorer) {
        scorer = .passUnretained(term)
        postings = .passUnretained(term.postings)
        sharesLeadField = term.field == lead.field
    }

    /// Moves the term's postings to the first document ≥ `target`.
    @inline(__always)
    func advance(to target: Int32) throws(IndexError) -> Int32 {
        try postings.withGuaranteedReference { (postings) throws(IndexError) in try postings.advance(to: target) }
    }

    /// The term's score at `doc`, where its postings are.
    @inline(__always)
    func score(_ doc: Int32, leadLength: UInt32) -> Float {
        let freq = postings._withUnsafeGuaranteedRef { UInt32($0.freq) }
        return scorer._withUnsafeGuaranteedRef { $0.score(freq: freq, length: sharesLeadField ? leadLength : $0.length(doc)) }
    }
}
