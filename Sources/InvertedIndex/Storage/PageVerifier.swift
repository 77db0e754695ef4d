import Synchronization

/// Verifies a mapped file's pages against its page checksum table (see ``PageChecksums``)
/// the first time a reader relies on them, and remembers the verified ones.
///
/// Opening reads the trailer and checks the group checksums (one per 4 MiB of file), so it
/// costs the same for any file size. A page is hashed on its first use, after its group's
/// page checksums were checked against the group checksum; both are then marked in bitmaps
/// of atomic words, so later uses cost one relaxed load and a bit test. Threads racing on
/// the same page may both hash it, which is harmless. A mismatch is an ``IndexError``
/// `.corrupt` naming the file and the page.
///
/// Callers verify exactly the bytes they read, after parsing them with bounds checks and
/// before trusting the result; ranges must lie within ``covered``.
final class PageVerifier: @unchecked Sendable {
    /// The whole file.
    let bytes: UnsafeRawBufferPointer
    /// The file's path, for error messages.
    let path: String
    /// Bytes covered by pages (header and payload; where the table starts).
    let covered: Int
    private let pageShift: Int
    private let pageCount: Int
    private let groupStart: Int
    private let verified: UnsafeMutablePointer<Atomic<UInt64>>
    private let verifiedWords: Int
    private let groupsVerified: UnsafeMutablePointer<Atomic<UInt64>>
    private let groupWords: Int
    /// Pages hashed so far (tests check that a verified page is not hashed again).
    private let hashes = Atomic<Int>(0)
    /// The first page found damaged by a non-throwing read, or -1.
    private let damagedPage = Atomic<Int>(-1)

    /// Reads the table of the file `bytes` whose footer starts at `end` (the header has been
    /// validated) and checks its group checksums.
    /// - Throws: ``IndexError`` `.corrupt` when the trailer or the group checksums are bad.
    init(_ bytes: UnsafeRawBufferPointer, end: Int, path: String) throws(IndexError) {
        self.bytes = bytes
        self.path = path
        guard end >= IndexFile.headerSize + PageLayout.trailerSize else {
            throw .corrupt("page checksum trailer missing", path: path)
        }
        var trailer = ByteReader(bytes, offset: end - PageLayout.trailerSize, path: path)
        let covered = try trailer.readUInt64(atMost: end)
        let pageSize = Int(try trailer.readUInt32())
        let groupsChecksum = try trailer.readUInt32()
        guard pageSize >= 512, pageSize <= 1 << 24, pageSize & (pageSize - 1) == 0, covered >= IndexFile.headerSize else {
            throw .corrupt("page checksum trailer is invalid (page size \(pageSize), \(covered) bytes)", path: path)
        }
        let pageCount = (covered + pageSize - 1) / pageSize
        let groupCount = (pageCount + PageLayout.groupPages - 1) / PageLayout.groupPages
        guard covered + pageCount * 4 + groupCount * 4 + PageLayout.trailerSize == end else {
            throw .corrupt("page checksum table does not match the file's length", path: path)
        }
        groupStart = covered + pageCount * 4
        let groups = UnsafeRawBufferPointer(rebasing: bytes[groupStart..<groupStart + groupCount * 4])
        let computed = PageLayout.checksum(groups)
        guard computed == groupsChecksum else {
            throw .corrupt("page checksum table is damaged (group checksums do not match)", path: path)
        }
        self.covered = covered
        self.pageCount = pageCount
        pageShift = pageSize.trailingZeroBitCount
        verifiedWords = (pageCount + 63) / 64
        groupWords = (groupCount + 63) / 64
        verified = .allocate(capacity: max(verifiedWords, 1))
        for index in 0..<verifiedWords { (verified + index).initialize(to: Atomic(0)) }
        groupsVerified = .allocate(capacity: max(groupWords, 1))
        for index in 0..<groupWords { (groupsVerified + index).initialize(to: Atomic(0)) }
    }

