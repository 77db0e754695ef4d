import Tokenizer

/// Inverts documents in memory until the writer flushes them as one immutable segment.
///
/// Per term it keeps one byte stream of `varint gap` then, per occurrence, `varint
/// (position delta + 1)`, closed by a 0 byte when the next document for that term arrives —
/// term frequencies are counted, not buffered, so nothing is allocated per token.
///
/// A class, not a struct: as a struct, the closures that receive tokens and mutate the
/// builder made Swift keep a second reference to its arrays, and every append copied the
/// array of streams (45 % of indexing time, measured with `perf record`).
final class SegmentBuilder {
    let analyzer: Analyzer
    @exclusivity(unchecked) private(set) var terms = TermTable()
    @exclusivity(unchecked) private var streams: [[UInt8]] = []
    @exclusivity(unchecked) private var lastDoc: [Int32] = []
    @exclusivity(unchecked) private var lastPosition: [Int32] = []
    @exclusivity(unchecked) private(set) var docFreq: [Int32] = []
    private(set) var lengths: [[UInt32]] = Field.scored.map { _ in [] }
    private(set) var dates: [Int32] = []
    private(set) var store = StoredFieldsWriter()
    @exclusivity(unchecked) private var streamBytes = 0

    init(analyzer: Analyzer) { self.analyzer = analyzer }

    /// Documents added so far.
    var docCount: Int { dates.count }

    /// An estimate of the heap this builder holds, compared against the memory budget.
    var memoryUsage: Int {
        terms.memoryUsage + streamBytes + streams.count * 64 + store.byteCount + docCount * 12
    }

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
        store.add(document)
    }

    private static func analyze(
        _ analyzer: Analyzer, _ text: String, _ body: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in
            analyzer.forEachToken(in: bytes) { token in body(token.term, token.position) }
        }
    }

    private func add(field: Field, term: UnsafeBufferPointer<UInt8>, doc: Int32, position: Int) {
        let (id, isNew) = terms.intern(field: field.rawValue, term: term)
        let t = Int(id)
        if isNew {
            streams.append([])
            lastDoc.append(-1)
            lastPosition.append(0)
            docFreq.append(0)
        }
        let before = streams[t].count
        if lastDoc[t] != doc {
            if lastDoc[t] >= 0 { streams[t].append(0) }
            appendVarint(&streams[t], UInt32(doc - lastDoc[t] - 1))
            lastDoc[t] = doc
            lastPosition[t] = 0
            docFreq[t] += 1
        }
        appendVarint(&streams[t], UInt32(Int32(position) - lastPosition[t] + 1))
        lastPosition[t] = Int32(position)
        streamBytes += streams[t].count - before
    }

    private func appendVarint(_ bytes: inout [UInt8], _ value: UInt32) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Decodes term `id`'s stream into parallel arrays (cleared first).
    func postings(of id: Int32, docs: inout [Int32], freqs: inout [Int32], positions: inout [Int32]) {
        docs.removeAll(keepingCapacity: true)
        freqs.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        let stream = streams[Int(id)]
        var index = 0
        func varint() -> Int32 {
            var result: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                let byte = stream[index]
                index += 1
                result |= UInt32(byte & 0x7F) << shift
                if byte < 0x80 { return Int32(result) }
                shift += 7
            }
        }
        var doc: Int32 = -1
        while index < stream.count {
            doc += varint() + 1
            docs.append(doc)
            var freq: Int32 = 0
            var position: Int32 = 0
            while index < stream.count {
                let delta = varint()
                if delta == 0 { break }
                position += delta - 1
                positions.append(position)
                freq += 1
            }
            freqs.append(freq)
        }
    }

    /// Hands over the stored-fields writer (the builder is spent after a flush).
    func takeStore() -> StoredFieldsWriter {
        let store = self.store
        self.store = StoredFieldsWriter()
        return store
    }
}
