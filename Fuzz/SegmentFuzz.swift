// libFuzzer target: opening a damaged index, querying it and checking it throws errors, never
// crashes. A small index is built once; each input picks one of its files and damages it:
//   byte 0: which file (manifest, a segment file, the deletions, the source table)
//   byte 1: how — bit 0..1: 0 replace the whole file with the rest of the input,
//           1 overwrite bytes at an offset (bytes 2–3, little-endian) with the rest,
//           2 truncate to that offset, 3 insert the rest at that offset;
//           bit 2: recompute the page checksums and the footer so the damage gets past them.
import Foundation
import InvertedIndex

nonisolated(unsafe) var base: (directory: String, files: [(name: String, bytes: [UInt8])])?
nonisolated(unsafe) var work = ""

func makeBase() -> (directory: String, files: [(name: String, bytes: [UInt8])]) {
    // tmpfs when there is one: creating files on ext4 costs milliseconds each.
    let temporary = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let root = temporary + "/searchctl-fuzz-\(getpid())"
    try? FileManager.default.removeItem(atPath: root)
    let directory = root + "/base"
    work = root + "/work"
    do {
        let writer = try IndexWriter(directory: directory, memoryBudget: 1 << 20)
        let words = ["river", "stone", "mill", "light", "sea", "night", "walrus", "ice", "über", "naïve", "東京都"]
        // 300 documents: every word is in more than 128 of them, so postings have full blocks,
        // skip entries (corners, positions block offsets) and several positions blocks.
        for n in 0..<300 {
            var body = ""
            for k in 0..<(5 + n % 17) { body += words[(n * 7 + k * 3) % words.count] + " " }
            try writer.add(Document(id: "doc-\(n)", title: "title \(n)", date: DocumentDate(daysSinceEpoch: Int32(n * 100)), body: body))
            if n == 150 { try writer.commit() }
        }
        writer.delete(id: "doc-3")
        try writer.add(Document(id: "doc-5", title: "replaced", body: "river river stone"))
        let stamp = SourceStamp(size: 120, modified: 1_700_000_000_000_000_000, changed: 1_700_000_000_000_000_001)
        writer.pendingSources = SourceTable(entries: [
            "/corpus/a.txt": SourceEntry(stamp: stamp, hash: 0x1234_5678_9ABC_DEF0, readAt: 1_800_000_000_000_000_000, ids: ["/corpus/a.txt"]),
            "/corpus/lines.jsonl": SourceEntry(stamp: stamp, hash: 42, readAt: 1_800_000_000_000_000_000, ids: ["doc-1", "doc-2", "über"]),
        ])
        try writer.commit()
    } catch {
        fatalError("cannot build the base index: \(error)")
    }
    var files: [(String, [UInt8])] = []
    for name in (try? FileManager.default.contentsOfDirectory(atPath: directory).sorted()) ?? [] where name != "write.lock" {
        files.append((name, Array(FileManager.default.contents(atPath: directory + "/" + name)!)))
    }
    try? FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    return (directory, files)
}

let queries: [Query] = ["river", "river stone", "\"river stone\"", "sea -ice", "+mill light", "title:title", "riv*", "stnoe~1", "(night OR sea) AND NOT walrus", "über naïve 東京"].compactMap {
    try? QueryParser.parse($0)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSegment(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if base == nil { base = makeBase() }
    let files = base!.files
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 4 else { return 0 }
    let target = Int(input[0]) % files.count
    let mode = input[1]
    let offset = Int(input[2]) | Int(input[3]) << 8
    let payload = Array(input[4...])
    for (index, file) in files.enumerated() {
        var bytes = file.bytes
        if index == target {
            let at = min(offset, bytes.count)
            switch mode & 3 {
            case 0: bytes = payload
            case 1:
                for (k, byte) in payload.enumerated() where at + k < bytes.count { bytes[at + k] = byte }
            case 2: bytes = Array(bytes[..<at])
            default: bytes.insert(contentsOf: payload, at: at)
            }
            if mode & 4 != 0 { IndexFile.reseal(&bytes) }
        }
        // Rewritten in place (O_TRUNC): no unlink/create per input.
        let fd = open(work + "/" + file.name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot write \(work)/\(file.name)")
        bytes.withUnsafeBytes { precondition(write(fd, $0.baseAddress, $0.count) == $0.count) }
        close(fd)
    }
    guard let reader = try? IndexReader(directory: work) else { return 0 }
    for query in queries {
        if let results = try? reader.search(query, limit: 5) {
            for hit in results.hits { _ = try? reader.document(hit.doc) }
        }
        // Pruned: block bounds, block-at-a-time skipping, positions read only for candidates.
        _ = try? reader.search(query, limit: 3, options: SearchOptions(exactCount: false, countThreshold: 0))
    }
    if let ids = try? reader.liveDocumentIDs() {
        for id in ids.prefix(10) { _ = try? reader.storedDocument(id: id) }
    }
    _ = try? SourceTable.load(directory: work, generation: reader.generation)
    _ = try? reader.check()
    return 0
}
