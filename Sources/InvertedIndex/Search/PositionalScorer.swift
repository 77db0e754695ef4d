/// The shared half of phrase scorers: a conjunction of the terms' postings (the
/// approximation), each candidate confirmed on positions (two-phase), scored by BM25 with the
/// phrase frequency a subclass computes from the terms' positions in the document.
class PositionalScorer: Scorer {
    /// One iterator per query token; a term repeated in the phrase ("to be or not to be")
    /// shares its first occurrence's iterator, so it is moved and decoded once.
    let postings: [PostingsIterator]
    /// For each query token, the first token with the same term (itself if none earlier).
    private let source: [Int]
    /// Each query token's position relative to the first token.
    let offsets: [Int32]
    private let weight: Float
    private let norm: BM25.FieldNorm
    private let norms: NormsReader
    private let field: Field
    private let label: String
    /// Positions of the current document, one reusable buffer per query token, filled on
    /// demand by ``positions(_:)`` (a subclass reads the cheapest terms first and may stop).
    private let buffers: UnsafeMutablePointer<PositionBuffer>
    /// The document each buffer holds (-1: none).
    private let loaded: UnsafeMutablePointer<Int32>
    /// `postings` without reference counting per candidate (`postings` keeps them alive).
    private let iterators: UnsafeMutablePointer<Unmanaged<PostingsIterator>>
    @exclusivity(unchecked) private var frequency: Float = 0
    /// The rarest term's iterator (by document frequency), which leads the conjunction.
    private let lead: PostingsIterator
    /// The other distinct terms' iterators, rarest first (a pointer walk: no reference
    /// counting per candidate).
    private let followers: UnsafeMutableBufferPointer<Unmanaged<PostingsIterator>>
    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    /// Whether the current (approximate) document was checked on positions, and the result.
    @exclusivity(unchecked) private var checked = true
    @exclusivity(unchecked) private var matched = true

    /// - Parameters:
    ///   - postings: One iterator per query token.
    ///   - offsets: Each token's position relative to the first token in the query.
    init(
        _ postings: [PostingsIterator], offsets: [Int32], weight: Float, norm: BM25.FieldNorm,
        norms: NormsReader, field: Field, label: String
    ) {
        var shared = postings
        var source = Array(postings.indices)
        for i in postings.indices {
            if let j = postings.indices.first(where: { $0 < i && postings[$0].readsSameTerm(as: postings[i]) }) {
                shared[i] = postings[j]
                source[i] = j
            }
        }
        self.postings = shared
        self.source = source
        self.offsets = offsets
        self.weight = weight
        self.norm = norm
        self.norms = norms
        self.field = field
        self.label = label
        buffers = .allocate(capacity: postings.count)
        for i in postings.indices { (buffers + i).initialize(to: PositionBuffer()) }
        loaded = .allocate(capacity: postings.count)
        loaded.initialize(repeating: -1, count: postings.count)
        iterators = .allocate(capacity: postings.count)
        for i in postings.indices { (iterators + i).initialize(to: Unmanaged.passUnretained(shared[i])) }
        // Distinct terms by increasing document frequency: the rarest leads the conjunction.
        let order = postings.indices.filter { source[$0] == $0 }.sorted { (postings[$0].docFreq, $0) < (postings[$1].docFreq, $1) }
        lead = postings[order[0]]
        followers = .allocate(capacity: order.count - 1)
        for (i, k) in order.dropFirst().enumerated() { followers[i] = Unmanaged.passUnretained(postings[k]) }
    }

    deinit {
        for i in postings.indices { buffers[i].deallocate() }
        buffers.deallocate()
        loaded.deallocate()
        iterators.deallocate()
        followers.deallocate()
    }

    /// The phrase frequency in the current document, from ``positions(_:)``; 0 when it does
    /// not match.
    func phraseFrequency() throws(IndexError) -> Float { fatalError("abstract") }

    /// Query token `token`'s positions in the current document (decoded on the first call per
    /// document; valid until the scorer moves).
    @inline(__always)
    final func positions(_ token: Int) throws(IndexError) -> UnsafeBufferPointer<Int32> {
        let term = source[token]
        if loaded[term] != doc {
            try Self.positions(iterators[term], into: &buffers[term])
            loaded[term] = doc
        }
        return buffers[term].positions
    }

    /// Query token `token`'s frequency in the current document.
    @inline(__always)
    final func freq(_ token: Int) -> Int32 {
        iterators[token]._withUnsafeGuaranteedRef { $0.freq }
    }

    @inline(__always)
    private static func advance(_ iterator: Unmanaged<PostingsIterator>, to target: Int32) throws(IndexError) -> Int32 {
        try iterator.withGuaranteedReference { iterator throws(IndexError) in try iterator.advance(to: target) }
    }

    @inline(__always)
    private static func positions(_ iterator: Unmanaged<PostingsIterator>, into buffer: inout PositionBuffer) throws(IndexError) {
        try iterator.withGuaranteedReference { iterator throws(IndexError) in
            try iterator.positions(into: &buffer)
        }
    }

