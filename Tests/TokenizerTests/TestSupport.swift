import Foundation
import Testing
@testable import Tokenizer

/// `$SEARCH_DATA` (the shared data directory), or `nil`: data-file tests are then disabled.
let searchData = ProcessInfo.processInfo.environment["SEARCH_DATA"]
let hasSearchData = searchData != nil
let searchDataReason: Comment = "set SEARCH_DATA to ../shared/data (the Unicode 15.0 test files)"

/// The lines of `$SEARCH_DATA/unicode/<name>`, comments and blank lines removed.
func unicodeDataLines(_ name: String) throws -> [Substring] {
    let url = URL(fileURLWithPath: searchData!).appendingPathComponent("unicode").appendingPathComponent(name)
    let text = try String(contentsOf: url, encoding: .utf8)
    return text.split(separator: "\n").compactMap { line in
        let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return content.allSatisfy(\.isWhitespace) ? nil : content
    }
}

/// Tokens of `bytes` by a pipeline in this thread's scratch (as ``Analyzer/forEachToken(in:_:)``
/// runs it, warm stem cache included), optionally without the ASCII fast path.
func tokens(of bytes: [UInt8], kind: Analyzer.Kind = .simple, fastPath: Bool = true) -> [(term: [UInt8], position: Int, range: Range<Int>)] {
    var result: [(term: [UInt8], position: Int, range: Range<Int>)] = []
    PipelineScratch.withCurrent { scratch in
        var pipeline = TokenPipeline(kind: kind, scratch: scratch)
        pipeline.usesFastPaths = fastPath
        bytes.withUnsafeBufferPointer { buffer in
            pipeline.run(buffer) { result.append((Array($0.term), $0.position, $0.byteRange)) }
        }
    }
    return result
}

/// Terms of `text` as strings.
func terms(_ text: String, _ analyzer: Analyzer = .simple) -> [String] {
    analyzer.tokens(of: text).map(\.term)
}
