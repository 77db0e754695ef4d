/// The terms of one field within a bound of Damerau–Levenshtein (OSA) edits of a word, found
/// by intersecting a ``FuzzyMatcher`` with a term dictionary: the walk decodes a term, and when
/// a prefix of it is already too far from the word it seeks straight to the next prefix that
/// can still match (the next scalar that keeps the edit-distance row alive, or past the whole
/// subtree), the way Lucene intersects a Levenshtein automaton with its terms.
///
/// One walk serves every segment of an expansion (its buffers and rows are reused).
/// - Complexity: proportional to the dictionary terms whose prefixes stay within the bound
///   (plus one seek per dead prefix met), not to the dictionary's size.
struct FuzzyWalk {
    private var matcher: FuzzyMatcher
    /// The current term's scalars, and where each starts in its key (then the key's end).
    private var scalars: [Unicode.Scalar] = []
    private var offsets: [Int] = []
    /// Keys decoded so far (for tests of the walk's cost).
    private(set) var visited = 0

    /// A walk for terms within `maxEdits` edits of `word` (counted in Unicode scalars).
    init(_ word: String, maxEdits: Int) {
        matcher = FuzzyMatcher(word, maxEdits: maxEdits)
    }

    /// Calls `body` with the key, entry, distance and length in scalars of every term of
    /// `field` (a field byte) in `terms` within the bound, in key order.
    ///
    /// Keys are expected to be well-formed UTF-8 after the field byte (the analyzer writes
    /// them from Strings), so that byte order is scalar order; an ill-formed key is matched
    /// with U+FFFD for its bad sequences, and the walk does not seek from it.
    mutating func run(
        _ terms: TermDictionaryReader, field: UInt8,
        _ body: (UnsafeRawBufferPointer, TermInfo, _ distance: Int, _ length: Int) -> Void
    ) throws(IndexError) {
        try terms.forEachTerm(seekingFrom: [field]) { key, info, target in
            guard key.first == field else { return .stop }
            visited += 1
            let wellFormed = Self.decode(key, from: 1, into: &scalars, offsets: &offsets)
            if let distance = matcher.distance(scalars) {
                body(key, info, distance, scalars.count)
                return .next
            }
            guard wellFormed, matcher.deadPrefix != nil else { return .next }
            guard let (keep, next) = matcher.resume(after: scalars) else { return .stop }
            target.removeAll(keepingCapacity: true)
            if let next {
                target.append(contentsOf: key[..<offsets[keep]])
                UTF8.encode(next) { target.append($0) }
            } else {
                // Past every key starting with the first keep + 1 scalars.
                target.append(contentsOf: key[..<offsets[keep + 1]])
                while let last = target.last, last == 0xFF { target.removeLast() }
                guard !target.isEmpty else { return .stop }
                target[target.count - 1] += 1
            }
            return .seek
        }
    }

    /// The Unicode scalars of `key[start...]` into `scalars`, and into `offsets` the index in
    /// `key` where each starts followed by `key.count` (both replaced); ill-formed sequences
    /// become U+FFFD. Returns whether the bytes were well-formed UTF-8.
    static func decode(
        _ key: UnsafeRawBufferPointer, from start: Int, into scalars: inout [Unicode.Scalar], offsets: inout [Int]
    ) -> Bool {
        scalars.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        var wellFormed = true
        var offset = start
        while offset < key.count {
            offsets.append(offset)
            let byte = key[offset]
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
                offset += 1
                continue
            }
            var iterator = UnsafeRawBufferPointer(rebasing: key[offset...]).makeIterator()
            var parser = UTF8.ForwardParser()
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalars.append(UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                scalars.append(Unicode.Scalar(0xFFFD)!)
                offset += length
                wellFormed = false
            case .emptyInput:
                offset = key.count
            }
        }
        offsets.append(key.count)
        return wellFormed
    }
}
