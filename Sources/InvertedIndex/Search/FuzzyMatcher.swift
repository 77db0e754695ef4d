/// Edit distance (Damerau–Levenshtein, optimal string alignment, in Unicode scalars) to a
/// fixed word for a stream of terms in sorted order, reusing the table rows of the common
/// prefix with the previous term; and, when a term's prefix is already too far away, the
/// next place in the sorted dictionary where a match can still start (``resume(after:)``).
///
/// The rows play the part of a Levenshtein automaton's states, built lazily along the
/// terms the walk visits: a row whose minimum exceeds the bound is a dead state, and the next
/// scalars that keep a row alive are either any scalar (when a scalar absent from the word
/// keeps it alive) or some of the word's own scalars.
struct FuzzyMatcher {
    private let query: [Unicode.Scalar]
    private let maxEdits: Int
    /// The word's distinct scalars, ascending: the only next scalars that can do better than
    /// one absent from the word.
    private let alphabet: [Unicode.Scalar]
    private var previous: [Unicode.Scalar] = []
    /// Row `i` (the distances after a term's first `i` scalars) at `i * (query.count + 1)`;
    /// only its cells within `maxEdits` of the diagonal (and one either side) are kept.
    private var rows: [Int]
    /// Rows 0...computed are valid for `previous`.
    private var computed = 0

    /// After ``distance(_:)`` returned `nil` because the term's first `deadPrefix` scalars are
    /// already more than `maxEdits` away: that length (every term with that prefix fails too).
    private(set) var deadPrefix: Int?

    init(_ word: String, maxEdits: Int) {
        query = Array(word.unicodeScalars)
        self.maxEdits = maxEdits
        alphabet = Array(Set(query)).sorted { $0.value < $1.value }
        rows = Array(0...query.count)
    }

    /// The distance to `term`, or `nil` when it is more than `maxEdits`.
    mutating func distance(_ term: [Unicode.Scalar]) -> Int? {
        var common = 0
        while common < term.count && common < previous.count && term[common] == previous[common] { common += 1 }
        // Copied in place: the caller reuses its array (sharing it would copy on its next write).
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
        computed = min(computed, common)
        if let dead = deadPrefix {
            if dead <= computed { return nil }
            deadPrefix = nil
        }
        let m = query.count
        let width = m + 1
        if rows.count < (term.count + 1) * width {
            rows.append(contentsOf: repeatElement(0, count: (term.count + 1) * width - rows.count))
        }
        let bound = maxEdits
        let band = max(maxEdits, 0)
        let query = self.query
        var i = computed
        var dead = false
        rows.withUnsafeMutableBufferPointer { rows in
            query.withUnsafeBufferPointer { query in
                term.withUnsafeBufferPointer { term in
                    while i < term.count {
                        i += 1
                        let smallest = Self.computeRow(
                            rows, query, level: i - 1, next: term[i - 1], previous: i > 1 ? term[i - 2] : nil, band: band,
                            store: true)
                        if smallest > bound {
                            dead = true
                            return
                        }
                    }
                }
            }
        }
        computed = i
        if dead {
            deadPrefix = i
            return nil
        }
        // Cells more than `band` off the diagonal are not computed: their distance exceeds it.
        guard abs(term.count - m) <= band else { return nil }
        let result = rows[term.count * width + m]
        return result <= maxEdits ? result : nil
    }

    /// Where the next term that can match starts, after ``distance(_:)`` returned `nil` for
    /// `term` with ``deadPrefix`` set: keep the term's first `keep` scalars, then either
    /// `next` (the smallest scalar after `term[keep]` that keeps the prefix alive) or, when
    /// `next` is `nil`, any scalar after `term[keep]` (continue past every term starting with
    /// the first `keep + 1` scalars). `nil`: no later term can match.
    /// - Complexity: O(k · a · m) for the dead prefix's length k, the word's distinct scalars
    ///   a and its length m; in practice a few rows.
    func resume(after term: [Unicode.Scalar]) -> (keep: Int, next: Unicode.Scalar?)? {
        guard let dead = deadPrefix else { return nil }
        var level = dead - 1
        while level >= 0 {
            // A scalar absent from the word: its row is the same for all of them.
            if rowMinimum(term, level: level, next: nil) <= maxEdits { return (level, nil) }
            let current = term[level]
            var low = 0
            var high = alphabet.count
            while low < high {
                let middle = (low + high) / 2
                if alphabet[middle].value <= current.value { low = middle + 1 } else { high = middle }
            }
            for scalar in alphabet[low...] where rowMinimum(term, level: level, next: scalar) <= maxEdits {
                return (level, scalar)
            }
            level -= 1
        }
        return nil
    }

    /// The minimum of the row after `term`'s first `level` scalars (rows valid) followed by
    /// `next` (`nil`: a scalar absent from the word).
    private func rowMinimum(_ term: [Unicode.Scalar], level: Int, next: Unicode.Scalar?) -> Int {
        let band = max(maxEdits, 0)
        let previous = level > 0 ? term[level - 1] : nil
        // Read only: with `store` false, the mutable view is never written.
        return rows.withUnsafeBufferPointer { rows in
            query.withUnsafeBufferPointer { query in
                Self.computeRow(
                    UnsafeMutableBufferPointer(mutating: rows), query, level: level, next: next, previous: previous,
                    band: band, store: false)
            }
        }
    }

    /// Computes row `level + 1` from rows `level` and `level − 1`, for the scalar `next`
    /// (`nil`: one absent from the word) after `previous` (the scalar before it, if any), and
    /// returns its minimum; with `store`, writes it into `rows`.
    ///
    /// Only the cells within `band` of the diagonal are computed (the others exceed the
    /// bound); the cells just outside are written as `band + 1` for the next row to read, and
    /// every value ≤ `band` is exact.
    private static func computeRow(
        _ rows: UnsafeMutableBufferPointer<Int>, _ query: UnsafeBufferPointer<Unicode.Scalar>, level: Int,
        next: Unicode.Scalar?, previous: Unicode.Scalar?, band: Int, store: Bool
    ) -> Int {
        let m = query.count
        let width = m + 1
        let i = level + 1
        let row = i * width
        let above = row - width
        let far = band + 1
        let low = max(1, i - band)
        let high = min(m, i + band)
        var smallest = i
        guard low <= high else { return smallest }
        var left = low == 1 ? i : far
        if store {
            rows[row] = i
            if low > 1 { rows[row + low - 1] = far }
            if high < m { rows[row + high + 1] = far }
        }
        for j in low...high {
            let cost = next == query[j - 1] ? 0 : 1
            var value = min(rows[above + j] + 1, left + 1, rows[above + j - 1] + cost)
            if let next, let previous, j > 1 && next == query[j - 2] && previous == query[j - 1] {
                value = min(value, rows[above - width + j - 2] + 1)
            }
            if store { rows[row + j] = value }
            left = value
            smallest = min(smallest, value)
        }
        return smallest
    }
}
