import Tokenizer

/// Inverts documents in memory until the writer flushes them as one immutable segment.
///
/// Per term it keeps one byte stream of `varint gap` then, per occurrence, `varint
/// (position delta + 1)`, closed by a 0 byte when the next document for that term arrives —
/// term frequencies are counted, not buffered, so nothing is allocated per token.
///
/// The streams live in one shared byte pool as chains of slices (Lucene's `ByteBlockPool`):
/// a term's first slice is 8 bytes, each next one twice as large (up to 4 KiB); the last 4
/// bytes of a full slice hold the offset of the next. Per-term state is one 28-byte record,
/// so a token touches a hash slot, a key, a record and the pool. Both are manual storage:
/// no per-append uniqueness or bounds checks (with `[[UInt8]]` streams and five parallel
/// arrays, inverting cost ≈40 % of indexing time).
///
/// Memory: the pool, the term records, the key arena and the stored text are allocated at
/// their largest likely size up front (1 GiB of pool, 4 Mi terms…). Allocations that large
/// are fresh `mmap`s whose pages the kernel commits on first write, so the resident size
/// follows the bytes used, and the buffers never double and copy (which held up to twice
/// the budget, and more while copying). Freed on flush, they return to the system at once.
///
/// A class, not a struct: as a struct, the closures that receive tokens and mutate the
/// builder made Swift keep a second reference to its arrays, and every append copied the
/// array of streams (45 % of indexing time, measured with `perf record`).
final class SegmentBuilder {
    struct TermState {
        var lastDoc: Int32
        var lastPosition: Int32
        var docFreq: Int32
        var start: Int32
        var write: Int32
        var sliceEnd: Int32
        var level: Int32
    }

    static let maxLevel: Int32 = 9
    @inline(__always) static func sliceSize(_ level: Int32) -> Int32 { 8 << level }

    let analyzer: Analyzer
    /// Whether titles and bodies go to the store (else only ids).
    let storesText: Bool
    let terms = TermTable(capacity: 1 << 14, reserve: 1 << 22)
    private var states: UnsafeMutablePointer<TermState>
    private var stateCapacity = 1 << 22
    private var pool: UnsafeMutablePointer<UInt8>
    private var poolCount = 0
    private var poolCapacity = 1 << 30
    private(set) var lengths: [[UInt32]] = Field.scored.map { _ in [] }
    private(set) var dates: [Int32] = []
    private(set) var store = StoredFieldsWriter(reserving: 1 << 30)

    /// - Parameter hugePages: Whether to ask for huge pages (see ``HugePages``): they are
    ///   committed 2 MiB at a time, which a small budget cannot afford, and they pay off only
    ///   once the buffers reach tens of MB (the writer asks for them from 64 MiB per thread).
    init(analyzer: Analyzer, store: StoreMode = .all, hugePages: Bool = true) {
        self.analyzer = analyzer
        storesText = store.storesText
        states = .allocate(capacity: stateCapacity)
        pool = .allocate(capacity: poolCapacity)
        if hugePages {
            HugePages.advise(pool, bytes: poolCapacity)
            HugePages.advise(states, bytes: stateCapacity * MemoryLayout<TermState>.stride)
        }
    }

    deinit {
        states.deallocate()
        pool.deallocate()
        decodedDocs.deallocate()
        decodedFreqs.deallocate()
        decodedPositions.deallocate()
    }

    /// Documents added so far.
    var docCount: Int { dates.count }

    /// Bytes of buffered data: the writer flushes when this reaches its budget. Reserved but
    /// untouched capacity is not resident, so this is what the builder costs in memory, plus
    /// what a flush adds: per term the hash table (8 bytes per slot, at most 4 slots per
    /// term), its key entry (8) and the sorted order (20), per document its lengths and date
    /// (12) and their copy while writing (12), and the decoding buffers.
    var bufferedBytes: Int {
        terms.arenaBytes + terms.count * 60 + poolCount + terms.count * MemoryLayout<TermState>.stride
            + store.byteCount + docCount * 24 + decodingBytes
    }

