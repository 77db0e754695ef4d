/// Lookups by document id over a snapshot, for index updates (`searchctl index` skipping
/// unchanged documents and removing those of deleted files; `searchctl delete`).
extension IndexReader {
    /// The ids of every live document in this snapshot, in global doc order.
    public func liveDocumentIDs() throws(IndexError) -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(documentCount)
        for segment in segments {
            for doc in 0..<Int32(segment.info.docCount) where !segment.isDeleted(doc) {
                ids.append(try segment.store.id(doc))
            }
        }
        return ids
    }

    /// The live document with this id, or `nil` when there is none.
    ///
    /// A term lookup of the id per segment (newest first): no scan of the store.
    public func storedDocument(id: String) throws(IndexError) -> StoredDocument? {
        let key = IndexWriter.idKey(id)
        for segment in segments.reversed() {
            guard let term = try segment.termInfo(key) else { continue }
            let postings = try segment.postings(term)
            while try postings.next() != PostingsIterator.exhausted {
                let doc = postings.doc
                if segment.isDeleted(doc) { continue }
                let stored = try segment.document(doc)
                // The id term is exact; the stored id confirms it (a damaged index is no excuse
                // for skipping an update).
                if stored.id == id { return stored }
            }
        }
        return nil
    }

    /// Whether a live document has this id.
    public func contains(id: String) throws(IndexError) -> Bool {
        let key = IndexWriter.idKey(id)
        for segment in segments {
            guard let term = try segment.termInfo(key) else { continue }
            let postings = try segment.postings(term)
            while try postings.next() != PostingsIterator.exhausted {
                if !segment.isDeleted(postings.doc) { return true }
            }
        }
        return false
    }
}
