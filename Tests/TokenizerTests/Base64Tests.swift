import Foundation
import Testing

@testable import Tokenizer

/// The decoder of the generated Unicode table, against Foundation's encoder.
@Suite("Base64 decoding of the generated tables")
struct Base64Tests {
    @Test("decodes what Foundation encodes, with line breaks, indentation and padding skipped")
    func roundTrip() {
        var rng = SystemRandomNumberGenerator()
        let lengths = Array(0...20) + (0..<40).map { _ in Int.random(in: 21...5_000, using: &rng) }
        for length in lengths {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let plain = Data(bytes).base64EncodedString()
            let wrapped = Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
                .split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
            for text in [plain, wrapped] {
                var decoded = [UInt8](repeating: 0, count: length + 4)
                let written = Array(text.utf8).withUnsafeBufferPointer { input in
                    decoded.withUnsafeMutableBytes { Base64.decode(input, into: $0.baseAddress!) }
                }
                #expect(written == length, "length \(length)")
                #expect(Array(decoded.prefix(written)) == bytes, "length \(length)")
            }
        }
    }
}
