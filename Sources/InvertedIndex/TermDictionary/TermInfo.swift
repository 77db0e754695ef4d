/// What the term dictionary records for one term in one segment.
public struct TermInfo: Sendable, Hashable {
    /// Documents of the segment containing the term (deleted ones included).
    public var docFreq: Int
    /// Start of the term's postings in the `.postings` file.
    public var postingsOffset: Int
    /// Start of the term's positions in the `.positions` file.
    public var positionsOffset: Int
}
