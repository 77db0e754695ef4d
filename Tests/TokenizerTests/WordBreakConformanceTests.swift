import Foundation
import Testing
@testable import Tokenizer

/// Every line of Unicode 15.0's WordBreakTest.txt: the segmenter's boundaries, byte for byte.
@Suite struct WordBreakConformanceTests {
    @Test(.enabled(if: hasSearchData, searchDataReason))
    func everyLineOfWordBreakTest() throws {
        var passed = 0
        var failures: [String] = []
        for line in try unicodeDataLines("WordBreakTest.txt") {
            var bytes: [UInt8] = []
            var expected: [Int] = []
            for field in line.split(whereSeparator: \.isWhitespace) {
                switch field {
                case "÷": expected.append(bytes.count)
                case "×": break
                default: bytes.append(contentsOf: String(Unicode.Scalar(UInt32(field, radix: 16)!)!).utf8)
                }
            }
            var actual = [0]
            bytes.withUnsafeBufferPointer { buffer in
                let segmenter = WordSegmenter(text: buffer.baseAddress!, count: buffer.count)
                var index = 0
                while index < buffer.count {
                    index = segmenter.segmentEnd(from: index)
                    actual.append(index)
                }
            }
            if actual == expected {
                passed += 1
            } else {
                failures.append("\(line): expected \(expected), got \(actual)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(20).joined(separator: "\n"))")
        #expect(passed > 1800)
    }
}
