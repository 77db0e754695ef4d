import TestSupport
import Testing

@testable import InvertedIndex

/// Index files are written in ``FileOutput/writeChunk`` pieces (small page-cache folios for
/// the readers' mappings): the bytes on disk must be exactly the bytes given, for sizes on
/// and around the chunk boundaries, through both writers.
@Suite("Chunked writes")
struct ChunkedWriteTests {
    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static let sizes: [Int] = {
        let chunk = FileOutput.writeChunk
        return [0, 1, chunk - 1, chunk, chunk + 1, 2 * chunk, 3 * chunk + 17, 16 * chunk + 4095]
    }()

    @Test("FileSystem.writeFile writes every byte, in order")
    func wholeFiles() throws {
        let directory = try TemporaryDirectory()
        for (n, size) in Self.sizes.enumerated() {
            let bytes = Self.bytes(size, seed: UInt64(n + 1))
            try FileSystem.writeFile(directory.path + "/f\(n)", bytes)
            #expect(try directory.read("f\(n)") == bytes, "size \(size)")
        }
    }

    @Test("FileOutput writes every byte, in order, then its footer")
    func streamedFiles() throws {
        let directory = try TemporaryDirectory()
        for (n, size) in Self.sizes.enumerated() {
            let bytes = Self.bytes(size, seed: UInt64(100 + n))
            let output = try FileOutput(path: directory.path + "/s\(n)")
            var writer = ByteWriter()
            writer.write(bytes: bytes)
            try output.append(contentsOf: writer)
            try output.finish()
            let written = try directory.read("s\(n)")
            // An unpaged file (no header): the bytes, then the CRC-32C of them.
            #expect(written.count == size + 4, "size \(size)")
            #expect(Array(written.prefix(size)) == bytes, "size \(size)")
            let crc = bytes.withUnsafeBytes { CRC32C.checksum($0, continuing: 0) }
            let footer = written.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            #expect(footer == crc, "size \(size)")
        }
    }
}
