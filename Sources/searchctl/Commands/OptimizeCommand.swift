import Foundation
import InvertedIndex

/// `searchctl optimize`: merges every segment into one, dropping deleted documents.
enum OptimizeCommand {
    static let options = [
        Arguments.Option("index", value: true), Arguments.Option("json"), Arguments.Option("quiet", short: "q"),
        Arguments.Option("help", short: "h"),
    ]

    static let help = """
        usage: searchctl optimize [--index DIR] [--json] [-q]

        Merges all segments into one and reclaims the space of deleted and replaced
        documents. Search results and scores do not change. Readers keep their snapshot.
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        let directory = IndexLocation.resolve(arguments, environment: environment)
        let before = try IndexReader(directory: directory)  // fails cleanly when there is no index
        let segmentsBefore = before.segmentInfos.count
        let bytesBefore = before.diskUsage.total
        let clock = ContinuousClock()
        let start = clock.now
        let writer = try IndexWriter(directory: directory)
        let total = try writer.optimize()
        let seconds = (clock.now - start).seconds
        let after = try IndexReader(directory: directory)
        let bytesAfter = after.diskUsage.total
        if arguments.flag("json") {
            printOut(
                JSONText.object([
                    ("index", JSONText.string(directory)), ("documents", String(total)),
                    ("segments_before", String(segmentsBefore)), ("segments", String(after.segmentInfos.count)),
                    ("bytes_before", String(bytesBefore)), ("bytes", String(bytesAfter)), ("seconds", String(seconds)),
                ]))
        } else if !arguments.flag("quiet") {
            printError(
                "optimized \(directory): \(segmentsBefore) → \(after.segmentInfos.count) segments, "
                    + "\(formatBytes(bytesBefore)) → \(formatBytes(bytesAfter)), \(total) documents, "
                    + "\(String(format: "%.2f", seconds)) s")
        }
        return .success
    }
}
