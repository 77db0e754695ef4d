import InvertedIndex

/// `searchctl stats`: what is in the index.
enum StatsCommand {
    static let options = [Arguments.Option("index", value: true), Arguments.Option("json"), Arguments.Option("help", short: "h")]

    static let help = """
        usage: searchctl stats [--index DIR] [--json]

        Shows the index's documents, segments, analyzer, commit generation and size on disk.
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        let directory = IndexLocation.resolve(arguments, environment: environment)
        let reader = try IndexReader(directory: directory)
        let infos = reader.segmentInfos
        let deleted = infos.reduce(0) { $0 + $1.deletedCount }
        let size = reader.diskUsage
        if arguments.flag("json") {
            printOut(
                JSONText.object([
                    ("index", JSONText.string(directory)), ("documents", String(reader.documentCount)),
                    ("deleted", String(deleted)), ("segments", String(infos.count)),
                    ("generation", String(reader.generation)), ("analyzer", JSONText.string(reader.analyzer.name)),
                    ("bytes", String(size.total)), ("stored_bytes", String(size.stored)),
                ]))
        } else {
            printOut("index       \(directory)")
            printOut("documents   \(reader.documentCount)" + (deleted > 0 ? " (+\(deleted) deleted, reclaimed by merges)" : ""))
            printOut("segments    \(infos.count)")
            printOut("analyzer    \(reader.analyzer.name)")
            printOut("generation  \(reader.generation)")
            printOut("size        \(formatBytes(size.total)) (stored text \(formatBytes(size.stored)))")
        }
        return .success
    }
}

/// `1.4 MB`-style sizes.
func formatBytes(_ bytes: Int) -> String {
    if bytes < 1024 { return "\(bytes) B" }
    let units = ["KiB", "MiB", "GiB", "TiB"]
    var value = Double(bytes) / 1024
    var unit = 0
    while value >= 1024 && unit < units.count - 1 {
        value /= 1024
        unit += 1
    }
    return String(Int(value * 10) / 10) + "." + String(Int(value * 10) % 10) + " " + units[unit]
}
