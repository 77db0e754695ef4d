/// Word boundaries per UAX #29 "Unicode Text Segmentation", Unicode 15.0 (rules WB1–WB999),
/// over UTF-8 bytes.
///
/// Each call finds the end of the segment that starts at a given boundary. The rules look at
/// most one scalar ahead after a `MidLetter`/`MidNum`-like scalar (WB6, WB7b, WB12), skipping
/// Extend/Format/ZWJ (WB4), so the cost is linear in the text. Invalid UTF-8 bytes are U+FFFD
/// (Word_Break Other): each is a segment of its own unless marks follow it.
///
/// Conformance: every case of `WordBreakTest.txt` (see `WordBreakConformanceTests`).
/// The token pipeline skips this for plain ASCII words (`TokenPipeline.run`); the two must
/// agree, which `ASCIIFastPathTests` checks on random text.
struct WordSegmenter {
    let text: UnsafePointer<UInt8>
    let count: Int
    let table: CharacterTable

    init(text: UnsafePointer<UInt8>, count: Int, table: CharacterTable = .shared) {
        self.text = text
        self.count = count
        self.table = table
    }

    /// The boundary that ends the segment starting at `start` (`start < count`).
    func segmentEnd(from start: Int) -> Int {
        var (scalar, length) = decodeUTF8(text, at: start, count: count)
        var index = start &+ length
        var last = table.entry(scalar).wordBreak  // previous scalar, skipping WB4's ignorables
        var lastRaw = last  // previous scalar, for WB3c and WB3d
        switch last {
        case .cr:  // WB3, WB3a
            return index < count && text[index] == 0x0A ? index &+ 1 : index
        case .lf, .newline:  // WB3a
            return index
        default:
            break
        }
        var regionalIndicators = last == .regionalIndicator ? 1 : 0
        while index < count {
            (scalar, length) = decodeUTF8(text, at: index, count: count)
            let entry = table.entry(scalar)
            let current = entry.wordBreak
            switch current {
            case .cr, .lf, .newline:  // WB3b
                return index
            case .extend, .format, .zwj:  // WB4 (WB3c needs no check: ZWJ × ZWJ holds anyway)
                index &+= length
                lastRaw = current
                continue
            default:
                break
            }
            if lastRaw == .zwj && entry.isExtendedPictographic {  // WB3c
                index &+= length
                last = current
                lastRaw = current
                continue
            }
            if lastRaw == .wSegSpace && current == .wSegSpace {  // WB3d
                index &+= length
                continue
            }
            switch Self.rule(last, current) {
            case .join:
                last = current
            case .joinBeforeLetter:  // WB6/WB7, else WB7a for Hebrew_Letter × Single_Quote
                if isAHLetter(nextClass(after: index &+ length)) {
                    // Keep `last`: the letter that follows then joins by WB5, as WB7 says.
                } else if last == .hebrewLetter && current == .singleQuote {
                    last = current
                } else {
                    return index
                }
            case .joinBeforeHebrewLetter:  // WB7b, WB7c
                guard nextClass(after: index &+ length) == .hebrewLetter else { return index }
            case .joinBeforeNumber:  // WB11, WB12
                guard nextClass(after: index &+ length) == .numeric else { return index }
            case .joinRegionalIndicator:  // WB15, WB16
                guard regionalIndicators & 1 == 1 else { return index }
                regionalIndicators &+= 1
            case .split:  // WB999
                return index
            }
            index &+= length
            lastRaw = current
        }
        return index  // WB2
    }

    /// The Word_Break value of the first scalar at or after `index` that is not Extend, Format
    /// or ZWJ (WB4), or `nil` at the end of the text.
    private func nextClass(after index: Int) -> WordBreak? {
        var index = index
        while index < count {
            let (scalar, length) = decodeUTF8(text, at: index, count: count)
            let entry = table.entry(scalar)
            if !entry.isIgnorable { return entry.wordBreak }
            index &+= length
        }
        return nil
    }

    @inline(__always) private func isAHLetter(_ value: WordBreak?) -> Bool {
        value == .aLetter || value == .hebrewLetter
    }

    /// What the rules WB5–WB16 say between two non-ignorable scalars.
    enum Rule {
        case join, joinBeforeLetter, joinBeforeHebrewLetter, joinBeforeNumber, joinRegionalIndicator, split
    }

    @inline(__always) static func rule(_ last: WordBreak, _ current: WordBreak) -> Rule {
        switch last {
        case .aLetter, .hebrewLetter:
            switch current {
            case .aLetter, .hebrewLetter, .numeric, .extendNumLet: return .join  // WB5, WB9, WB13a
            case .midLetter, .midNumLet, .singleQuote: return .joinBeforeLetter  // WB6, WB7a
            case .doubleQuote: return last == .hebrewLetter ? .joinBeforeHebrewLetter : .split  // WB7b
            default: return .split
            }
        case .numeric:
            switch current {
            case .numeric, .aLetter, .hebrewLetter, .extendNumLet: return .join  // WB8, WB10, WB13a
            case .midNum, .midNumLet, .singleQuote: return .joinBeforeNumber  // WB12
            default: return .split
            }
        case .katakana:
            return current == .katakana || current == .extendNumLet ? .join : .split  // WB13, WB13a
        case .extendNumLet:
            switch current {
            case .aLetter, .hebrewLetter, .numeric, .katakana, .extendNumLet: return .join  // WB13a/b
            default: return .split
            }
        case .regionalIndicator:
            return current == .regionalIndicator ? .joinRegionalIndicator : .split
        default:
            return .split
        }
    }
}
