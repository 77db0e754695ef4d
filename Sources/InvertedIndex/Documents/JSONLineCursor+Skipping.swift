// Validating and skipping the values `JSONLinesParser` does not keep (numbers, literals, nested
// objects and arrays such as BEIR's `metadata`) without building strings or recursing.

extension JSONLineCursor {
    /// Skips any JSON value starting at `i`, validating it. Containers are tracked on `stack`
    /// (one byte per level: the expected closing bracket) instead of recursing.
    mutating func skipValue(stack: inout [UInt8]) throws(JSONLineError) {
        stack.removeAll(keepingCapacity: true)
        while true {
            // Expect a value.
            skipSpace()
            guard i < end else { throw fail(.unexpectedEnd, "expected a value, but the line ended") }
            switch base[i] {
            case 0x22: try skipString()
            case 0x7B, 0x5B:
                guard stack.count < JSONLinesParser.maxDepth else {
                    throw fail(.tooDeep, "nesting deeper than \(JSONLinesParser.maxDepth)")
                }
                let isObject = base[i] == 0x7B
                stack.append(isObject ? 0x7D : 0x5D)
                i += 1
                skipSpace()
                if peek() == stack.last {
                    i += 1
                    stack.removeLast()
                } else if isObject {
                    try skipMemberKey()
                    continue
                } else {
                    continue
                }
            case 0x74: try skipLiteral("true")
            case 0x66: try skipLiteral("false")
            case 0x6E: try skipLiteral("null")
            case 0x2D, 0x30...0x39: try skipNumber()
            default: throw fail(.syntax, "expected a value")
            }
            // After a complete value: close containers or move to the next element.
            while true {
                guard let close = stack.last else { return }
                skipSpace()
                guard i < end else {
                    throw fail(
                        .unexpectedEnd, "expected ',' or '\(Character(Unicode.Scalar(close)))', but the line ended")
                }
                if base[i] == close {
                    i += 1
                    stack.removeLast()
                } else if base[i] == 0x2C {
                    i += 1
                    if close == 0x7D { try skipMemberKey() }
                    break
                } else {
                    throw fail(.syntax, "expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
            }
        }
    }

    /// Inside a skipped object: skips `"key" :`.
    mutating func skipMemberKey() throws(JSONLineError) {
        skipSpace()
        guard i < end else { throw fail(.unexpectedEnd, "expected a key, but the line ended") }
        guard base[i] == 0x22 else { throw fail(.syntax, "expected '\"' to start a key") }
        try skipString()
        skipSpace()
        try expect(0x3A, "expected ':' after key")
    }

    mutating func skipLiteral(_ word: StaticString) throws(JSONLineError) {
        let n = word.utf8CodeUnitCount
        for k in 0..<n {
            guard i + k < end else { throw fail(.unexpectedEnd, "truncated literal '\(word)'", at: i + k) }
            guard base[i + k] == word.utf8Start[k] else {
                throw fail(.syntax, "invalid literal (expected '\(word)')", at: i + k)
            }
        }
        i += n
    }

    /// Skips `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func skipNumber() throws(JSONLineError) {
        func digits() -> Int {
            let s = i
            while i < end, (base[i] &- 0x30) < 10 { i += 1 }
            return i - s
        }
        if peek() == 0x2D { i += 1 }
        if peek() == 0x30 {
            i += 1
        } else if digits() == 0 {
            throw fail(i < end ? .syntax : .unexpectedEnd, "expected a digit in number")
        }
        if peek() == 0x2E {
            i += 1
            if digits() == 0 { throw fail(i < end ? .syntax : .unexpectedEnd, "expected a digit after '.' in number") }
        }
        if peek() == 0x65 || peek() == 0x45 {
            i += 1
            if peek() == 0x2B || peek() == 0x2D { i += 1 }
            if digits() == 0 { throw fail(i < end ? .syntax : .unexpectedEnd, "expected a digit in exponent") }
        }
    }

    /// With `i` at an opening quote: skips the string, validating its escapes but decoding nothing.
    mutating func skipString() throws(JSONLineError) {
        let open = i
        var j = i + 1
        while true {
            j = ByteScanning.findQuoteOrBackslash(base, from: j, to: end)
            guard j < end else {
                throw fail(.unexpectedEnd, "unterminated string (opened at column \(open + 1))", at: end)
            }
            if base[j] == 0x22 { break }
            guard j + 1 < end else { throw fail(.unexpectedEnd, "unterminated escape sequence", at: j) }
            switch base[j + 1] {
            case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: j += 2
            case 0x75:
                guard j + 6 <= end else { throw fail(.unexpectedEnd, "truncated \\u escape", at: j) }
                for k in j + 2..<j + 6 where hexValue(base[k]) == nil {
                    throw fail(.invalidEscape, "invalid hex digit in \\u escape", at: k)
                }
                j += 6
            default:
                throw fail(.invalidEscape, "invalid escape '\\\(Character(Unicode.Scalar(base[j + 1])))'", at: j)
            }
        }
        i = j + 1
    }
}
