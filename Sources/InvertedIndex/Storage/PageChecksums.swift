/// Computes a file's page checksum table as its bytes stream out (no second read pass).
///
/// The covered bytes (everything before the table: header and payload) are cut into pages of
/// ``PageLayout/pageSize`` bytes; the table holds the CRC-32C of each page (the last may be
/// short), then the CRC-32C of each group of ``PageLayout/groupPages`` page checksums, then a
/// trailer (covered length, page size, CRC-32C of the group checksums). `FORMAT.md` has the
/// layout; ``PageVerifier`` reads it.
struct PageChecksums {
    /// Page checksums of the complete pages so far.
    private var pages: [UInt32] = []
    /// The running CRC of the current, incomplete page.
    private var partial: UInt32 = 0
    /// Bytes in the current page.
    private var partialCount = 0
    /// Bytes covered so far.
    private(set) var covered = 0

    /// Feeds the next bytes of the file.
    mutating func add(_ chunk: UnsafeRawBufferPointer) {
        guard var pointer = chunk.baseAddress else { return }
        var remaining = chunk.count
        covered += remaining
        while remaining > 0 {
            let take = min(remaining, PageLayout.pageSize - partialCount)
            partial = CRC32C.checksum(UnsafeRawBufferPointer(start: pointer, count: take), continuing: partial)
            partialCount += take
            pointer += take
            remaining -= take
            if partialCount == PageLayout.pageSize {
                pages.append(partial)
                partial = 0
                partialCount = 0
            }
        }
    }

    /// The table and trailer to append after the covered bytes (the footer follows them).
    mutating func finish() -> ByteWriter {
        if partialCount > 0 {
            pages.append(partial)
            partial = 0
            partialCount = 0
        }
        var writer = ByteWriter(capacity: pages.count * 4 + pages.count / PageLayout.groupPages * 4 + 32)
        for page in pages { writer.write(page) }
        var groups = ByteWriter(capacity: pages.count / PageLayout.groupPages * 4 + 4)
        writer.bytes.withUnsafeBytes { table in
            var start = 0
            while start < table.count {
                let end = min(start + PageLayout.groupPages * 4, table.count)
                groups.write(CRC32C.checksum(UnsafeRawBufferPointer(rebasing: table[start..<end])))
                start = end
            }
        }
        writer.write(bytes: groups.bytes)
        writer.write(UInt64(covered))
        writer.write(UInt32(PageLayout.pageSize))
        writer.write(CRC32C.checksum(groups.bytes))
        return writer
    }
}

/// Constants of the page checksum table.
enum PageLayout {
    /// Bytes per page: the granularity the OS maps a file in.
    static let pageSize = 4096
    /// Page checksums per group (one 4 KiB page of the table).
    static let groupPages = 1024
    /// Bytes of the trailer after the group checksums.
    static let trailerSize = 16
}
