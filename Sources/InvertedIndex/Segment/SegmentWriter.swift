/// Serializes a ``SegmentBuilder`` into the files of one immutable segment, each fsynced.
enum SegmentWriter {
    /// Bytes each streamed file buffers before it is written (a flush and a merge write
    /// three at once, while every other thread may be flushing too: memory beside the
    /// budget, so small).
    static let flushBytes = 256 << 10

    /// Writes segment `id` into `directory` and returns its manifest entry.
    static func write(_ builder: SegmentBuilder, id: UInt64, directory: String) throws(IndexError) -> SegmentInfo {
        var info = SegmentInfo(
            id: id, docCount: builder.docCount,
            fieldLengths: builder.lengths.map { $0.reduce(0) { $0 + UInt64($1) } })
        var dictionary = try TermDictionaryWriter(
            path: directory + "/" + info.fileName(.termDictionary), flushBytes: SegmentWriter.flushBytes)
        var postings = try PostingsWriter(
            postingsPath: directory + "/" + info.fileName(.postings),
            positionsPath: directory + "/" + info.fileName(.positions), flushBytes: SegmentWriter.flushBytes)
        let lengths = (builder.lengths + [[UInt32](repeating: 1, count: builder.docCount)]).map { column in
            let buffer = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: column.count)
            _ = buffer.initialize(from: column)
            return UnsafeBufferPointer(buffer)
        }
        defer { for buffer in lengths { buffer.deallocate() } }
        let idLengths = lengths[Field.scored.count]
        for termID in builder.terms.sortedIDs() {
            let key = builder.terms.key(termID)
            let field = Field(rawValue: key.first!)!
            let offsets = try builder.write(
                termID, into: &postings, lengths: field == .id ? idLengths : lengths[Int(field.rawValue)])
            try dictionary.add(
                key,
                TermInfo(
                    docFreq: builder.docFreq(termID), postingsOffset: offsets.postings, positionsOffset: offsets.positions))
        }
        try postings.finishFiles()
        try dictionary.finishFile()
        var store = builder.takeStore()
        let files: [(IndexFile.Kind, [UInt8])] = [
            (.norms, NormsWriter.serialize(lengths: builder.lengths, dates: builder.dates)),
            (.storedFields, store.finish()),
        ]
        for (kind, bytes) in files {
            try FileSystem.writeFile(directory + "/" + info.fileName(kind), bytes)
        }
        info.deletionGeneration = 0
        return info
    }
}
