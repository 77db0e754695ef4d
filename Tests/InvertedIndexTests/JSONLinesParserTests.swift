import TestSupport
import Testing

@testable import InvertedIndex

private func parse(_ line: String) throws(JSONLineError) -> ParsedJSONLine {
    var parser = JSONLinesParser()
    return try parser.parse(Array(line.utf8))
}

private func parseError(_ line: [UInt8]) -> JSONLineError? {
    var parser = JSONLinesParser()
    do {
        _ = try parser.parse(line)
        return nil
    } catch {
        return error
    }
}

private func parseError(_ line: String) -> JSONLineError? { parseError(Array(line.utf8)) }

@Suite struct JSONLinesParserTests {
    @Test func wikipediaShape() throws {
        let parsed = try parse(
            #"{"id": "12", "title": "Anarchism", "body": "Anarchism is a political philosophy.\nHistory."}"#)
        #expect(
            parsed.document
                == Document(id: "12", title: "Anarchism", body: "Anarchism is a political philosophy.\nHistory."))
        #expect(!parsed.repairedInvalidUTF8)
    }

    @Test func beirShapeWithMetadataSkipped() throws {
        let line =
            #"{"_id": "4983", "title": "Microstructural", "text": "Alterations of the architecture", "metadata": {"a": [1, 2.5e-3, -0, true, false, null, {"b": "x\"y"}], "c": {}}}"#
        let parsed = try parse(line)
        #expect(
            parsed.document == Document(id: "4983", title: "Microstructural", body: "Alterations of the architecture"))
    }

    @Test func fieldsInAnyOrderAndNumericID() throws {
        let parsed = try parse(#"  { "text" : "b" , "extra": [[]], "title": null, "id" : -12.5e+3 }  "#)
        #expect(parsed.document == Document(id: "-12.5e+3", title: "", body: "b"))
    }

    @Test func bodyPreferredOverTextAndMissingBodyIsEmpty() throws {
        #expect(try parse(#"{"id":"1","text":"t","body":"b"}"#).document.body == "b")
        #expect(
            try parse(#"{"id":"1","title":"only a title"}"#).document
                == Document(id: "1", title: "only a title", body: ""))
    }

    @Test func escapes() throws {
        let parsed = try parse(#"{"id":"e","body":"q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20AC"}"#)
        #expect(parsed.document.body == "q\" b\\ s/ \u{8}\u{C}\n\r\t Aé€")
    }

    @Test func surrogatePairsAndLoneSurrogates() throws {
        #expect(try parse(#"{"id":"s","body":"\ud83d\ude00!"}"#).document.body == "😀!")
        #expect(try parse(#"{"id":"s","body":"a\ud83db"}"#).document.body == "a\u{FFFD}b")
        #expect(try parse(#"{"id":"s","body":"a\ude00b"}"#).document.body == "a\u{FFFD}b")
        #expect(try parse(#"{"id":"s","body":"\ud83d\u0041"}"#).document.body == "\u{FFFD}A")
        #expect(try parse(#"{"id":"s","body":"\ud83d"}"#).document.body == "\u{FFFD}")
    }

    @Test func rawUnicodeAndEscapedKeys() throws {
        let parsed = try parse(#"{"\u0069d":"ü","t\u0069tle":"Ελληνικά 中文","body":"naïve — “quotes” 😀"}"#)
        #expect(parsed.document == Document(id: "ü", title: "Ελληνικά 中文", body: "naïve — “quotes” 😀"))
    }

    @Test func invalidUTF8IsRepairedAndReported() throws {
        var parser = JSONLinesParser()
        let plain = Array(#"{"id":"x","body":"a"#.utf8) + [0xFF, 0xC3] + Array(#"b"}"#.utf8)
        let parsed = try parser.parse(plain)
        #expect(parsed.document.body == "a\u{FFFD}\u{FFFD}b")
        #expect(parsed.repairedInvalidUTF8)
        let escaped = Array(#"{"id":"x","body":"\n"#.utf8) + [0xE2, 0x82] + Array(#"\n"}"#.utf8)
        let parsed2 = try parser.parse(escaped)
        #expect(parsed2.document.body == "\n\u{FFFD}\n")
        #expect(parsed2.repairedInvalidUTF8)
        #expect(try !parser.parse(Array(#"{"id":"x","body":"ok"}"#.utf8)).repairedInvalidUTF8)
    }

    @Test func errorsCarryColumnAndMessage() {
        let error = parseError(#"{"id": "1", "title" "x"}"#)
        #expect(error?.code == .syntax)
        #expect(error?.column == 21)
        #expect(error?.description == "expected ':' after key at column 21")
        #expect(parseError(#"{"title": "x"}"#)?.code == .missingID)
        #expect(parseError(#"{"id": ""}"#)?.code == .missingID)
        #expect(parseError(#"{"id": null}"#)?.code == .wrongType)
        #expect(parseError(#"{"id": "1", "body": 3}"#)?.code == .wrongType)
        #expect(parseError(#"{"id": "1", "body": "abc"#)?.code == .unexpectedEnd)
        #expect(parseError(#"{"id": "1", "body": "a\x"}"#)?.code == .invalidEscape)
        #expect(parseError(#"{"id": "1", "body": "a\u12G4"}"#)?.code == .invalidEscape)
        #expect(parseError(#"{"id": "1"} x"#)?.description == "unexpected data after the closing '}' at column 13")
        #expect(parseError(#"["id"]"#)?.description == "expected '{' at the start of the line at column 1")
        #expect(parseError(#"{"id": "1", "m": [1, 2}"#)?.code == .syntax)
        #expect(parseError(#"{"id": "1", "m": 01}"#)?.code == .syntax)
        #expect(parseError(#"{"id": "1", "m": tru}"#)?.code == .syntax)
        #expect(parseError(#"{"id": "1",}"#)?.code == .syntax)
        #expect(parseError("")?.code == .unexpectedEnd)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = #"{"id":"1","m":"# + String(repeating: "[", count: 100_000)
        #expect(parseError(deep)?.code == .tooDeep)
        let fine = #"{"id":"1","m":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"
        #expect(parseError(fine) == nil)
    }

    /// Random bytes, truncations and mutations of valid lines must give a document or an error.
    @Test func fuzzNeverCrashes() {
        var rng = SeededGenerator(seed: 0x5EED)
        let seeds = [
            #"{"_id": "4983", "title": "T", "text": "a\"b\\c\u00e9\ud83d\ude00", "metadata": {"x": [1, -2.5e3, true, null, {}]}}"#,
            #"{"id": 12, "title": "Anarchism", "body": "x\ny — ü"}"#,
        ].map { Array($0.utf8) }
        let alphabet =
            Array(#"{}[]":,\u0123456789abcdefnrtl-+.eE ""#.utf8) + [0x80, 0xFF, 0xC3, 0xED, 0xF0, 0x00, 0x0D]
        var parser = JSONLinesParser()
        var outcomes = (ok: 0, failed: 0)
        for round in 0..<20_000 {
            var line = seeds[round % seeds.count]
            switch round % 4 {
            case 0: line = Array(line.prefix(Int(rng.next() % UInt64(line.count + 1))))
            case 1:
                for _ in 0..<(1 + rng.next() % 4) {
                    line[Int(rng.next() % UInt64(line.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                }
            case 2: line = (0..<Int(rng.next() % 64)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            default: line = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            do {
                _ = try parser.parse(line)
                outcomes.ok += 1
            } catch {
                outcomes.failed += 1
                #expect(error.column >= 0 && error.column <= line.count + 1)
            }
        }
        #expect(outcomes.ok > 0 && outcomes.failed > 0)
    }
}

@Suite struct JSONLinesReaderTests {
    private func read(_ text: [UInt8], maxLineBytes: Int = 1 << 20) -> [JSONLine] {
        Array(JSONLinesReader(bytes: text, maxLineBytes: maxLineBytes))
    }

    @Test func malformedLinesReportedWithLineNumbersAndTheRestRead() {
        let text = """
            {"id": "1", "body": "one"}

            {"id": "2" "body": "two"}
            {"id": "3", "body": "three"}
            not json
            {"id": "5", "body": "five"}
            """
        let lines = read(Array(text.utf8))
        #expect(lines.map(\.lineNumber) == [1, 3, 4, 5, 6])
        let good = lines.compactMap { try? $0.result.get().document.id }
        #expect(good == ["1", "3", "5"])
        let bad = lines.compactMap { line -> String? in
            guard case .failure(let error) = line.result else { return nil }
            return "\(line.lineNumber): \(error)"
        }
        #expect(
            bad == [
                "3: expected ',' or '}' after a value at column 12",
                "5: expected '{' at the start of the line at column 1",
            ])
    }

    @Test func crlfBOMLastLineWithoutNewlineAndBlankLines() {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("{\"id\":\"a\",\"body\":\"x\"}\r\n \t\r\n\r\n{\"id\":\"b\",\"body\":\"y\"}".utf8)
        let lines = read(bytes)
        #expect(lines.map(\.lineNumber) == [1, 4])
        #expect(
            lines.compactMap { try? $0.result.get().document } == [
                Document(id: "a", body: "x"), Document(id: "b", body: "y"),
            ])
    }

    @Test func tooLongLinesAreSkipped() throws {
        let long = "{\"id\":\"1\",\"body\":\"" + String(repeating: "x", count: 5000) + "\"}"
        let text = long + "\n{\"id\":\"2\"}\n" + long + "\n{\"id\":\"4\"}"
        let directory = try TemporaryDirectory()
        let path = try directory.write("long.jsonl", Array(text.utf8))
        let lines = Array(try JSONLinesReader(path: path, maxLineBytes: 100))
        #expect(lines.map(\.lineNumber) == [1, 2, 3, 4])
        #expect(lines.compactMap { try? $0.result.get().document.id } == ["2", "4"])
        if case .failure(let error) = lines[0].result {
            #expect(error.code == .lineTooLong)
        } else {
            Issue.record("expected failure")
        }
        // Lines longer than the read buffer (1 MiB) are skipped while streaming.
        let huge = "{\"id\":\"1\",\"body\":\"" + String(repeating: "y", count: 3 << 20) + "\"}"
        let hugePath = try directory.write(
            "huge.jsonl", Array((huge + "\n{\"id\":\"2\"}\n" + huge + "\n{\"id\":\"4\"}\n" + huge).utf8))
        let hugeLines = Array(try JSONLinesReader(path: hugePath, maxLineBytes: 1_500_000))
        #expect(hugeLines.map(\.lineNumber) == [1, 2, 3, 4, 5])
        #expect(hugeLines.compactMap { try? $0.result.get().document.id } == ["2", "4"])
        let generous = Array(try JSONLinesReader(path: hugePath, maxLineBytes: 4 << 20))
        #expect(generous.compactMap { try? $0.result.get().document.id } == ["1", "2", "1", "4", "1"])
    }

    @Test func readsAFileLargerThanTheBufferWithLinesAcrossChunks() throws {
        var text = ""
        for n in 0..<30_000 {
            text += "{\"id\": \(n), \"title\": \"t\(n)\", \"body\": \"\(String(repeating: "word ", count: n % 50))\"}\n"
        }
        let directory = try TemporaryDirectory()
        let path = try directory.write("many.jsonl", Array(text.utf8))
        let reader = try JSONLinesReader(path: path)
        var count = 0
        for line in reader {
            guard case .success(let parsed) = line.result, parsed.document.id == String(count) else {
                Issue.record("line \(line.lineNumber) wrong")
                break
            }
            count += 1
        }
        #expect(count == 30_000)
        #expect(reader.bytesRead == text.utf8.count)
        #expect(reader.readError == nil)
    }
}