    /// Whether the 32-bit offsets of the pool or the key arena are near their limit.
    var isFull: Bool { poolCount > 1 << 30 || terms.arenaBytes > 1 << 30 }

    /// Inverts `document` as the next doc id.
    func add(_ document: Document) {
        let doc = Int32(docCount)
        // Title and body form the `text` field; a one-position gap keeps phrases from
        // spanning the seam. The title is also indexed alone as `title`.
        var titleLength: UInt32 = 0
        var textLength: UInt32 = 0
        var nextPosition = 0
        Self.analyze(analyzer, document.title) { term, position in
            add(field: .text, term: term, doc: doc, position: position)
            add(field: .title, term: term, doc: doc, position: position)
            titleLength += 1
            nextPosition = position + 2
        }
        textLength = titleLength
        let offset = nextPosition
        Self.analyze(analyzer, document.body) { term, position in
            add(field: .text, term: term, doc: doc, position: offset + position)
            textLength += 1
        }
        var id = document.id
        id.withUTF8 { add(field: .id, term: $0, doc: doc, position: 0) }
        lengths[0].append(textLength)
        lengths[1].append(titleLength)
        dates.append(document.date?.daysSinceEpoch ?? NormsReader.noDate)
        if storesText { store.add(document) } else { store.add(id: document.id) }
    }