    /// A verifier that trusts every byte of `bytes` (which has no page table): for tests of
    /// the structural checks that stand behind the checksums.
    init(trusting bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
        covered = bytes.count
        pageShift = PageLayout.pageSize.trailingZeroBitCount
        pageCount = (bytes.count + PageLayout.pageSize - 1) / PageLayout.pageSize
        groupStart = covered
        verifiedWords = (pageCount + 63) / 64
        groupWords = 0
        verified = .allocate(capacity: max(verifiedWords, 1))
        for index in 0..<verifiedWords { (verified + index).initialize(to: Atomic(~0)) }
        groupsVerified = .allocate(capacity: 1)
    }

    deinit {
        verified.deinitialize(count: verifiedWords)
        verified.deallocate()
        groupsVerified.deinitialize(count: groupWords)
        groupsVerified.deallocate()
    }

    /// Bytes per page.
    var pageSize: Int { 1 << pageShift }

    /// Verifies the pages holding bytes `start..<end` (nothing when the range is empty).
    /// - Throws: ``IndexError`` `.corrupt` naming the file and the page.
    @inline(__always)
    func verify(_ start: Int, _ end: Int) throws(IndexError) {
        guard start < end else { return }
        var page = start >> pageShift
        let last = (end - 1) >> pageShift
        while page <= last {
            if !isVerified(page) { try verifyPage(page) }
            page += 1
        }
    }

    /// Verifies the page holding byte `offset`, for readers that cannot throw (norms, whose
    /// aligned 4-byte values never straddle a page): on damage it returns false and remembers
    /// the page for ``throwIfDamaged()``.
    @inline(__always)
    func check(at offset: Int) -> Bool {
        let page = offset >> pageShift
        return isVerified(page) || checkPage(page)
    }

    /// ``check(at:)`` for every page holding bytes `start..<end`.
    @inline(__always)
    func check(_ start: Int, _ end: Int) {
        guard start < end else { return }
        var page = start >> pageShift
        let last = (end - 1) >> pageShift
        while page <= last {
            if !isVerified(page) { _ = checkPage(page) }
            page += 1
        }
    }

    @inline(never)
    private func checkPage(_ page: Int) -> Bool {
        do throws(IndexError) {
            try verifyPage(page)
            return true
        } catch {
            _ = damagedPage.compareExchange(expected: -1, desired: page, ordering: .relaxed)
            return false
        }
    }

    /// Throws the error of the first damage ``check(at:)`` found, if any.
    func throwIfDamaged() throws(IndexError) {
        let page = damagedPage.load(ordering: .relaxed)
        if page >= 0 { throw damage(page) }
    }

    /// Verifies every page (for `check`).
    func verifyAll() throws(IndexError) {
        try verify(0, covered)
    }

    /// Pages hashed so far.
    var hashCount: Int { hashes.load(ordering: .relaxed) }

    @inline(__always)
    private func isVerified(_ page: Int) -> Bool {
        verified[page >> 6].load(ordering: .relaxed) & (1 << UInt64(page & 63)) != 0
    }

    @inline(never)
    private func verifyPage(_ page: Int) throws(IndexError) {
        guard page < pageCount else {
            throw .corrupt("read past the checksummed pages (page \(page) of \(pageCount))", path: path)
        }
        let group = page / PageLayout.groupPages
        if groupsVerified[group >> 6].load(ordering: .relaxed) & (1 << UInt64(group & 63)) == 0 {
            let start = covered + group * PageLayout.groupPages * 4
            let end = min(start + PageLayout.groupPages * 4, groupStart)
            let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: groupStart + group * 4, as: UInt32.self))
            guard PageLayout.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) == stored else {
                throw .corrupt("page checksum table is damaged (group \(group))", path: path)
            }
            groupsVerified[group >> 6].bitwiseOr(1 << UInt64(group & 63), ordering: .relaxed)
        }
        let start = page << pageShift
        let end = min(start + pageSize, covered)
        hashes.add(1, ordering: .relaxed)
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: covered + page * 4, as: UInt32.self))
        guard PageLayout.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) == stored else { throw damage(page) }
        verified[page >> 6].bitwiseOr(1 << UInt64(page & 63), ordering: .relaxed)
    }

    private func damage(_ page: Int) -> IndexError {
        let start = page << pageShift
        return .corrupt(
            "checksum mismatch in bytes \(start)..<\(min(start + pageSize, covered)) (page \(page)): the file is damaged",
            path: path)
    }
}
