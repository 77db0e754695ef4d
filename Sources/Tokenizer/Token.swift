/// One token produced by an ``Analyzer``: the folded term bytes, its position in the token
/// stream, and the byte range of the text it came from.
///
/// `term` points into the analyzer's reusable scratch buffer and is valid only inside the
/// callback that receives the token; copy it (``termString`` or `Array(term)`) to keep it.
public struct Token {
    /// The normalized term, UTF-8. Never empty. Valid only during the callback.
    public let term: UnsafeBufferPointer<UInt8>
    /// Zero-based position in the document's token stream (phrase queries compare these).
    public let position: Int
    /// The bytes of the original text this token was made from (for highlighting).
    public let byteRange: Range<Int>

    /// Creates a token view.
    @inlinable
    public init(term: UnsafeBufferPointer<UInt8>, position: Int, byteRange: Range<Int>) {
        self.term = term
        self.position = position
        self.byteRange = byteRange
    }

    /// The term as a `String` (allocates; for tests, tools and debugging, not hot paths).
    public var termString: String { String(decoding: term, as: UTF8.self) }
}

/// An owned copy of a ``Token``, for callers that want an array of tokens.
public struct AnalyzedToken: Sendable, Hashable, Codable {
    /// The normalized term.
    public var term: String
    /// Zero-based position in the token stream.
    public var position: Int
    /// Byte range in the original UTF-8 text.
    public var byteRange: Range<Int>

    /// Creates an owned token.
    public init(term: String, position: Int, byteRange: Range<Int>) {
        self.term = term
        self.position = position
        self.byteRange = byteRange
    }
}