    private static func analyze(
        _ analyzer: Analyzer, _ text: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in
            analyzer.forEachToken(in: bytes) { token in body(token.term, token.position) }
        }
    }

    @inline(__always)
    private func add(field: Field, term: UnsafeBufferPointer<UInt8>, doc: Int32, position: Int) {
        let (id, isNew) = terms.intern(field: field.rawValue, term: term)
        let t = Int(id)
        if isNew {
            if t == stateCapacity { growStates() }
            let start = allocateSlice(0)
            states[t] = TermState(
                lastDoc: -1, lastPosition: 0, docFreq: 0, start: start, write: start,
                sliceEnd: start + Self.sliceSize(0) - 4, level: 0)
        }
        let state = states + t
        if state.pointee.lastDoc != doc {
            if state.pointee.lastDoc >= 0 { writeByte(state, 0) }
            writeVarint(state, UInt32(bitPattern: doc &- state.pointee.lastDoc &- 1))
            state.pointee.lastDoc = doc
            state.pointee.lastPosition = 0
            state.pointee.docFreq &+= 1
        }
        let position = Int32(truncatingIfNeeded: position)
        writeVarint(state, UInt32(bitPattern: position &- state.pointee.lastPosition &+ 1))
        state.pointee.lastPosition = position
    }

    @inline(__always)
    private func writeVarint(_ state: UnsafeMutablePointer<TermState>, _ value: UInt32) {
        var value = value
        while value >= 0x80 {
            writeByte(state, UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        writeByte(state, UInt8(value))
    }

    @inline(__always)
    private func writeByte(_ state: UnsafeMutablePointer<TermState>, _ byte: UInt8) {
        if state.pointee.write == state.pointee.sliceEnd { nextSlice(state) }
        pool[Int(state.pointee.write)] = byte
        state.pointee.write &+= 1
    }

    /// Chains a new slice (one level up) to a full one.
    private func nextSlice(_ state: UnsafeMutablePointer<TermState>) {
        let level = min(state.pointee.level + 1, Self.maxLevel)
        let start = allocateSlice(level)
        UnsafeMutableRawPointer(pool + Int(state.pointee.sliceEnd)).storeBytes(of: start, as: Int32.self)
        state.pointee.write = start
        state.pointee.sliceEnd = start + Self.sliceSize(level) - 4
        state.pointee.level = level
    }

    private func allocateSlice(_ level: Int32) -> Int32 {
        let size = Int(Self.sliceSize(level))
        if poolCount + size > poolCapacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: poolCapacity * 2)
            bigger.update(from: pool, count: poolCount)
            pool.deallocate()
            pool = bigger
            poolCapacity *= 2
        }
        let start = Int32(poolCount)
        poolCount += size
        return start
    }

    private func growStates() {
        let bigger = UnsafeMutablePointer<TermState>.allocate(capacity: stateCapacity * 2)
        bigger.moveInitialize(from: states, count: stateCapacity)
        states.deallocate()
        states = bigger
        stateCapacity *= 2
    }

    /// Buffers ``write(_:into:lengths:)`` decodes into (grown as needed, reused across
    /// terms): the term's docs and frequencies, and one document's positions.
    private var decodedDocs = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1 << 10)
    private var decodedFreqs = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1 << 10)
    private var decodedPositions = UnsafeMutableBufferPointer<Int32>.allocate(capacity: 1 << 10)

    private static func grow(_ buffer: inout UnsafeMutableBufferPointer<Int32>, to needed: Int) {
        guard needed > buffer.count else { return }
        let bigger = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(needed, buffer.count * 2))
        _ = bigger.initialize(from: buffer)
        buffer.deallocate()
        buffer = bigger
    }

    /// Documents containing term `id`.
    func docFreq(_ id: Int32) -> Int { Int(states[Int(id)].docFreq) }

    /// Bytes of the decoding buffers (docs and frequencies of the largest term, positions of
    /// its densest document): what a flush holds besides the builder.
    var decodingBytes: Int { (decodedDocs.count + decodedFreqs.count + decodedPositions.count) * 4 }

    /// Decodes term `id`'s stream into `postings`: each document's positions as they come
    /// (never the term's whole position list, which for a frequent term would be several
    /// bytes per token of the segment), then its docs and frequencies.
    func write(_ id: Int32, into postings: inout PostingsWriter, lengths: UnsafeBufferPointer<UInt32>) throws(IndexError)
        -> PostingsWriter.Offsets
    {
        let state = states[Int(id)]
        Self.grow(&decodedDocs, to: Int(state.docFreq))
        Self.grow(&decodedFreqs, to: Int(state.docFreq))
        let pool = self.pool
        var cursor = state.start
        var sliceEnd = state.start + Self.sliceSize(0) - 4
        var level: Int32 = 0
        let end = state.write
        @inline(__always) func byte() -> UInt8 {
            if cursor == sliceEnd {
                cursor = UnsafeRawPointer(pool + Int(sliceEnd)).loadUnaligned(as: Int32.self)
                level = min(level + 1, Self.maxLevel)
                sliceEnd = cursor + Self.sliceSize(level) - 4
            }
            let value = pool[Int(cursor)]
            cursor &+= 1
            return value
        }
        @inline(__always) func varint() -> Int32 {
            var result: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                let byte = byte()
                result |= UInt32(byte & 0x7F) &<< shift
                if byte < 0x80 { return Int32(bitPattern: result) }
                shift &+= 7
            }
        }
        var doc: Int32 = -1
        var docCount = 0
        var positions = decodedPositions
        while cursor != end {
            doc &+= varint() &+ 1
            decodedDocs[docCount] = doc
            var freq = 0
            var position: Int32 = 0
            while cursor != end {
                let delta = varint()
                if delta == 0 { break }
                position &+= delta &- 1
                if freq == positions.count {
                    Self.grow(&decodedPositions, to: freq + 1)
                    positions = decodedPositions
                }
                positions[freq] = position
                freq &+= 1
            }
            try postings.addPositions(UnsafeBufferPointer(rebasing: positions[..<freq]))
            decodedFreqs[docCount] = Int32(freq)
            docCount &+= 1
        }
        return try postings.finishTerm(
            docs: UnsafeBufferPointer(rebasing: decodedDocs[..<docCount]),
            freqs: UnsafeBufferPointer(rebasing: decodedFreqs[..<docCount]), fieldLengths: lengths)
    }

    /// Hands over the stored-fields writer (the builder is spent after a flush).
    func takeStore() -> StoredFieldsWriter {
        let store = self.store
        self.store = StoredFieldsWriter()
        return store
    }
}
