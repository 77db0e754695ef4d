/// Reads one term's positions from a `.positions` file: the term's position deltas (per
/// document, each position minus the previous one in that document, the first minus 0) as
/// a stream of `T` values (`T`, the sum of the term's tfs, comes from the postings), in
/// 128-value ``PatchedPacking`` blocks and a tail of `T mod 128`
/// values: one short ``PatchedPacking`` block when there are at least
/// ``PatchedPacking/minimumPacked``, else varints.
///
/// Callers address positions by ordinal (the index of a value in the term's stream; skip
/// entries and the postings iterator know the ordinal of each document's first position).
/// Nothing is read until the first ``read(at:count:into:)``, so term queries never touch
/// the positions file. Blocks are found by walking block headers forward from the last one
/// decoded (one byte load per 128 positions; readers move forward), and each block is
/// bounds-checked before its unchecked decode, so damage is an ``IndexError``. The bytes of
/// every block walked over or decoded are verified against the file's page checksums
/// (``PageVerifier``) first.
struct PositionsReader {
    private let bytes: UnsafeRawBufferPointer
    private let pages: PageVerifier
    private let path: String
    private let termStart: Int
    /// The most values the bytes from `termStart` to the end can hold: a block of 128 takes at
    /// least its 3 header bytes and a value of a short tail at least one byte. A longer stream
    /// (a damaged tf) is rejected before anything is allocated for it.
    private let maxTotal: Int
    /// Values in the term's stream; -1 until known.
    private var total = -1
    private var fullBlocks = 0
    /// A block whose byte offset is known: the walk's starting point.
    private var walkBlock = 0
    private var walkOffset = 0
    /// The block decoded in `values`, or -1.
    private var decoded = -1
    private let values: UnsafeMutablePointer<UInt32>
    private let padded: UnsafeMutableRawPointer

    /// A reader of the term whose positions start at `offset` in the file `pages` verifies.
    init(_ pages: PageVerifier, offset: Int) {
        self.pages = pages
        bytes = UnsafeRawBufferPointer(rebasing: pages.bytes[..<pages.covered])
        path = pages.path
        termStart = offset
        maxTotal = (max(0, bytes.count - offset) / 3 + 1) * BitPacking.blockSize
        values = .allocate(capacity: BitPacking.blockSize)
        padded = .allocate(byteCount: PatchedPacking.maxBlockSize + 8, alignment: 8)
    }

    /// Frees the decode buffers (the owner calls it once, from its `deinit`).
    func deallocate() {
        values.deallocate()
        padded.deallocate()
    }

    /// Whether the stream's length is known (``start(total:)`` was called).
    var isStarted: Bool { total >= 0 }

    /// Sets the number of values in the term's stream (before the first read).
    mutating func start(total count: Int) {
        total = count
        fullBlocks = count / BitPacking.blockSize
        walkBlock = 0
        walkOffset = termStart
    }

    /// Appends `count` positions starting at value `ordinal` to `output`, prefix-summed
    /// from 0 (one document's positions).
    mutating func read(at ordinal: Int, count: Int, into output: inout [Int32]) throws(IndexError) {
        try validate(ordinal, count)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: count))
        try output.withUnsafeMutableBufferPointer { (buffer) throws(IndexError) in
            try read(at: ordinal, count: count, into: buffer.baseAddress! + start)
        }
    }

    /// Replaces `buffer`'s contents with the `count` positions starting at value `ordinal`
    /// (one document's, prefix-summed from 0). The range is validated before the buffer grows.
    mutating func read(at ordinal: Int, count: Int, into buffer: inout PositionBuffer) throws(IndexError) {
        try validate(ordinal, count)
        buffer.count = 0
        buffer.reserve(count)
        try read(at: ordinal, count: count, into: buffer.base)
        buffer.count = count
    }

    private func validate(_ ordinal: Int, _ count: Int) throws(IndexError) {
        precondition(total >= 0, "read before start(total:)")
        guard ordinal >= 0, count >= 0, ordinal <= total - count else {
            throw .corrupt("positions \(ordinal)..<\(ordinal + count) past the term's \(total)", path: path)
        }
        guard total <= maxTotal else {
            throw .corrupt("a term's \(total) positions cannot fit in the file's remaining bytes", path: path)
        }
    }

    /// Writes `count` positions starting at value `ordinal` to `output[0..<count]` (the caller
    /// provides the room), prefix-summed from 0 (one document's positions). Only the blocks
    /// holding those values are decoded, and the last one stays decoded for the next call.
    /// Both callers validate the range first.
    private mutating func read(at ordinal: Int, count: Int, into output: UnsafeMutablePointer<Int32>) throws(IndexError) {
        var position: UInt32 = 0
        var overflow = false
        var next = ordinal
        var written = 0
        let end = ordinal + count
        while next < end {
            let block = next / BitPacking.blockSize
            if block != decoded { try decode(block) }
            let first = next - block * BitPacking.blockSize
            let last = min(BitPacking.blockSize, end - block * BitPacking.blockSize)
            for i in first..<last {
                let (sum, carry) = position.addingReportingOverflow(values[i])
                position = sum
                overflow = overflow || carry
                output[written] = Int32(truncatingIfNeeded: position)
                written += 1
            }
            next += last - first
        }
        guard !overflow, position <= UInt32(Int32.max) else { throw .corrupt("position overflow", path: path) }
    }

    /// Decodes block `number` (`fullBlocks` = the varint tail) into `values`.
    private mutating func decode(_ number: Int) throws(IndexError) {
        if number < walkBlock { start(total: total) }
        while walkBlock < number {
            guard let size = PatchedPacking.blockSize(bytes, at: walkOffset) else {
                throw .corrupt("positions block out of bounds or invalid at offset \(walkOffset)", path: path)
            }
            try pages.verify(walkOffset, walkOffset + size)
            walkOffset += size
            walkBlock += 1
        }
        let count = number < fullBlocks ? BitPacking.blockSize : total - fullBlocks * BitPacking.blockSize
        if count >= PatchedPacking.minimumPacked {
            guard let size = PatchedPacking.blockSize(bytes, at: walkOffset, count: count) else {
                throw .corrupt("positions block out of bounds or invalid at offset \(walkOffset)", path: path)
            }
            try pages.verify(walkOffset, walkOffset + size)
            var source = bytes.baseAddress! + walkOffset
            if walkOffset + size + 8 > bytes.count {
                padded.copyMemory(from: source, byteCount: size)
                source = UnsafeRawPointer(padded)
            }
            guard PatchedPacking.unpack(source, count: count, into: values) else {
                throw .corrupt("positions block with invalid exceptions at offset \(walkOffset)", path: path)
            }
        } else {
            var reader = ByteReader(bytes, offset: walkOffset, path: path)
            for i in 0..<count {
                values[i] = UInt32(try reader.readVarint(atMost: Int(UInt32.max)))
            }
            try pages.verify(walkOffset, reader.offset)
        }
        decoded = number
    }
}

/// A growable scratch array of one document's positions, reused across documents so that
/// scorers do not allocate per candidate. The owner calls ``deallocate()`` once.
struct PositionBuffer {
    private(set) var base: UnsafeMutablePointer<Int32>
    private(set) var capacity: Int
    /// Valid positions at `base`.
    var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// Makes room for `needed` values (the contents are not kept).
    @inline(__always)
    mutating func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        base.deallocate()
        capacity = max(needed, 2 * capacity)
        base = .allocate(capacity: capacity)
    }

    /// The valid positions.
    var positions: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: base, count: count) }

    /// Frees the storage.
    func deallocate() { base.deallocate() }
}
