/// The stored fields of one document, as returned with search results.
public struct StoredDocument: Sendable, Hashable {
    /// The document's id (a path or a JSON-lines id).
    public var id: String
    /// The title.
    public var title: String
    /// The date, if any.
    public var date: DocumentDate?
    /// The body text (for snippets).
    public var body: String
}

/// Layout constants of the `.store` file (see `FORMAT.md`).
enum StoreLayout {
    /// A block is compressed once its records reach this many bytes (a record is never split).
    static let blockTarget = 32 << 10
    /// Bytes of one block-table entry: `u64` offset, `u32` first doc, `u32` raw length.
    static let blockEntrySize = 16
    /// Bytes of the trailer: five `u64`s.
    static let trailerSize = 40
}
