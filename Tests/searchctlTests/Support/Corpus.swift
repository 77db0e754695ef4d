import TestSupport
import Foundation
import Testing

/// The seed articles in `$SEARCH_DATA/seeds` (see that folder's README).
enum Seeds {
    /// The seeds folder, when `SEARCH_DATA` is set and holds it.
    static let folder: String? = {
        guard let data = ProcessInfo.processInfo.environment["SEARCH_DATA"], !data.isEmpty else { return nil }
        let folder = data + "/seeds"
        return FileManager.default.fileExists(atPath: folder) ? folder : nil
    }()

    static var available: Bool { folder != nil && CLI.binaryExists }

    static let unavailableReason: Comment =
        "SEARCH_DATA is not set (or has no seeds folder): set it to the shared data folder, e.g. SEARCH_DATA=/work/shared/data"

    /// The five article file names, sorted (`*.txt` only: a README sits beside them).
    static func names() throws -> [String] {
        guard let folder else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// The text of each article, by file name.
    static func texts() throws -> [String: String] {
        guard let folder else { return [:] }
        var texts: [String: String] = [:]
        for name in try names() {
            texts[name] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)), as: UTF8.self)
        }
        return texts
    }

    /// A temporary folder with a copy of the articles, indexed with `searchctl index ARGS`.
    static func indexedCopy(_ extraArguments: [String] = []) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for (name, text) in try texts() { try directory.write(name, text) }
        let result = try directory.run(["index"] + extraArguments)
        guard result.status == 0 else { throw CLIFailure(result: result) }
        return directory
    }
}

/// A setup step's run of the tool failed.
struct CLIFailure: Error, CustomStringConvertible {
    let result: CLIResult
    var description: String { "searchctl failed: \(result)" }
}

/// Splits text into lowercased words the way a reader would: runs of letters, digits and
/// apostrophes (straight or curly); everything else (spaces, punctuation, dashes) separates.
/// An independent, deliberately simple model of word boundaries to compute expected results.
func words(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    for character in text.lowercased() {
        if character.isLetter || character.isNumber || character == "'" || character == "\u{2019}" {
            current.append(character)
        } else if !current.isEmpty {
            result.append(current)
            current = ""
        }
    }
    if !current.isEmpty { result.append(current) }
    return result.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\u{2019}")) }.filter { !$0.isEmpty }
}
