import Tokenizer

/// A short passage of a document with the query's terms marked, for result lists.
public struct Snippet: Sendable, Hashable {
    /// The passage; line breaks and tabs are shown as spaces, and `…` marks cut ends.
    public var text: String
    /// UTF-8 byte ranges in ``text`` of the query's terms.
    public var highlights: [Range<Int>]
    /// Where the passage comes from in the document body (UTF-8 byte range).
    public var sourceRange: Range<Int>

    /// Picks the passage of `body` of about `maxBytes` with the most distinct query terms.
    ///
    /// The body is analyzed with `analyzer`, so a highlighted word is exactly a word that
    /// matched: `transfusions` is marked for the query `transfusion` under stemming.
    /// - Parameters:
    ///   - body: The document text.
    ///   - terms: Analyzed query terms (``IndexReader/highlightTerms(_:)``).
    ///   - analyzer: The index's analyzer.
    ///   - maxBytes: Target passage length in bytes.
    public init(body: String, terms: Set<[UInt8]>, analyzer: Analyzer, maxBytes: Int = 240) {
        var matches: [(range: Range<Int>, term: [UInt8])] = []
        analyzer.forEachToken(in: body) { token in
            if terms.contains(where: { $0.elementsEqual(token.term) }) {
                matches.append((token.byteRange, Array(token.term)))
            }
        }
        let utf8 = Array(body.utf8)
        // The window starting at each match that holds the most distinct terms, then matches.
        var best = (start: 0, distinct: 0, count: 0)
        var end = 0
        for start in matches.indices {
            if end < start { end = start }
            while end + 1 < matches.count && matches[end + 1].range.upperBound - matches[start].range.lowerBound <= maxBytes {
                end += 1
            }
            let window = matches[start...end]
            let distinct = Set(window.map(\.term)).count
            if distinct > best.distinct || (distinct == best.distinct && window.count > best.count) {
                best = (start, distinct, window.count)
            }
        }
        var lower = 0
        if !matches.isEmpty {
            let first = matches[best.start].range
            // Start a little before the first match, at a word boundary.
            lower = max(0, first.lowerBound - maxBytes / 6)
            while lower > 0 && lower < first.lowerBound && !Snippet.isSpace(utf8[lower - 1]) { lower += 1 }
        }
        while lower < utf8.count && Snippet.isSpace(utf8[lower]) { lower += 1 }
        var upper = min(utf8.count, lower + maxBytes)
        if upper < utf8.count {
            var cut = upper
            while cut > lower && !Snippet.isSpace(utf8[cut]) { cut -= 1 }
            if cut > lower { upper = cut }
        }
        while upper > lower && upper < utf8.count && (utf8[upper] & 0xC0) == 0x80 { upper -= 1 }  // whole scalars only
        while upper > lower && Snippet.isSpace(utf8[upper - 1]) { upper -= 1 }
        sourceRange = lower..<upper
        let prefix: [UInt8] = lower > 0 ? Array("… ".utf8) : []
        let suffix: [UInt8] = upper < utf8.count ? Array(" …".utf8) : []
        var bytes = prefix
        bytes.append(contentsOf: utf8[lower..<upper].map { Snippet.isSpace($0) ? 0x20 : $0 })
        bytes.append(contentsOf: suffix)
        text = String(decoding: bytes, as: UTF8.self)
        highlights = matches.map(\.range).filter { $0.lowerBound >= lower && $0.upperBound <= upper }.map {
            ($0.lowerBound - lower + prefix.count)..<($0.upperBound - lower + prefix.count)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
