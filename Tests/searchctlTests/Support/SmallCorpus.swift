import TestSupport
import Foundation

/// A tiny corpus the tests write themselves, with its expected BM25 scores computed
/// independently (Lucene's BM25 with searchctl's defaults k1 = 1.5, b = 0.75, without the
/// (k1 + 1) factor, over the `text` field = title + body). It is indexed with the `standard`
/// analyzer, which keeps stop words, so the reference counts every word of a document.
struct SmallCorpus {
    struct File {
        let path: String
        let contents: String
        let title: String
        let body: String
        let date: String?
    }

    static let files: [File] = [
        File(
            path: "a.txt", contents: "Alpha river\n\nThe river runs past the old stone mill.\n",
            title: "Alpha river", body: "The river runs past the old stone mill.", date: nil),
        File(
            path: "b.txt", contents: "Beta stone\n\nA stone in the river, a stone on the hill.\n",
            title: "Beta stone", body: "A stone in the river, a stone on the hill.", date: nil),
        File(
            path: "c.txt", contents: "date 2021-05-06 Gamma night\n\nStars over the sea at night.\n",
            title: "Gamma night", body: "Stars over the sea at night.", date: "2021-05-06"),
        File(
            path: "notes/d.md", contents: "# Delta light\n\nLight on the sea; the river of light.\n",
            title: "Delta light", body: "Light on the sea; the river of light.", date: nil),
    ]

    /// Writes the corpus into `directory` (under `folder`, if given).
    static func write(into directory: TemporaryDirectory, folder: String = "") throws {
        for file in files { try directory.write(folder.isEmpty ? file.path : folder + "/" + file.path, file.contents) }
    }

    /// A temporary folder with the corpus, indexed by `searchctl index --analyzer standard ARGS`
    /// run in it.
    static func indexed(_ extraArguments: [String] = []) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try write(into: directory)
        let result = try directory.run(["index", "--analyzer", "standard"] + extraArguments)
        guard result.status == 0 else { throw CLIFailure(result: result) }
        return directory
    }

    /// BM25 scores of a one-word query over the `text` field, best first (ties by path).
    static func ranking(_ word: String) -> [(file: File, score: Double)] {
        let lengths = files.map { Double(words($0.title).count + words($0.body).count) }
        let average = lengths.reduce(0, +) / Double(files.count)
        let frequencies = files.map { file in (words(file.title) + words(file.body)).filter { $0 == word }.count }
        let documentFrequency = Double(frequencies.filter { $0 > 0 }.count)
        let n = Double(files.count)
        let idf = log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5))
        var result: [(file: File, score: Double)] = []
        for (index, file) in files.enumerated() where frequencies[index] > 0 {
            let tf = Double(frequencies[index])
            result.append((file, idf * tf / (tf + 1.5 * (1 - 0.75 + 0.75 * lengths[index] / average))))
        }
        return result.sorted { $0.score != $1.score ? $0.score > $1.score : $0.file.path < $1.file.path }
    }

    /// The body with each occurrence of `word` (whole word, any case) in [brackets], as the
    /// text output marks highlights when colors are off.
    static func marked(_ body: String, _ word: String) -> String {
        body.replacing(try! Regex("(?i)\\b\(word)\\b")) { "[\($0.output[0].substring ?? "")]" }
    }
}
