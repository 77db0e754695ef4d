import Foundation
import Testing
@testable import Tokenizer

@Suite struct AnalyzerExampleTests {
    @Test func possessivesMeetAcrossApostrophes() {
        #expect(terms("Teigen’s", .standard) == ["teigen"])
        #expect(terms("Teigen's", .standard) == ["teigen"])
        #expect(terms("Teigen’s") == ["teigen's"])
        #expect(terms("Teigen's") == ["teigen's"])
    }

    @Test func caseCompatibilityAndAccentsFold() {
        #expect(terms("TRANSFUSIONS transfusions") == ["transfusions", "transfusions"])
        #expect(terms("Café cafe\u{301} CAFÉ") == ["cafe", "cafe", "cafe"])
        #expect(terms("ﬁne") == ["fine"])
        #expect(terms("Straße STRASSE") == ["strasse", "strasse"])
        #expect(terms("ＡＢＣ ａｂｃ１２") == ["abc", "abc12"])
        #expect(terms("ΣΟΦΟΣ σοφος") == ["σοφοσ", "σοφοσ"])
        #expect(terms("Ёлка МОЙ") == ["елка", "мой"])
    }

    @Test func wordsFollowUAX29() {
        #expect(terms("U.S.A. 3.14 1,000 don't foo_bar e-mail a:b") ==
                ["u.s.a", "3.14", "1,000", "don't", "foo_bar", "e", "mail", "a:b"])
        #expect(terms("'quoted' \"words\" end.") == ["quoted", "words", "end"])
        #expect(terms("I ❤️ 🇫🇷 NY — ok") == ["i", "ny", "ok"])
        #expect(terms("a\u{200D}😀 b") == ["a", "b"])
        #expect(terms("soft\u{AD}hyphen") == ["softhyphen"])
        #expect(terms("हिन्दी भाषा") == ["हिन्दी", "भाषा"])
    }

    @Test func cjkIsIndexedAsBigrams() {
        let tokens = Analyzer.simple.tokens(of: "东京都")
        #expect(tokens.map(\.term) == ["东京", "京都"])
        #expect(tokens.map(\.position) == [0, 1])
        #expect(tokens.map(\.byteRange) == [0..<6, 3..<9])
        #expect(terms("カタカナ") == ["カタ", "タカ", "カナ"])
        #expect(terms("ひらがなを") == ["ひら", "らが", "がな", "なを"])
        #expect(terms("ｶﾀｶﾅ") == ["カタ", "タカ", "カナ"])
        #expect(terms("ｶﾞｲﾄﾞ ｶ\u{3099}ｲﾄ\u{3099}") == ["ガイ", "イド", "ガイ", "イド"])
        #expect(terms("ﾊﾟﾝ が か\u{3099}") == ["パン", "が", "が"])
        #expect(terms("ｱﾞ") == ["ア\u{3099}"])  // no composed form: stays decomposed
        let nfd = "한국어".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count == 8)
        #expect(terms(nfd) == ["한국", "국어"])
        #expect(terms("ㄱㅏ") == ["가"])  // compatibility jamo, composed as NFKC does
        #expect(terms("ㄱㅏㄱ") == ["가\u{1100}"])  // NFKC too: compatibility ㄱ is a leading consonant
        #expect(terms("\u{1100}\u{1100}\u{1161}") == ["\u{1100}가"])
        #expect(terms("中 文") == ["中", "文"])
        #expect(terms("I love 北京!") == ["i", "love", "北京"])
        #expect(terms("中a文") == ["中", "a", "文"])
        #expect(terms("한국어 2024년") == ["한국", "국어", "2024", "년"])
        #expect(terms("東京タワー") == ["東京", "京タ", "タワ", "ワー"])
        #expect(terms("ภาษาไทย") == ["ภา", "าษ", "ษา", "าไ", "ไท", "ทย"])
    }

    @Test func positionsAndByteRangesSliceTheText() {
        let text = "Crème brûlée, 東京 and Teigen’s U.S. café"
        let tokens = Analyzer.simple.tokens(of: text)
        let bytes = Array(text.utf8)
        let slices = tokens.map { String(decoding: bytes[$0.byteRange], as: UTF8.self) }
        #expect(slices == ["Crème", "brûlée", "東京", "and", "Teigen’s", "U.S", "café"])
        #expect(tokens.map(\.position) == Array(0..<7))
        #expect(tokens.map(\.term) == ["creme", "brulee", "東京", "and", "teigen's", "u.s", "cafe"])
    }

    @Test func longWordsAreCutAt255Bytes() {
        let long = String(repeating: "ab", count: 200) + " x"
        let tokens = Analyzer.simple.tokens(of: long)
        #expect(tokens.map(\.term.utf8.count) == [255, 1])
        #expect(tokens[0].byteRange == 0..<400)
        let accented = String(repeating: "é", count: 200)  // two bytes each: cut at a scalar boundary
        #expect(terms(accented) == [String(repeating: "e", count: 200)])
        let cyrillic = String(repeating: "ж", count: 200)
        #expect(terms(cyrillic) == [String(repeating: "ж", count: 127)])
    }

    @Test func publicConstants() {
        #expect(Analyzer.maximumTermLength == 255)
        #expect(Analyzer.unicodeVersion == "15.0.0")
    }

    @Test func analyzerNames() {
        #expect(Analyzer(named: "standard") == .standard)
        #expect(Analyzer(named: "simple") == .simple)
        #expect(Analyzer(named: "nope") == nil)
    }
}
