import TestSupport
import Testing
@testable import Tokenizer

/// Invariants on any input: no crash, no empty term, valid UTF-8 terms of at most 255 bytes,
/// byte ranges inside the input with non-decreasing starts, positions 0, 1, 2, … (increasing,
/// for `english`, which skips the positions of the stop words it drops).
func checkInvariants(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    for kind in Analyzer.Kind.allCases {
        let result = tokens(of: bytes, kind: kind)
        var previousStart = 0
        var previousPosition = -1
        for (index, token) in result.enumerated() {
            #expect(!token.term.isEmpty, sourceLocation: sourceLocation)
            #expect(token.term.count <= TokenPipeline.maxTermBytes, sourceLocation: sourceLocation)
            #expect(String(validating: token.term, as: UTF8.self) != nil, sourceLocation: sourceLocation)
            if kind == .english {
                #expect(token.position > previousPosition, sourceLocation: sourceLocation)
            } else {
                #expect(token.position == index, sourceLocation: sourceLocation)
            }
            previousPosition = token.position
            #expect(token.range.lowerBound >= previousStart && token.range.upperBound <= bytes.count
                    && !token.range.isEmpty, sourceLocation: sourceLocation)
            previousStart = token.range.lowerBound
        }
    }
}

@Suite struct RobustnessTests {
    static let fragments: [[UInt8]] = [
        Array("a".utf8), Array("Z".utf8), Array("7".utf8), Array("_".utf8), Array(".".utf8),
        Array(",".utf8), Array(":".utf8), Array(";".utf8), Array("'".utf8), Array(" ".utf8),
        Array("-".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\"".utf8), Array("é".utf8),
        Array("e\u{301}".utf8), Array("\u{301}".utf8), Array("’".utf8), Array("中".utf8),
        Array("カ".utf8), Array("한".utf8), Array("ж".utf8), Array("א".utf8), Array("ก".utf8),
        Array("\u{200D}".utf8), Array("😀".utf8), Array("🇫".utf8), Array("ß".utf8), Array("ﬁ".utf8),
        Array("Ａ".utf8), Array("\u{AD}".utf8), [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE4, 0xB8],
        [0xF0, 0x9F], [0x80], [0xFF], [0x00], [0xF4, 0x90, 0x80, 0x80], Array("٣".utf8),
        Array("‿".utf8), Array("ℹ".utf8), Array("·".utf8), Array("\u{2060}".utf8), Array("①".utf8),
        Array("\u{3099}".utf8), Array("ｶ".utf8), Array("ﾞ".utf8), Array(" ".utf8), Array("\u{E49}".utf8),
        Array("\u{1100}".utf8), Array("\u{1161}".utf8), Array("\u{11A8}".utf8), Array("ㄱ".utf8),
        Array("，".utf8), Array("。".utf8), Array("゠".utf8), Array("゛".utf8), Array("«".utf8),
    ]

    @Test func randomBytesNeverBreakTheInvariants() {
        var generator = SeededGenerator(state: 29)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<64, using: &generator)
            checkInvariants((0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) })
        }
    }

    @Test func randomFragmentsNeverBreakTheInvariants() {
        var generator = SeededGenerator(state: 30)
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<40, using: &generator)
            checkInvariants((0..<length).flatMap { _ in Self.fragments.randomElement(using: &generator)! })
        }
    }

    /// The ASCII fast path must find exactly the segmenter's words.
    @Test func asciiFastPathAgreesWithTheSegmenter() {
        var generator = SeededGenerator(state: 31)
        for _ in 0..<5000 {
            let length = Int.random(in: 0..<48, using: &generator)
            let bytes = (0..<length).flatMap { _ in Self.fragments.randomElement(using: &generator)! }
            for kind in Analyzer.Kind.allCases {
                let fast = tokens(of: bytes, kind: kind, fastPath: true)
                let slow = tokens(of: bytes, kind: kind, fastPath: false)
                #expect(fast.map(\.term) == slow.map(\.term), "\(bytes)")
                #expect(fast.map(\.range) == slow.map(\.range), "\(bytes) \(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }

    @Test func adversarialInputs() {
        let cases: [[UInt8]] = [
            [0xED, 0xA0, 0x80, 0x61],  // a lone surrogate in UTF-8 form
            [0xC0, 0xAF, 0x61, 0xC0, 0xAF],  // overlong "/"
            [0x61, 0xE4, 0xB8],  // truncated at the end
            [0x00, 0x61, 0x00, 0x62, 0x00],  // NUL bytes
            Array(String(repeating: "😀👍🏽🇫🇷", count: 1000).utf8),  // all emoji
            Array(("a" + String(repeating: "\u{301}", count: 100_000)).utf8),  // mark flood
            Array(("ก" + String(repeating: "\u{E49}", count: 100_000)).utf8),  // kept-mark flood
            Array(String(repeating: "\u{301}", count: 10_000).utf8),
            Array(String(repeating: "中", count: 10_000).utf8),
            Array(String(repeating: "'", count: 10_000).utf8),
            Array(String(repeating: "a.", count: 10_000).utf8),
        ]
        for bytes in cases { checkInvariants(bytes) }
        #expect(tokens(of: [0xED, 0xA0, 0x80, 0x61]).map(\.term) == [[0x61]])
        #expect(tokens(of: [0x61, 0xE4, 0xB8]).map(\.term) == [[0x61]])
        #expect(tokens(of: Array(("a" + String(repeating: "\u{301}", count: 100_000)).utf8)).map(\.term) == [[0x61]])
    }

    @Test func aOneMegabyteWordIsOneTruncatedToken() {
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        let result = tokens(of: bytes)
        #expect(result.count == 1)
        #expect(result.first?.term.count == TokenPipeline.maxTermBytes)
        #expect(result.first?.range == 0..<(1 << 20))
        let cyrillic = Array(String(repeating: "ж", count: 1 << 19).utf8)
        #expect(tokens(of: cyrillic).count == 1)
        checkInvariants(cyrillic)
    }
}
