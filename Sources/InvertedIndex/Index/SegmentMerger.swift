#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Merges segments into one: live documents only, in segment order then doc order, so the
/// merged segment ranks ties exactly as its inputs did.
///
/// Deleted documents are dropped with their statistics (the merged segment has no deletions
/// file, and its doc freqs and field lengths count live documents only), doc ids are
/// remapped, and every file is re-encoded by the ordinary writers: a k-way merge of the
/// sorted term dictionaries drives ``PostingsWriter`` and ``TermDictionaryWriter``;
/// ``NormsWriter`` and ``StoredFieldsWriter`` get the live documents' columns and records.
/// Files are written and fsynced before any manifest can reference them.
enum SegmentMerger {
    /// Writes segment `id` into `directory` from `readers` and returns its manifest entry,
    /// or `nil` when no document is live.
    static func merge(_ readers: [SegmentReader], id: UInt64, directory: String) throws(IndexError) -> SegmentInfo? {
        // Doc id remapping: -1 for deleted documents.
        var remap: [[Int32]] = []
        var lengths: [[UInt32]] = Field.scored.map { _ in [] }
        var dates: [Int32] = []
        // The stored text is the bulk of a segment: streamed to its file block by block.
        let storePath = directory + "/" + SegmentInfo(id: id, docCount: 0, fieldLengths: []).fileName(.storedFields)
        let storeFile = try FileOutput(path: storePath)
        var store = StoredFieldsWriter(reserving: 2 * SegmentWriter.flushBytes)
        var next: Int32 = 0
        for reader in readers {
            var map = [Int32](repeating: -1, count: reader.info.docCount)
            var records = StoredFieldsCursor(reader.store)
            for doc in 0..<Int32(reader.info.docCount) where !reader.isDeleted(doc) {
                map[Int(doc)] = next
                next += 1
                for field in Field.scored { lengths[Int(field.rawValue)].append(reader.norms.length(field, doc)) }
                dates.append(reader.norms.date(doc)?.daysSinceEpoch ?? NormsReader.noDate)
                // The store is recompressed block by block and streamed to its file.
                if let block = try records.copy(doc, into: &store) { reader.releaseStorePages(before: block) }
                if store.writer.count >= SegmentWriter.flushBytes { try store.drain(to: storeFile) }
            }
            reader.releaseStorePages()
            try reader.throwIfDamaged()
            remap.append(map)
        }
        let docCount = Int(next)
        guard docCount > 0 else {
            FileSystem.removeFile(storePath)
            return nil
        }
        try store.finish(streamingTo: storeFile)

        var cursors: [TermCursor] = []
        for reader in readers { cursors.append(try TermCursor(reader)) }
        let info = SegmentInfo(
            id: id, docCount: docCount, fieldLengths: lengths.map { $0.reduce(0) { $0 + UInt64($1) } })
        var postings = try PostingsWriter(
            postingsPath: directory + "/" + info.fileName(.postings),
            positionsPath: directory + "/" + info.fileName(.positions), flushBytes: SegmentWriter.flushBytes)
        var dictionary = try TermDictionaryWriter(
            path: directory + "/" + info.fileName(.termDictionary), flushBytes: SegmentWriter.flushBytes)
        var docs: [Int32] = [], freqs: [Int32] = [], positions: [Int32] = []
        let idLengths = [UInt32](repeating: 1, count: docCount)
        // The k is small (≤ the merge factor, or the segment count for an optimize): a linear
        // scan for the smallest key beats a heap's bookkeeping.
        var holders: [Int] = []
        var merged = 0
        while true {
            holders.removeAll(keepingCapacity: true)
            for c in cursors.indices where !cursors[c].isAtEnd {
                if holders.isEmpty {
                    holders.append(c)
                    continue
                }
                let order = cursors[c].compare(with: cursors[holders[0]])
                if order < 0 {
                    holders.removeAll(keepingCapacity: true)
                    holders.append(c)
                } else if order == 0 {
                    holders.append(c)
                }
            }
            guard let first = holders.first else { break }
            docs.removeAll(keepingCapacity: true)
            freqs.removeAll(keepingCapacity: true)
            positions.removeAll(keepingCapacity: true)
            for c in holders {
                let reader = readers[c]
                let map = remap[c]
                let iterator = try reader.postings(cursors[c].info)
                while true {
                    let doc = try iterator.next()
                    if doc == PostingsIterator.exhausted { break }
                    let target = map[Int(doc)]
                    if target < 0 { continue }
                    docs.append(target)
                    freqs.append(iterator.freq)
                    positions.removeAll(keepingCapacity: true)
                    try iterator.positions(into: &positions)
                    try positions.withUnsafeBufferPointer { p in
                        Result { () throws(IndexError) in try postings.addPositions(p) }
                    }.get()
                }
            }
            let key = cursors[first].key
            if !docs.isEmpty {
                let field = Field(rawValue: key.first!) ?? .text
                let offsets = try postings.finishTerm(
                    docs: docs, freqs: freqs, fieldLengths: field == .id ? idLengths : lengths[Int(field.rawValue)])
                let info = TermInfo(docFreq: docs.count, postingsOffset: offsets.postings, positionsOffset: offsets.positions)
                try key.withUnsafeBufferPointer { k in
                    Result { () throws(IndexError) in try dictionary.add(k, info) }
                }.get()
            }
            for c in holders { try cursors[c].advance() }
            merged += 1
            if merged % 1024 == 0 {
                for c in cursors.indices where !cursors[c].isAtEnd {
                    readers[c].releasePages(before: cursors[c].info)
                    readers[c].releaseDictionaryPages(beforeBlock: cursors[c].block, of: cursors[c].blockCount)
                }
            }
        }

        try postings.finishFiles()
        try dictionary.finishFile()
        try FileSystem.writeFile(
            directory + "/" + info.fileName(.norms), NormsWriter.serialize(lengths: lengths, dates: dates))
        return info
    }
}

/// One segment's term dictionary walked in key order, one block (≤ 32 entries) decoded at
/// a time into a flat key arena, so a merge holds no whole dictionary in memory.
private struct TermCursor {
    private let terms: TermDictionaryReader
    private(set) var block = -1
    private var arena: [UInt8] = []
    private var ends: [Int] = []
    private var infos: [TermInfo] = []
    private var index = 0

    init(_ reader: SegmentReader) throws(IndexError) {
        terms = reader.terms
        try advance()
    }

    var isAtEnd: Bool { index >= ends.count }
    var blockCount: Int { terms.blockCount }
    var info: TermInfo { infos[index] }
    private var start: Int { index == 0 ? 0 : ends[index - 1] }
    var key: ArraySlice<UInt8> { arena[start..<ends[index]] }

    /// Moves to the next key, decoding the next block when this one is done.
    mutating func advance() throws(IndexError) {
        index += 1
        guard index >= ends.count, block + 1 < terms.blockCount else { return }
        block += 1
        index = 0
        arena.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        infos.removeAll(keepingCapacity: true)
        try terms.scanBlock(block) { key, info throws(IndexError) in
            arena.append(contentsOf: key)
            ends.append(arena.count)
            infos.append(info)
            return true
        }
    }

    /// Unsigned byte order of this cursor's key against `other`'s.
    func compare(with other: TermCursor) -> Int {
        let a = start, la = ends[index] - a
        let b = other.start, lb = other.ends[other.index] - b
        let order = arena.withUnsafeBufferPointer { x in
            other.arena.withUnsafeBufferPointer { y in memcmp(x.baseAddress! + a, y.baseAddress! + b, min(la, lb)) }
        }
        return order != 0 ? Int(order) : la - lb
    }
}
