import Foundation
import InvertedIndex

/// searchctl: index folders and JSON-lines files, and search them.

let usage = """
    usage: searchctl <command> [options]

    Commands:
      index [PATH ...]    index files, folders and .jsonl files (default: .); re-run to update
      query TEXT          search; ranked results with highlighted snippets
      delete ID|PATH ...  remove documents by id, file or folder
      stats               what is in the index
      check               verify every index file's checksum and structure
      analyze TEXT        show the tokens an analyzer makes of TEXT

    The index lives in --index DIR, else $SEARCHCTL_INDEX, else the nearest .searchctl folder
    (created in the current directory by 'searchctl index').

    Run 'searchctl <command> --help' for a command's options.
    """

let environment = ProcessInfo.processInfo.environment
let commandLine = Array(CommandLine.arguments.dropFirst())

func run() -> ExitStatus {
    guard let name = commandLine.first else {
        printError(usage)
        return .usage
    }
    if name == "--help" || name == "-h" || name == "help" {
        printOut(usage)
        return .success
    }
    if name == "--version" {
        printOut("searchctl 0.1.0 (index format \(IndexFile.formatVersion))")
        return .success
    }
    let commands: [String: (options: [Arguments.Option], help: String, run: (Arguments, [String: String]) throws -> ExitStatus)] = [
        "index": (IndexCommand.options, IndexCommand.help, IndexCommand.run),
        "query": (QueryCommand.options, QueryCommand.help, QueryCommand.run),
        "search": (QueryCommand.options, QueryCommand.help, QueryCommand.run),
        "delete": (DeleteCommand.options, DeleteCommand.help, DeleteCommand.run),
        "stats": (StatsCommand.options, StatsCommand.help, StatsCommand.run),
        "check": (CheckCommand.options, CheckCommand.help, CheckCommand.run),
        "analyze": (AnalyzeCommand.options, AnalyzeCommand.help, AnalyzeCommand.run),
        "optimize": (OptimizeCommand.options, OptimizeCommand.help, OptimizeCommand.run),
    ]
    guard let command = commands[name] else {
        printError("searchctl: unknown command '\(name)'; commands: index, query, delete, stats, check, analyze (see --help)")
        return .usage
    }
    do {
        let arguments = try Arguments(Array(commandLine.dropFirst()), options: command.options)
        if arguments.flag("help") {
            printOut(command.help)
            return .success
        }
        return try command.run(arguments, environment)
    } catch let error as UsageError {
        printError("searchctl \(name): \(error.message)")
        return .usage
    } catch let error as IndexError {
        printError("searchctl \(name): \(error)")
        switch error.code {
        case .indexNotFound: return .noInput
        case .corrupt, .unsupportedVersion: return .dataError
        case .locked: return .temporaryFailure
        case .invalidArgument: return .usage
        default: return .ioError
        }
    } catch {
        printError("searchctl \(name): \(error)")
        return .ioError
    }
}

let status = run()
flushOutput()
exit(status.rawValue)
