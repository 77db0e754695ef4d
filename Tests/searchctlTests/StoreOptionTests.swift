import TestSupport
import Foundation
import Testing

/// `searchctl index --store ids`: results without titles or snippets, said once; the choice
/// is kept by later runs, and a bad value is a usage error.
@Suite("index --store")
struct StoreOptionTests {
    @Test("--store ids: id and date only, one note; kept on re-index; bad values rejected")
    func idsOnly() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "docs.jsonl",
            """
            {"id": "doc-1", "title": "Walrus facts", "body": "The walrus lives in the Arctic."}
            {"id": "doc-2", "title": "Seals", "body": "Seals and a walrus share the ice."}

            """)
        #expect(try directory.run("index", "--store", "idz", "docs.jsonl").status == 64)
        let result = try directory.run("index", "--store", "ids", "docs.jsonl")
        #expect(result.status == 0, "\(result)")
        let query = try directory.run("query", "walrus")
        #expect(query.status == 0, "\(query)")
        #expect(query.lines[0].hasPrefix("1. doc-1  "), "\(query)")
        #expect(query.lines[1] == "   doc-1")
        #expect(!query.stdout.contains("Arctic") && !query.stdout.contains("Walrus facts"))
        #expect(query.stderr.components(separatedBy: "--store ids").count == 2, "\(query)")
        // A later run keeps the mode; asking for the other one is refused.
        #expect(try directory.run("index", "docs.jsonl").status == 0)
        #expect(try directory.run("query", "walrus").stderr.contains("--store ids"))
        let other = try directory.run("index", "--store", "all", "docs.jsonl")
        #expect(other.status != 0 && other.stderr.contains("stores 'ids'"), "\(other)")
    }
}
