import InvertedIndex

/// `searchctl check`: verifies every file's checksum, every page checksum and the structure.
enum CheckCommand {
    static let options = [Arguments.Option("index", value: true), Arguments.Option("help", short: "h")]

    static let help = """
        usage: searchctl check [--index DIR]

        Verifies the checksum of every index file and of every page of the large ones
        (queries verify a page only when they first read it), and walks every term's
        postings. Prints
        the damaged file and exits with 65 if anything is wrong; rebuild the index then.
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        let reader = try IndexReader(directory: IndexLocation.resolve(arguments, environment: environment))
        let files = try reader.check()
        printOut("ok: \(files.count) files verified, \(reader.documentCount) documents, generation \(reader.generation)")
        return .success
    }
}
