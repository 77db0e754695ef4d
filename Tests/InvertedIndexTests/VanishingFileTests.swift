import TestSupport
import Foundation
import Testing

@testable import InvertedIndex

/// A file deleted after the walk listed its folder but before it was read: reported as
/// unreadable, the run goes on (the walker lists a folder when it enters it).
@Suite struct VanishingFileTests {
    @Test func fileDeletedBetweenWalkAndRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("docs/a.txt", "Alpha\n\nfirst file")
        try dir.write("docs/b.txt", "Beta\n\nvanishes before it is read")
        try dir.write("docs/c.txt", "Gamma\n\nthird file")
        var collector = try DocumentCollector(paths: [dir.path + "/docs"])
        let first = collector.next()
        #expect(first?.title == "Alpha")
        try FileManager.default.removeItem(atPath: dir.path + "/docs/b.txt")
        let next = collector.next()
        #expect(next?.title == "Gamma")
        #expect(collector.next() == nil)
        #expect(collector.tally.documents == 2)
        #expect(collector.tally.unreadable == 1)
        #expect(collector.tally.problems.count == 1)
        #expect(collector.tally.problems.first?.contains("b.txt") == true, "\(collector.tally.problems)")
    }

    @Test func fileReplacedByFIFOBetweenWalkAndRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("docs/a.txt", "Alpha\n\nfirst file")
        try dir.write("docs/b.txt", "Beta\n\nbecomes a FIFO")
        var collector = try DocumentCollector(paths: [dir.path + "/docs"])
        #expect(collector.next() != nil)
        // Opening a FIFO for reading blocks until a writer comes: the reader must not hang.
        let (finished, _) = try nextAfterReplacingWithFIFO(collector, dir.path + "/docs/b.txt")
        #expect(finished, "reading a FIFO that replaced a walked file hangs")
    }
}

private final class UncheckedBox: @unchecked Sendable {
    var value: DocumentCollector
    init(_ value: DocumentCollector) { self.value = value }
}

/// Replaces the file at `path` by a FIFO, then calls `collector.next()` on another thread and
/// waits up to 10 s. Returns whether it finished, and the collector after the call. If it did
/// not, opens the FIFO for writing so the blocked reader (and the test process) can end.
private func nextAfterReplacingWithFIFO(
    _ collector: DocumentCollector, _ path: String
) throws -> (finished: Bool, collector: UncheckedBox) {
    try FileManager.default.removeItem(atPath: path)
    #expect(mkfifo(path, 0o644) == 0)
    let done = DispatchSemaphore(value: 0)
    let box = UncheckedBox(collector)
    DispatchQueue.global().async {
        _ = box.value.next()
        done.signal()
    }
    let finished = done.wait(timeout: .now() + 10) == .success
    if !finished {
        let fd = open(path, O_WRONLY | O_NONBLOCK)
        if fd >= 0 { close(fd) }
    }
    return (finished, box)
}

@Suite struct VanishingJSONLinesTests {
    @Test func jsonLinesFileReplacedByFIFOBetweenWalkAndRead() throws {
        let dir = try TemporaryDirectory()
        try dir.write("docs/a.txt", "Alpha\n\nfirst file")
        try dir.write("docs/b.jsonl", #"{"id": "1", "body": "becomes a FIFO"}"#)
        var collector = try DocumentCollector(paths: [dir.path + "/docs"])
        #expect(collector.next() != nil)
        let (finished, box) = try nextAfterReplacingWithFIFO(collector, dir.path + "/docs/b.jsonl")
        #expect(finished, "opening a FIFO that replaced a walked .jsonl file hangs")
        if finished {
            #expect(box.value.tally.unreadable == 1)
        }
    }
}
