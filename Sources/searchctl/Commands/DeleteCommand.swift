import InvertedIndex

/// `searchctl delete ID|PATH ...`: removes documents by id, file path or folder.
enum DeleteCommand {
    static let options = [
        Arguments.Option("index", value: true), Arguments.Option("json"), Arguments.Option("quiet", short: "q"),
        Arguments.Option("help", short: "h"),
    ]

    static let help = """
        usage: searchctl delete [options] ID|PATH ...

        Deletes documents from the index and commits. Each argument is a document id (as
        printed by 'searchctl query', e.g. a JSON-lines id), a file path (relative paths are
        resolved against the current directory; the file need not exist any more) or a
        folder, which deletes every document under it. Exits with 0 when something was
        deleted, 1 when nothing matched.

        Options:
              --json           print the summary as JSON
          -q, --quiet          no summary
              --index DIR      the index (default: $SEARCHCTL_INDEX, else .searchctl)
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        guard !arguments.positional.isEmpty else { throw UsageError("nothing to delete; give document ids or paths") }
        let directory = IndexLocation.resolve(arguments, environment: environment)
        // Fails with the usual "no index here" (from the reader) before the writer would create
        // an empty index; a damaged index is reported by the reader opened below.
        if !IndexReader.hasCommit(directory: directory) { _ = try IndexReader(directory: directory) }
        let writer = try IndexWriter(directory: directory)
        // Read under the writer's lock: the commit this deletion applies to.
        let reader = try IndexReader(directory: directory)
        let ids = try matchingIDs(arguments.positional, in: reader)
        for id in ids { writer.delete(id: id) }
        let total = ids.isEmpty ? reader.documentCount : try writer.commit()
        if arguments.flag("json") {
            printOut(
                JSONText.object([
                    ("index", JSONText.string(directory)), ("deleted", String(ids.count)),
                    ("documents", String(total)),
                ]))
        } else if !arguments.flag("quiet") {
            printError(
                ids.isEmpty
                    ? "searchctl delete: nothing matched \(arguments.positional.joined(separator: " ")); "
                        + "the index at \(directory) holds \(total) documents"
                    : "deleted \(ids.count) documents; the index at \(directory) now holds \(total) documents")
        }
        return ids.isEmpty ? .noResults : .success
    }

    /// The live ids the arguments name: an exact id, else the absolute path's id, else every id
    /// under the absolute path as a folder.
    static func matchingIDs(_ arguments: [String], in reader: IndexReader) throws(IndexError) -> [String] {
        var matched: [String] = []
        var seen: Set<String> = []
        var allIDs: [String]?
        for argument in arguments {
            if try reader.contains(id: argument) {
                if seen.insert(argument).inserted { matched.append(argument) }
                continue
            }
            let path = PathNames.absoluteStandardized(argument)
            if try reader.contains(id: path) {
                if seen.insert(path).inserted { matched.append(path) }
                continue
            }
            if allIDs == nil { allIDs = try reader.liveDocumentIDs() }
            let folder = path.hasSuffix("/") ? path : path + "/"
            for id in allIDs! where id.hasPrefix(folder) && seen.insert(id).inserted { matched.append(id) }
        }
        return matched
    }
}
