import Foundation
import InvertedIndex

/// Non-Latin text for the tokenizer benchmark: Debian's `fortunes-ru` (Russian) and
/// `fortunes-zh` (Chinese) packages, which `.ci/run` installs. Each fortune (the text between
/// `%` lines) is one document, so the per-call cost counts as it does for real documents.
enum NonLatinSample {
    /// Where Debian's `fortune` packages put their files.
    static let defaultDirectory = "/usr/share/games/fortunes"

    /// One sample: a name (`ru`, `zh`) and its fortunes as documents.
    struct Sample {
        var name: String
        var documents: [Document]
        var bytes: Int
    }

    /// The Russian and Chinese samples found under `directory`; a sample whose files are
    /// missing is left out (the report says so).
    static func load(directory: String = defaultDirectory) -> [Sample] {
        let russianDirectory = directory + "/ru"
        let russianFiles = ((try? FileManager.default.contentsOfDirectory(atPath: russianDirectory)) ?? [])
            .filter { !$0.hasSuffix(".dat") && !$0.hasSuffix(".u8") }
            .sorted()
            .map { russianDirectory + "/" + $0 }
        // `chinese`, `song100`, `tang300` (the `.u8` names are links to them).
        let chineseFiles = ["chinese", "song100", "tang300"].map { directory + "/" + $0 }
        return [("ru", russianFiles), ("zh", chineseFiles)].compactMap { name, files in
            let documents = files.flatMap(fortunes(path:))
            guard !documents.isEmpty else { return nil }
            let bytes = documents.reduce(0) { $0 + $1.body.utf8.count }
            return Sample(name: name, documents: documents, bytes: bytes)
        }
    }

    /// The fortunes of one file (text between lines holding only `%`); none if unreadable.
    static func fortunes(path: String) -> [Document] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        var documents: [Document] = []
        var current = ""
        func flush() {
            if !current.isEmpty {
                documents.append(Document(id: "\(path)#\(documents.count)", title: "", body: current))
            }
            current = ""
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "%" { flush() } else { current += line + "\n" }
        }
        flush()
        return documents
    }
}
