// libFuzzer target: the JSON-lines parser accepts or rejects any line without crashing.
import InvertedIndex

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var parser = JSONLinesParser()
    let bytes = UnsafeBufferPointer(start: data, count: size)
    if let parsed = try? parser.parse(bytes) {
        precondition(!parsed.document.id.isEmpty || true)
        _ = parsed.document.title.utf8.count + parsed.document.body.utf8.count
    }
    // The same bytes through the collection entry point.
    _ = try? parser.parse(Array(bytes))
    return 0
}
