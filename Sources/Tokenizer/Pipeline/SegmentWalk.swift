/// The general path: a UAX #29 segment, walked scalar by scalar.
extension TokenPipeline {
    /// Folds and emits the words and CJK units of the segment `start..<end`.
    mutating func segment(
        _ text: UnsafePointer<UInt8>, from start: Int, to end: Int, _ body: (Token) throws -> Void
    ) rethrows {
        enum Run { case none, word, unit }
        let pool = table.pool
        var run = Run.none
        var runStart = start
        var length = 0
        var limit = 0
        var hasWordCharacter = false
        var unitIsKatakana = false
        var index = start
        while index < end {
            let (scalar, scalarLength) = decodeUTF8(text, at: index, count: end)
            let entry = table.entry(scalar)
            let source = text + index
            if entry.isVoicingMark && run == .unit && (entry.isIgnorable || unitIsKatakana) {
                appendVoicingMark(entry, source: source, length: scalarLength, table: table, to: unit, count: &length, limit: &limit)
            } else if entry.isIgnorable {  // marks etc. belong to what precedes them (WB4)
                switch run {
                case .word:
                    appendFolded(entry, source: source, length: scalarLength, pool: pool, to: term, count: &length, limit: &limit)
                case .unit:
                    appendFolded(entry, source: source, length: scalarLength, pool: pool, to: unit, count: &length, limit: &limit)
                case .none:
                    break
                }
            } else if entry.isBigramCharacter {
                if run == .unit && isComposableJamo(scalar)
                    && composeHangul(scalar, entry, table: table, unit: unit, count: length)
                {
                    index &+= scalarLength
                    continue
                }
                switch run {
                case .word: if hasWordCharacter { try emitWord(count: length, range: runStart..<index, body) }
                case .unit: try addUnit(start: runStart, end: index, unitCount: length, body)
                case .none: break
                }
                run = .unit
                runStart = index
                unitIsKatakana = entry.wordBreak == .katakana
                length = 0
                limit = Self.maxUnitBytes
                appendFolded(entry, source: source, length: scalarLength, pool: pool, to: unit, count: &length, limit: &limit)
            } else {
                if run != .word {
                    if run == .unit { try addUnit(start: runStart, end: index, unitCount: length, body) }
                    if !entry.isWordCharacter && entry.wordBreak != .extendNumLet {
                        // A word starts with a letter, digit or `_`. Punctuation, spaces and
                        // symbols that UAX #29 glues before one (`한.z` by WB6 after a CJK
                        // unit, ` ‍ℹ` by WB4 and WB3c) are left out, as the fast paths do.
                        run = .none
                        index &+= scalarLength
                        continue
                    }
                    try closeBigramRun(body)
                    run = .word
                    runStart = index
                    length = 0
                    limit = Self.maxTermBytes
                    hasWordCharacter = false
                }
                // Symbols and emoji glued on by WB3c/WB4 (`a‍😀`) are not part of the term.
                if entry.isWordCharacter || entry.wordBreak != .other {
                    appendFolded(entry, source: source, length: scalarLength, pool: pool, to: term, count: &length, limit: &limit)
                    hasWordCharacter = hasWordCharacter || entry.isWordCharacter
                }
            }
            index &+= scalarLength
        }
        switch run {
        case .word: if hasWordCharacter { try emitWord(count: length, range: runStart..<end, body) }
        case .unit: try addUnit(start: runStart, end: end, unitCount: length, body)
        case .none: break
        }
    }
}
