import Foundation

/// The per-call state of an ``Analyzer``: a reusable term buffer and the position counter.
///
/// v1 (to be replaced by the UAX #29 segmenter and generated folding tables): words are runs
/// of letters, digits and marks, joined across a single `'` or `’` between letters; ASCII is
/// lower-cased in place, other words are folded with Foundation.
struct TokenPipeline {
    let kind: Analyzer.Kind
    var term: [UInt8] = []
    var position = 0

    init(kind: Analyzer.Kind) {
        self.kind = kind
        term.reserveCapacity(64)
    }

    mutating func run(_ text: UnsafeBufferPointer<UInt8>, _ body: (Token) throws -> Void) rethrows {
        var index = 0
        let count = text.count
        while index < count {
            // Skip to the start of a word.
            var start = index
            var scalar = decode(text, at: &index)
            while !isWordScalar(scalar) {
                if index >= count { return }
                start = index
                scalar = decode(text, at: &index)
            }
            var end = index
            var asciiOnly = scalar < 0x80
            while index < count {
                var next = index
                let value = decode(text, at: &next)
                if isWordScalar(value) {
                    asciiOnly = asciiOnly && value < 0x80
                    index = next
                    end = next
                } else if value == 0x27 || value == 0x2019, next < count {
                    var after = next
                    let following = decode(text, at: &after)
                    guard isWordScalar(following) else { break }
                    asciiOnly = false
                    index = after
                    end = after
                } else {
                    break
                }
            }
            try emit(text, start..<end, asciiOnly: asciiOnly, body)
        }
    }

    private mutating func emit(
        _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, asciiOnly: Bool,
        _ body: (Token) throws -> Void
    ) rethrows {
        term.removeAll(keepingCapacity: true)
        if asciiOnly {
            for i in range {
                let byte = text[i]
                term.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            }
        } else {
            let word = String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
            let folded = word.replacingOccurrences(of: "\u{2019}", with: "'")
                .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
                .lowercased()
            term.append(contentsOf: folded.utf8)
        }
        if kind == .standard {
            if term.count > 2, term[term.count - 2] == 0x27, term[term.count - 1] == 0x73 {
                term.removeLast(2)
            }
            let length = term.withUnsafeMutableBufferPointer { EnglishStemmer.stem($0.baseAddress!, count: $0.count) }
            term.removeLast(term.count - length)
        }
        guard !term.isEmpty else { return }
        let current = position
        position += 1
        try term.withUnsafeBufferPointer {
            try body(Token(term: $0, position: current, byteRange: range))
        }
    }

    /// Decodes one scalar at `index` and advances it; invalid UTF-8 yields U+FFFD.
    private func decode(_ text: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32 {
        let lead = text[index]
        if lead < 0x80 {
            index += 1
            return UInt32(lead)
        }
        var iterator = text[index...].makeIterator()
        var decoder = UTF8()
        let startIndex = index
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar):
            index += UTF8.width(scalar)
            return scalar.value
        default:
            index = startIndex + 1
            return 0xFFFD
        }
    }

    private func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 {
            let byte = UInt8(value)
            return byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26
        }
        guard let scalar = Unicode.Scalar(value) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }
}
