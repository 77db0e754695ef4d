extension IndexReader {
    /// Only the stored id of a global doc id (path or JSON-lines id): cheaper than
    /// ``document(_:)``, which also decodes the title and body.
    /// - Throws: ``IndexError`` when the stored fields turn out damaged.
    public func documentID(_ globalDoc: Int32) throws(IndexError) -> String {
        let (segment, doc) = locate(globalDoc)
        return try segments[segment].store.id(doc)
    }
}
