/// Documents where the terms occur at the query's relative positions: a conjunction of the
/// terms' postings (approximation), confirmed on positions (two-phase). The phrase's tf is the
/// number of positions where the whole phrase starts.
final class PhraseScorer: PositionalScorer {
    @exclusivity(unchecked) private var cursors: [Int] = []

    /// Counts start positions p with every token i at p + offsets[i].
    override func phraseFrequency() -> Float {
        // Reused between documents (an allocation per candidate showed in profiles).
        if cursors.count != postings.count { cursors = [Int](repeating: 0, count: postings.count) }
        for i in cursors.indices { cursors[i] = 0 }
        var matches = 0
        for start in lists[0] {
            let origin = start &- offsets[0]  // wrapping: damaged positions must not trap
            var all = true
            for i in 1..<postings.count {
                let wanted = origin &+ offsets[i]
                let list = lists[i]
                var cursor = cursors[i]
                while cursor < list.count && list[cursor] < wanted { cursor += 1 }
                cursors[i] = cursor
                if cursor == list.count || list[cursor] != wanted {
                    all = false
                    if cursor == list.count { return Float(matches) }
                    break
                }
            }
            if all { matches += 1 }
        }
        return Float(matches)
    }

    /// Each match uses a distinct position of every term: at most the smallest term frequency.
    override func frequencyBound() -> Float {
        var bound = Int32.max
        for iterator in postings { bound = min(bound, iterator.freq) }
        return Float(bound)
    }
}
