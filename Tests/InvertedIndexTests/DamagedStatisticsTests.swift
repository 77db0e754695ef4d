import Foundation
import TestSupport
import Testing

@testable import InvertedIndex

/// Damage that passes the checksum (a file rewritten with a valid CRC) must still be an
/// error, not an arithmetic trap: found by the segment fuzzer.
@Suite("damaged statistics")
struct DamagedStatisticsTests {
    @Test("deletions claiming more tokens than the segment holds are corruption")
    func deletedLengthsAboveTotals() throws {
        let directory = try TemporaryDirectory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
        try writer.add(Document(id: "a", body: "one two three"))
        try writer.add(Document(id: "b", body: "four five"))
        try writer.commit()
        writer.delete(id: "a")
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        let info = try #require(reader.segmentInfos.first)
        let path = directory.path + "/" + info.fileName(.deletions)
        let file = try MappedFile(path: path)
        var deletions = try withExtendedLifetime(file) {
            try Deletions(file.bytes, path: path, docCount: info.docCount)
        }
        deletions.lengths = deletions.lengths.map { $0 + 1_000_000 }
        try Data(deletions.serialize(docCount: info.docCount)).write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexError.self) { try IndexReader(directory: directory.path) }
    }
}