    /// Whether a phrase frequency of at most `bound` in the current document cannot make the
    /// top hits (only once the collector has set a competitive score), so checking can stop.
    @inline(__always)
    final func cannotCompete(_ bound: Int) -> Bool {
        pruning && norm.score(weight: weight, freq: Float(bound), length: norms.length(field, doc)) <= minCompetitive
    }

    /// An upper bound of ``phraseFrequency()`` from the terms' frequencies in the current
    /// document (read before positions, to skip documents that cannot compete).
    func frequencyBound() -> Float { fatalError("abstract") }

    override final func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        try approximate(lead.next())
        return try settle()
    }

    override final func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc < target { try approximate(lead.advance(to: target)) }
        return try settle()
    }

    override final func advanceApproximation(to target: Int32) throws(IndexError) -> Int32 {
        if doc < target { try approximate(lead.advance(to: target)) }
        return doc
    }

    override final func confirm() throws(IndexError) -> Bool {
        if !checked {
            matched = try checkPositions()
            checked = true
        }
        return matched
    }

    /// Moves on from the approximation until a document is confirmed (or the end).
    private func settle() throws(IndexError) -> Int32 {
        while doc != PostingsIterator.exhausted, try !confirm() {
            try approximate(lead.next())
        }
        return doc
    }

    /// The approximation: the first document from `start` containing every term (rarest leads).
    private func approximate(_ start: Int32) throws(IndexError) {
        var candidate = start
        outer: while candidate != PostingsIterator.exhausted {
            for follower in followers {
                // `postings` keeps every iterator alive.
                let found = try Self.advance(follower, to: candidate)
                if found != candidate {
                    candidate = try lead.advance(to: found)
                    continue outer
                }
            }
            break
        }
        doc = candidate
        checked = false
    }

    /// A lone phrase query's search loop (what ``IndexReader/search`` does with ``next()`` and
    /// ``score()``): the rarest term's decoded block is walked in place, the other terms'
    /// postings are advanced directly (no dynamic call per candidate), and each document
    /// holding every term is confirmed on positions, as ``confirm()`` does (so, once `mayPrune`
    /// and `countThreshold` allow, a candidate whose frequency bound cannot beat the worst kept
    /// hit is not read). Same hits and scores as the generic loop.
    /// - Parameters:
    ///   - base: The segment's first global doc id.
    ///   - deletions: The segment's deleted documents (skipped, not counted).
    ///   - threshold: The minimum competitive score so far (`nil` before pruning starts);
    ///     updated as the collector fills.
    final func collectAll(
        into collector: inout TopDocsCollector, base: Int32, deletions: Deletions?, total: inout Int,
        threshold: inout Float?, mayPrune: Bool, countThreshold: Int
    ) throws(IndexError) {
        if let threshold { setMinCompetitiveScore(threshold) }
        var worst = collector.worstScore ?? -.infinity
        let followerCount = followers.count
        var candidate = try lead.next()
        documents: while candidate != PostingsIterator.exhausted {
            let (docs, _, start, count) = lead.currentBlock()
            let blockLast = Int32(docs[count - 1])
            var i = start
            block: while i < count {
                let doc = Int32(docs[i])
                for k in 0..<followerCount {
                    let found = try Self.advance(followers[k], to: doc)
                    if found == doc { continue }
                    if found > blockLast {
                        // Past the lead's block: its skip table finds the block.
                        candidate = try lead.advance(to: found)
                        continue documents
                    }
                    i += 1
                    while Int32(docs[i]) < found { i += 1 }
                    continue block
                }
                i += 1
                if let deletions, deletions.contains(doc) { continue }
                // Every term is at `doc`: the second phase reads the iterators there.
                lead.move(toBlockPosition: i - 1)
                self.doc = doc
                checked = false
                guard try confirm() else { continue }
                total += 1
                let score = self.score()
                collector.collect(doc, base: base, score: score, above: &worst)
                if mayPrune && worst > (threshold ?? -.infinity) && total >= countThreshold {
                    threshold = worst
                    setMinCompetitiveScore(worst)
                }
            }
            lead.finishBlock()
            candidate = try lead.next()
        }
        doc = PostingsIterator.exhausted
    }

    /// The second phase: whether the terms line up in the current document (skipped, as no
    /// match, when even the frequency bound cannot compete).
    private func checkPositions() throws(IndexError) -> Bool {
        if pruning {
            let bound = norm.score(weight: weight, freq: frequencyBound(), length: norms.length(field, doc))
            if bound <= minCompetitive { return false }
        }
        frequency = try phraseFrequency()
        return frequency > 0
    }

    override final func score() -> Float {
        norm.score(weight: weight, freq: frequency, length: norms.length(field, doc))
    }

    override final func explain() -> Explanation {
        norm.explain(label, weight: weight, freq: frequency, length: norms.length(field, doc))
    }

    /// weight / (1 + c / tf) ≤ weight in Float too.
    override final func maxScore() -> Float { weight }

    override final func setMinCompetitiveScore(_ score: Float) {
        pruning = true
        minCompetitive = score
    }
}
