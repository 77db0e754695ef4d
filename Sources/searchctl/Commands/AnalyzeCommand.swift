import InvertedIndex
import Tokenizer

/// `searchctl analyze TEXT`: the tokens an analyzer makes of a text.
enum AnalyzeCommand {
    static let options = [
        Arguments.Option("analyzer", value: true), Arguments.Option("index", value: true), Arguments.Option("json"),
        Arguments.Option("help", short: "h"),
    ]

    static let help = """
        usage: searchctl analyze [--analyzer english|standard|simple] [--json] TEXT

        Prints each token the analyzer makes of TEXT: the term, its position and the byte
        range it came from. Without --analyzer, uses the index's analyzer if there is an
        index, else 'english' (the default for new indexes).
        """

    static func run(_ arguments: Arguments, environment: [String: String]) throws -> ExitStatus {
        guard !arguments.positional.isEmpty else { throw UsageError("missing text to analyze") }
        let analyzer: Analyzer
        if let name = arguments.value("analyzer") {
            guard let named = Analyzer(named: name) else {
                throw UsageError("unknown analyzer '\(name)'; choose one of: \(Analyzer.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            analyzer = named
        } else {
            let reader = try? IndexReader(directory: IndexLocation.resolve(arguments, environment: environment))
            analyzer = reader?.analyzer ?? .default
        }
        let text = arguments.positional.joined(separator: " ")
        for token in analyzer.tokens(of: text) {
            if arguments.flag("json") {
                printOut(
                    JSONText.object([
                        ("term", JSONText.string(token.term)), ("position", String(token.position)),
                        ("start", String(token.byteRange.lowerBound)), ("end", String(token.byteRange.upperBound)),
                    ]))
            } else {
                printOut("\(token.position)\t\(token.term)\t\(token.byteRange.lowerBound)..<\(token.byteRange.upperBound)")
            }
        }
        return .success
    }
}
