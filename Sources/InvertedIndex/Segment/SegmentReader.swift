#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One open, immutable segment: its mapped files and readers over them.
///
/// Opening validates every file's header, the small files' checksums, the large files' page
/// checksum tables (their group checksums) and the tables that later reads index into; the
/// large files' pages are verified as reads first reach them (``PageVerifier``), and their
/// whole-file checksums by ``IndexReader/check()``.
final class SegmentReader: @unchecked Sendable {
    let info: SegmentInfo
    let directory: String
    private let files: [MappedFile]
    let terms: TermDictionaryReader
    let norms: NormsReader
    let store: StoredFieldsReader
    let postings: PageVerifier
    let positions: PageVerifier
    let postingsPath: String
    let deletions: Deletions?

    init(info: SegmentInfo, directory: String) throws(IndexError) {
        self.info = info
        self.directory = directory
        func map(_ kind: IndexFile.Kind) throws(IndexError) -> MappedFile {
            try MappedFile(path: directory + "/" + info.fileName(kind))
        }
        let termsFile = try map(.termDictionary)
        let postingsFile = try map(.postings)
        let positionsFile = try map(.positions)
        let normsFile = try map(.norms)
        let storeFile = try map(.storedFields)
        files = [termsFile, postingsFile, positionsFile, normsFile, storeFile]
        terms = try TermDictionaryReader(termsFile.bytes, path: termsFile.path)
        norms = try NormsReader(normsFile.bytes, path: normsFile.path, docCount: info.docCount)
        store = try StoredFieldsReader(storeFile.bytes, path: storeFile.path, docCount: info.docCount)
        postings = try IndexFile.openPaged(postingsFile.bytes, kind: .postings, path: postingsFile.path)
        positions = try IndexFile.openPaged(positionsFile.bytes, kind: .positions, path: positionsFile.path)
        postingsPath = postingsFile.path
        if info.deletionGeneration > 0 {
            let file = try map(.deletions)
            deletions = try Deletions(file.bytes, path: file.path, docCount: info.docCount)
            guard deletions!.count == info.deletedCount,
                zip(deletions!.lengths, info.fieldLengths).allSatisfy({ $0 <= $1 })
            else {
                throw .corrupt("deletions file disagrees with the manifest", path: file.path)
            }
        } else {
            deletions = nil
        }
    }

    /// Whether `doc` has been deleted.
    @inline(__always)
    func isDeleted(_ doc: Int32) -> Bool { deletions?.contains(doc) ?? false }

    /// The dictionary entry of a term key (field byte + term).
    func termInfo(_ key: [UInt8]) throws(IndexError) -> TermInfo? {
        let outcome = key.withUnsafeBytes { bytes in
            Result { () throws(IndexError) -> TermInfo? in try terms.lookup(bytes) }
        }
        return try outcome.get()
    }

    /// Live documents containing `key` (at most the live documents: an id-only store cannot
    /// subtract what deleted documents contained).
    func liveDocFreq(_ key: [UInt8], _ info: TermInfo) -> Int {
        min(self.info.liveCount, max(0, info.docFreq - (deletions?.docFreqs[key] ?? 0)))
    }

    /// Live tokens of `field`.
    func liveLength(_ field: Field) -> UInt64 {
        info.fieldLengths[Int(field.rawValue)] - (deletions?.lengths[Int(field.rawValue)] ?? 0)
    }

    /// A fresh iterator over a term's postings.
    func postings(_ termInfo: TermInfo) throws(IndexError) -> PostingsIterator {
        try PostingsIterator(
            postings: postings, positions: positions, docCount: info.docCount,
            docFreq: termInfo.docFreq, postingsOffset: termInfo.postingsOffset,
            positionsOffset: termInfo.positionsOffset)
    }

