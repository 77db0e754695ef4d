import TestSupport
import Testing

@testable import InvertedIndex

/// The dictionary lookup decides most comparisons from shared-prefix lengths instead of
/// rebuilding keys: checked against a hash map over dense, prefix-heavy key sets and probes
/// of every kind (present keys, their prefixes and extensions, random strings, below and
/// above every key).
@Suite("Term dictionary lookup against a reference map")
struct TermLookupTests {
    @Test("random prefix-heavy dictionaries", arguments: [1, 2, 31, 32, 33, 95, 500, 3000])
    func lookups(count: Int) throws {
        var rng = SeededGenerator(seed: 77 + UInt64(count))
        // A three-letter alphabet and short keys: long shared prefixes, keys that are
        // prefixes of others, equal suffix bytes where keys part.
        func randomKey() -> [UInt8] {
            (0..<Int.random(in: 1...9, using: &rng)).map { _ in UInt8.random(in: 0x61...0x63, using: &rng) }
        }
        var keys = Set<[UInt8]>()
        while keys.count < count { keys.insert(randomKey()) }
        let sorted = keys.sorted { $0.lexicographicallyPrecedes($1) }
        var writer = TermDictionaryWriter()
        var reference: [[UInt8]: TermInfo] = [:]
        for (i, key) in sorted.enumerated() {
            let info = TermInfo(docFreq: i + 1, postingsOffset: 10 * i, positionsOffset: 7 * i)
            reference[key] = info
            try key.withUnsafeBufferPointer { k in Result { () throws(IndexError) in try writer.add(k, info) } }.get()
        }
        let file = writer.finish()
        try file.withUnsafeBytes { bytes in
            let reader = try TermDictionaryReader(bytes, path: "t")
            var probes: [[UInt8]] = [[], [0x60], [0x64], [0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61]]
            for key in sorted {
                probes.append(key)
                probes.append(Array(key.dropLast()))
                probes.append(key + [0x61])
                probes.append(key + [0x64])
                probes.append(Array(key.dropLast()) + [key.last! &+ 1])
                probes.append(Array(key.dropLast()) + [key.last! &- 1])
            }
            for _ in 0..<2 * count + 50 { probes.append(randomKey()) }
            for probe in probes {
                let found = try probe.withUnsafeBytes { try reader.lookup($0) }
                #expect(found == reference[probe], "probe \(probe)")
            }
        }
    }
}
