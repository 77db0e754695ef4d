import Foundation
import InvertedIndex
import Tokenizer

/// `searchctl index [PATH ...]`.
enum IndexCommand {
    static let options = [
        Arguments.Option("index", value: true), Arguments.Option("analyzer", value: true),
        Arguments.Option("memory", value: true), Arguments.Option("json"), Arguments.Option("quiet", short: "q"),
        Arguments.Option("help", short: "h"),
    ]

    static let help = """
        usage: searchctl index [options] [PATH ...]

        Indexes text files, folders (recursively; hidden files and folders and binary files
        are skipped) and JSON-lines files (.jsonl/.ndjson: one {"id","title","body"} or BEIR
        {"_id","title","text"} object per line). PATH defaults to the current directory.
        A document already in the index (same path or id) is replaced, so re-running on
        the same folder updates it without duplicates. A first line 'date YYYY-MM-DD' sets a
        text file's date; its next words (or first line) become the title.

        Options:
              --analyzer NAME  standard (default: folding + English stemming) or simple
                               (folding only); fixed when the index is created
              --memory MB      memory for buffering before a segment is written (default 256)
              --json           print the summary as JSON
          -q, --quiet          no progress or summary
              --index DIR      the index (default: $SEARCHCTL_INDEX, else .searchctl)
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        throw UsageError("not yet wired")
    }
}