    /// The stored fields of `doc`.
    func document(_ doc: Int32) throws(IndexError) -> StoredDocument {
        let (id, title, body) = try store.document(doc)
        let date = norms.date(doc)
        try norms.throwIfDamaged()
        return StoredDocument(id: id, title: title, date: date, body: body)
    }

    /// Tells the kernel the stored-fields pages already read can go (after a merge copied
    /// them), so that merging does not keep every input's text resident: all of them, or
    /// those before `end` (a pointer into the mapping).
    func releaseStorePages(before end: UnsafeRawPointer? = nil) {
        let bytes = files[4].bytes
        guard let base = bytes.baseAddress else { return }
        guard let end else { return Self.release(files[4], before: bytes.count) }
        guard end >= base, end - base <= bytes.count else { return }
        Self.release(files[4], before: end - base)
    }

    /// Drops the whole pages of `file`'s mapping before byte `offset` (all of them, the last
    /// partial one included, when `offset` is the file's end) with `MADV_DONTNEED`; a page
    /// read again later is faulted in from the file.
    private static func release(_ file: MappedFile, before offset: Int) {
        guard let base = file.bytes.baseAddress, offset > 0, offset <= file.bytes.count else { return }
        let length = offset == file.bytes.count ? offset : offset & ~(Int(getpagesize()) - 1)
        if length > 0 { _ = madvise(UnsafeMutableRawPointer(mutating: base), length, MADV_DONTNEED) }
    }

    /// Tells the kernel the postings and positions pages before `info`'s data can go: a merge
    /// reads them once in key order, and would otherwise keep every input resident.
    func releasePages(before info: TermInfo) {
        Self.release(files[1], before: info.postingsOffset)
        Self.release(files[2], before: info.positionsOffset)
    }

    /// Tells the kernel the term dictionary's pages before block `block` (of `blockCount`,
    /// read in order by a merge) can go, estimating the block's position from its ordinal
    /// and keeping two pages of margin. The estimate only decides which pages are dropped: a
    /// dropped page still needed is read again from the file.
    func releaseDictionaryPages(beforeBlock block: Int, of blockCount: Int) {
        guard blockCount > 0 else { return }
        let count = files[0].bytes.count
        let estimate = Int(Double(count) * Double(block) / Double(blockCount)) - 2 * Int(getpagesize())
        Self.release(files[0], before: min(estimate, count))
    }

    /// The mapped files, for checksum verification.
    var mappedFiles: [MappedFile] { files }

    /// The page verifiers of the segment's files, in ``mappedFiles`` order.
    var pageVerifiers: [PageVerifier] { [terms.pages, postings, positions, norms.pages, store.pages] }

    /// Throws when a read that cannot throw (norms) found a damaged page: searches call it
    /// after reading the segment.
    func throwIfDamaged() throws(IndexError) { try norms.throwIfDamaged() }
}

extension SegmentReader {
    /// Walks every term and its postings, checking order, bounds and counts (for `check`).
    func checkStructure() throws(IndexError) {
        var previous: [UInt8] = []
        var count = 0
        var positions: [Int32] = []
        try terms.forEachTerm(from: UnsafeRawBufferPointer(start: nil, count: 0)) { key, info throws(IndexError) in
            guard count == 0 || previous.lexicographicallyPrecedes(key) else {
                throw .corrupt("terms out of order", path: terms.path)
            }
            previous = Array(key)
            count += 1
            let iterator = try postings(info)
            var seen = 0
            while try iterator.next() != PostingsIterator.exhausted {
                positions.removeAll(keepingCapacity: true)
                try iterator.positions(into: &positions)
                seen += 1
            }
            guard seen == info.docFreq else {
                throw .corrupt("term has \(seen) postings, dictionary says \(info.docFreq)", path: postingsPath)
            }
            return true
        }
        guard count == terms.termCount else {
            throw .corrupt("dictionary holds \(count) terms, trailer says \(terms.termCount)", path: terms.path)
        }
        try store.checkStructure()
    }
}
