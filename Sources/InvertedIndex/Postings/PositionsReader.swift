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
/// loaded (one byte load per 128 positions; readers move forward), or from a block whose
/// offset the postings' skip table gave (``jump(toBlock:offset:)``). A block is loaded once:
/// its header bounds-checked, so damage is an ``IndexError`` and its later unchecked reads
/// stay inside it; then each read unpacks only the values it asks for (a document's few
/// positions, not the 128 of its block). The bytes of every block walked over
/// or loaded are verified against the file's page checksums (``PageVerifier``) first.
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
    /// The block loaded for reading (header parsed, bytes verified), or -1.
    private var loaded = -1
    /// The loaded block: its low parts, exception indexes and high parts (in the mapping, or
    /// in `padded` near the file's end), its width, exception count and exception width
    /// (unused once the block is `decoded`, as a varint tail always is).
    private var low = UnsafeRawPointer(bitPattern: 1)!
    private var indexes = UnsafeRawPointer(bitPattern: 1)!
    private var high = UnsafeRawPointer(bitPattern: 1)!
    private var width = 0
    private var exceptions = 0
    private var exceptionWidth = 0
    /// Exceptions before `exceptionCursor` have indexes below `cursorBound` (reads move
    /// forward, so the patching resumes where the last read stopped).
    private var exceptionCursor = 0
    private var cursorBound = 0
    /// The loaded block's start (its header), for decoding it whole.
    private var blockStart = UnsafeRawPointer(bitPattern: 1)!
    /// Values of the loaded block read so far; once a block is read densely (a frequent
    /// term's positions), it is decoded whole into `values` (about 6 instructions a value,
    /// callgrind) and read from there, rather than a value at a time (about 15).
    private var readFromLoaded = 0
    /// Whether `values` holds the loaded block's values.
    private var decoded = false
    private let values: UnsafeMutablePointer<UInt32>
    private let padded: UnsafeMutableRawPointer

    /// A reader of the term whose positions start at `offset` in the file `pages` verifies.
    init(_ pages: PageVerifier, offset: Int) {
        self.pages = pages
        bytes = UnsafeRawBufferPointer(rebasing: pages.bytes[..<pages.covered])
        path = pages.path
        termStart = offset
        maxTotal = (max(0, bytes.count - offset) / 3 + 1) * BitPacking.blockSize
        // Two spare values: 8-byte loads of the last 32-bit value stay inside.
        values = .allocate(capacity: BitPacking.blockSize + 2)
        padded = .allocate(byteCount: PatchedPacking.maxBlockSize + PositionsReader.readPast, alignment: 8)
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

    /// Moves the walk to block `block`, which starts `offset` bytes after the term's first
    /// (from a skip entry), when that is ahead of where the walk is; later reads walk on from
    /// there. A damaged offset gives a corrupt-index error or wrong positions when read, never
    /// a read outside the file (the block there is bounds-checked as it loads).
    @inline(__always)
    mutating func jump(toBlock block: Int, offset: Int) {
        guard block > walkBlock, block <= fullBlocks, block != loaded else { return }
        walkBlock = block
        walkOffset = termStart &+ offset
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
    @inline(__always)
    mutating func read(at ordinal: Int, count: Int, into buffer: inout PositionBuffer) throws(IndexError) {
        try validate(ordinal, count)
        buffer.count = 0
        buffer.reserve(count)
        try read(at: ordinal, count: count, into: buffer.base)
        buffer.count = count
    }

    @inline(__always)
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
    /// provides the room), prefix-summed from 0 (one document's positions). Only those values
    /// are read from the blocks holding them (a bit-packed value is addressable: value `i` is
    /// at bit `i × width`), in one pass that patches exceptions and sums; the last block stays
    /// loaded for the next call. Both callers validate the range first.
    private mutating func read(at ordinal: Int, count: Int, into output: UnsafeMutablePointer<Int32>) throws(IndexError) {
        // Values are below 2^32 and there are fewer than 2^32: the sum cannot wrap, and it
        // only grows, so checking the last one checks every position.
        var sum: UInt64 = 0
        var next = ordinal
        var out = output
        let end = ordinal &+ count
        while next < end {
            let block = next &>> 7
            if block != loaded { try load(block) }
            let base = block &<< 7
            let first = next &- base
            let last = min(BitPacking.blockSize, end &- base)
            readFromLoaded &+= last &- first
            if !decoded && readFromLoaded >= PositionsReader.decodeWholeAfter { try decodeWhole() }
            if decoded {
                for i in first..<last {
                    sum &+= UInt64(values[i])
                    out.pointee = Int32(truncatingIfNeeded: sum)
                    out += 1
                }
                next = base &+ last
                continue
            }
            // The first exception at or after `first` (reads move forward: resume). Exception
            // indexes are not validated: value i takes exception e only when its index equals
            // i, so damaged indexes (out of order, past the block) give wrong positions, never
            // a read outside the block; e < `exceptions` keeps high-part loads inside it.
            if first < cursorBound { exceptionCursor = 0 }
            var e = exceptionCursor
            while e < exceptions && Int(indexes.load(fromByteOffset: e, as: UInt8.self)) < first { e &+= 1 }
            var nextException = e < exceptions ? Int(indexes.load(fromByteOffset: e, as: UInt8.self)) : Int.max
            let low = self.low
            let mask = (UInt64(1) << UInt64(width)) &- 1
            let shift = UInt64(width)
            if block < fullBlocks {
                // A full block is packed vertically (width ≥ 1: a width-0 block is decoded
                // whole when it loads).
                for i in first..<last {
                    var value = BitPacking.verticalValue(low, i, width: width, mask: mask)
                    if i == nextException {
                        value |= highPart(e) &<< shift
                        e &+= 1
                        nextException = e < exceptions ? Int(indexes.load(fromByteOffset: e, as: UInt8.self)) : Int.max
                    }
                    sum &+= value
                    out.pointee = Int32(truncatingIfNeeded: sum)
                    out += 1
                }
            } else {
                var bit = first &* width
                for i in first..<last {
                    let word = UInt64(littleEndian: low.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
                    var value = (word &>> UInt64(bit & 7)) & mask
                    if i == nextException {
                        value |= highPart(e) &<< shift
                        e &+= 1
                        nextException = e < exceptions ? Int(indexes.load(fromByteOffset: e, as: UInt8.self)) : Int.max
                    }
                    sum &+= value
                    out.pointee = Int32(truncatingIfNeeded: sum)
                    out += 1
                    bit &+= width
                }
            }
            exceptionCursor = e
            cursorBound = last
            next = base &+ last
        }
        guard sum <= UInt64(Int32.max) else { throw .corrupt("position overflow", path: path) }
    }

    /// Bytes past a block's end that reading one value may load: a horizontal block's 64-bit
    /// window loads reach 7 past the packed values, a vertical block's second word 16 past.
    /// Near the file's end a block is copied into `padded` first.
    static let readPast = 16

    /// Values read from one block after which it is decoded whole: a block read this densely
    /// is usually read through (a frequent term's positions); sparse reads (a rare term's few
    /// positions per document) stay one value at a time. Chosen, not tuned.
    static let decodeWholeAfter = 24

    /// Decodes the loaded (packed) block into `values`.
    private mutating func decodeWhole() throws(IndexError) {
        guard PatchedPacking.unpack(blockStart, count: valueCount(ofBlock: loaded), into: values) else {
            throw .corrupt("positions block with invalid exceptions", path: path)
        }
        decoded = true
    }

    /// Values in block `number` (128, fewer in the tail).
    @inline(__always)
    private func valueCount(ofBlock number: Int) -> Int {
        number < fullBlocks ? BitPacking.blockSize : total - fullBlocks * BitPacking.blockSize
    }

    /// The high part of exception `e` of the loaded block.
    @inline(__always)
    private func highPart(_ e: Int) -> UInt64 {
        let bit = e &* exceptionWidth
        let word = UInt64(littleEndian: high.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
        return (word &>> UInt64(bit & 7)) & ((UInt64(1) << UInt64(exceptionWidth)) &- 1)
    }

    /// Loads block `number` (`fullBlocks` = the tail): walks to it, checks its header and
    /// verifies its bytes; a varint tail is decoded into `values`.
    private mutating func load(_ number: Int) throws(IndexError) {
        if number < walkBlock { start(total: total) }
        while walkBlock < number {
            guard let size = PatchedPacking.blockSize(bytes, at: walkOffset) else {
                throw .corrupt("positions block out of bounds or invalid at offset \(walkOffset)", path: path)
            }
            try pages.verify(walkOffset, walkOffset + size)
            walkOffset += size
            walkBlock += 1
        }
        loaded = -1
        let count = valueCount(ofBlock: number)
        if count >= PatchedPacking.minimumPacked {
            guard let size = PatchedPacking.blockSize(bytes, at: walkOffset, count: count) else {
                throw .corrupt("positions block out of bounds or invalid at offset \(walkOffset)", path: path)
            }
            try pages.verify(walkOffset, walkOffset + size)
            var source = bytes.baseAddress! + walkOffset
            if walkOffset + size + PositionsReader.readPast > bytes.count {
                padded.copyMemory(from: source, byteCount: size)
                source = UnsafeRawPointer(padded)
            }
            width = Int(source.load(fromByteOffset: 0, as: UInt8.self))
            exceptions = Int(source.load(fromByteOffset: 1, as: UInt8.self))
            exceptionWidth = Int(source.load(fromByteOffset: 2, as: UInt8.self))
            blockStart = source
            low = source + PatchedPacking.headerSize
            readFromLoaded = 0
            decoded = false
            indexes = low + BitPacking.packedSize(width: width, count: count)
            high = indexes + exceptions
            exceptionCursor = 0
            cursorBound = 0
            loaded = number
            if width == 0 { try decodeWhole() }
        } else {
            // A varint tail is decoded here, whole.
            var reader = ByteReader(bytes, offset: walkOffset, path: path)
            for i in 0..<count {
                values[i] = UInt32(try reader.readVarint(atMost: Int(UInt32.max)))
            }
            try pages.verify(walkOffset, reader.offset)
            decoded = true
        }
        loaded = number
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
