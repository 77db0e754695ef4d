// libFuzzer target: both analyzers accept any text; tokens lie inside it, positions increase.
import Tokenizer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let length = text.utf8.count
    for analyzer in [Analyzer.standard, Analyzer.simple] {
        var previous = -1
        for token in analyzer.tokens(of: text) {
            precondition(token.byteRange.lowerBound >= 0 && token.byteRange.upperBound <= length, "token outside the text")
            precondition(token.position > previous, "positions must increase")
            precondition(!token.term.isEmpty, "empty term")
            previous = token.position
        }
    }
    return 0
}
