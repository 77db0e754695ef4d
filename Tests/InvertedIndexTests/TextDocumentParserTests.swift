import TestSupport
import Foundation
import Testing

@testable import InvertedIndex

private func outcome(_ text: String) -> TextFileOutcome {
    TextDocumentParser.document(id: "/d", bytes: Array(text.utf8))
}

private func document(_ text: String) -> Document? {
    if case .document(let document, _) = outcome(text) { return document }
    return nil
}

@Suite struct TextDocumentParserTests {
    @Test func seedShapedDateLine() {
        let text =
            " date 2020-10-01 \"We are shocked,\" she wrote on Instagram\n\nThe couple shared the news.\n\nMore text.\n"
        let doc = document(text)
        #expect(doc?.date == DocumentDate("2020-10-01"))
        #expect(doc?.title == "\"We are shocked,\" she wrote on Instagram")
        #expect(doc?.body == "The couple shared the news.\n\nMore text.")
    }

    @Test func dateLineWithoutRestTakesNextLineAsTitle() {
        let doc = document("Date: 2021-09-29\n\n# The Heading #\nBody line.")
        #expect(doc?.date == DocumentDate("2021-09-29"))
        #expect(doc?.title == "The Heading")
        #expect(doc?.body == "Body line.")
    }

    @Test func notADateLine() {
        #expect(document("date 2020-13-01 x\nbody")?.date == nil)
        #expect(document("date 2020-13-01 x\nbody")?.title == "date 2020-13-01 x")
        #expect(document("dated 2020-01-01 x\nbody")?.date == nil)
        #expect(document("date 2020-01-01x\nbody")?.date == nil)
        #expect(document("date 2020-02-29 leap\nbody")?.date == DocumentDate("2020-02-29"))
        #expect(outcome("  date 2020-01-01  \n \n") == .empty)
    }

    @Test func plainAndMarkdownTitles() {
        #expect(
            document("\n\n  First line  \nsecond\nthird\n")
                == Document(id: "/d", title: "First line", body: "second\nthird"))
        #expect(document("## Setup\nRun it.")?.title == "Setup")
        #expect(document("#hashtag\nx")?.title == "#hashtag")
        #expect(document("#!/bin/sh\necho")?.title == "#!/bin/sh")
    }

    @Test func oneLineFileIsTitleAndBody() {
        #expect(document("just one line\n") == Document(id: "/d", title: "just one line", body: "just one line"))
    }

    @Test func longTitleIsCutAtACharacterBoundaryAndKeptInTheBody() {
        let line = String(repeating: "é", count: 150) + " " + String(repeating: "👍🏽", count: 100)
        let doc = document(line + "\nnext")
        #expect(doc?.title.count == TextDocumentParser.titleCharacterLimit)
        #expect(doc?.title.hasSuffix("👍🏽") == true)
        #expect(doc?.body == line + "\nnext")
    }

    @Test func crlfAndBOM() {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("date 2020-01-02 Title\r\n\r\nline one\r\nline two\rthree\r\n".utf8)
        guard case .document(let doc, let repaired) = TextDocumentParser.document(id: "/d", bytes: bytes) else {
            Issue.record("not a document")
            return
        }
        #expect(
            doc
                == Document(
                    id: "/d", title: "Title", date: DocumentDate("2020-01-02"), body: "line one\nline two\nthree"))
        #expect(!repaired)
    }

    @Test func emptyAndWhitespaceOnly() {
        #expect(outcome("") == .empty)
        #expect(outcome(" \n\t\r\n  ") == .empty)
    }

    @Test func binaryDetection() {
        #expect(
            TextDocumentParser.document(id: "/d", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00])
                == .binary)
        var rng = SeededGenerator(seed: 7)
        let noise = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next() | 0x01) }  // no NULs
        #expect(TextDocumentParser.document(id: "/d", bytes: noise) == .binary)
        // A NUL after the first 8 KiB is not looked for: the file is text.
        let late = Array(String(repeating: "text ", count: 2000).utf8) + [0x00] + Array(" tail".utf8)
        guard case .document(let doc, _) = TextDocumentParser.document(id: "/d", bytes: late) else {
            Issue.record("expected text")
            return
        }
        #expect(doc.body.hasSuffix("\u{0} tail"))
    }

    @Test func invalidUTF8IsRepairedAndFlagged() {
        let bytes = Array("Title\ncaf".utf8) + [0xE9] + Array(" au lait\n".utf8)  // Latin-1 é
        #expect(
            TextDocumentParser.document(id: "/d", bytes: bytes)
                == .document(Document(id: "/d", title: "Title", body: "caf\u{FFFD} au lait"), repairedInvalidUTF8: true)
        )
    }

    @Test func utf16WithBOMIsDecoded() {
        let text = "Überschrift\nText 😀"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(
            TextDocumentParser.document(id: "/d", bytes: le)
                == .document(Document(id: "/d", title: "Überschrift", body: "Text 😀"), repairedInvalidUTF8: false))
        let be: [UInt8] = [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(
            TextDocumentParser.document(id: "/d", bytes: be)
                == .document(Document(id: "/d", title: "Überschrift", body: "Text 😀"), repairedInvalidUTF8: false))
    }

    static let seedsFolder = ProcessInfo.processInfo.environment["SEARCH_DATA"].map { $0 + "/seeds" }

    @Test(.enabled(if: seedsFolder != nil, "SEARCH_DATA is not set")) func realSeeds() throws {
        var collector = try DocumentCollector(paths: [Self.seedsFolder!])
        var documents: [Document] = []
        while let document = collector.next() { documents.append(document) }
        // The folder holds the five seeds and a README.md.
        let seeds = documents.filter { $0.id.hasSuffix(".txt") }
        #expect(seeds.count == 5)
        #expect(seeds.map { $0.date?.description } == ["2020-10-01", nil, "2020-10-01", "2020-09-30", "2021-09-29"])
        #expect(seeds[0].title.hasPrefix("\"We are shocked and in the kind of deep pain"))
        #expect(seeds[2].title == "Advtg.")
        #expect(seeds[2].body.hasPrefix("Chrissy Teigen has been left shattered"))
        #expect(seeds[1].title.hasPrefix("Chrissy Teigen suffered a pregnancy loss"))
        #expect(collector.tally.invalidUTF8Repaired == 0)
    }
}
