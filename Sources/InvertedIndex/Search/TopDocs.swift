/// One ranked result.
public struct SearchHit: Sendable, Hashable {
    /// The document's global id in this reader's snapshot.
    public var doc: Int32
    /// Its BM25 score.
    public var score: Float
}

/// The results of a search.
public struct SearchResults: Sendable {
    /// Matching documents, all of them counted (a lower bound when ``totalHitsIsExact`` is false).
    public var totalHits: Int
    /// The requested page of hits, best first; equal scores in doc-id order.
    public var hits: [SearchHit]
    /// Whether ``totalHits`` is exact; a pruning search (``SearchOptions/exactCount`` false)
    /// counts only the documents it visited once the top hits filled up.
    public var totalHitsIsExact: Bool = true
    /// With ``SearchOptions/collectHighlightTerms``: the analyzed terms of the query's positive
    /// clauses, expansions included (as ``IndexReader/highlightTerms(_:)``); else empty.
    public var highlightTerms: Set<[UInt8]> = []
}

/// Keeps the best `capacity` hits seen: a binary min-heap whose root is the worst kept hit.
struct TopDocsCollector {
    let capacity: Int
    private(set) var heap: [SearchHit] = []

    init(capacity: Int) {
        self.capacity = capacity
        heap.reserveCapacity(min(capacity, 1 << 16))
    }

    /// Whether `a` ranks below `b`: lower score, or the same score and a larger doc id.
    @inline(__always)
    static func isWorse(_ a: SearchHit, _ b: SearchHit) -> Bool {
        a.score < b.score || (a.score == b.score && a.doc > b.doc)
    }

    /// The score a new hit must beat once the collector is full; `nil` before.
    var worstScore: Float? { heap.count == capacity && capacity > 0 ? heap[0].score : nil }

    mutating func collect(_ hit: SearchHit) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(hit)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard Self.isWorse(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if Self.isWorse(heap[0], hit) {
            heap[0] = hit
            var parent = 0
            while true {
                var worst = parent
                let left = 2 * parent + 1, right = left + 1
                if left < heap.count && Self.isWorse(heap[left], heap[worst]) { worst = left }
                if right < heap.count && Self.isWorse(heap[right], heap[worst]) { worst = right }
                if worst == parent { break }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
    }

    /// Collects document `doc` of the segment starting at global id `base`, a document after
    /// every one offered so far, if `score` is more than `worst` (the caller's copy of
    /// ``worstScore``, −∞ until the collector is full): a later document loses ties, so only a
    /// strictly greater score enters. Updates `worst`.
    @inline(__always)
    mutating func collect(_ doc: Int32, base: Int32, score: Float, above worst: inout Float) {
        guard score > worst else { return }
        collect(SearchHit(doc: base + doc, score: score))
        if let newWorst = worstScore { worst = newWorst }
    }

    /// The kept hits, best first.
    func sorted() -> [SearchHit] { heap.sorted { Self.isWorse($1, $0) } }
}
