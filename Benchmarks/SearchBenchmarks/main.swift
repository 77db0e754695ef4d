import Glibc

// Entry point: parse, dispatch, and turn errors into one line and an exit status.
let commandLine = Array(CommandLine.arguments.dropFirst())
if commandLine.contains("--help") || commandLine.first == "help" || commandLine.first == "-h" {
    print(Usage.text)
    exit(0)
}
do {
    let arguments = try Arguments(commandLine, optionNames: Usage.optionNames, flagNames: Usage.flagNames)
    switch arguments.command {
    case "run": try RunCommand.run(arguments)
    case "beir": try BEIRCommand.run(arguments)
    case "tokenizer": try TokenizerCommand.run(arguments)
    case "store": try StoreCommand.run(arguments)
    case "build": try PeersProtocol.build(arguments)
    case "memory": try MemoryCommand.run(arguments)
    case "optimize": try MemoryCommand.optimize(arguments)
    case "pruning": try PruningComparison.run(arguments)
    default: try PeersProtocol.query(arguments)
    }
} catch let error as UsageError {
    Report.standardError("SearchBenchmarks: \(error)\n(see SearchBenchmarks --help)\n")
    exit(64)
} catch {
    Report.standardError("SearchBenchmarks: \(error)\n")
    exit(1)
}
