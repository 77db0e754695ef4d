// libFuzzer target: the query parser never crashes; errors carry a column inside the text.
import InvertedIndex

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQueryParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for requireAll in [false, true] {
        do {
            _ = try QueryParser.parse(text, requireAll: requireAll)
        } catch {
            precondition(error.column >= 0 && error.column <= text.unicodeScalars.count + 1, "column \(error.column) outside the query")
        }
    }
    return 0
}
