/// A small command-line parser: long options with values (`--limit 5`, `--limit=5`), flags
/// (`--json`), short aliases, and positional arguments; `--` ends the options.
struct Arguments {
    /// An option a command accepts.
    struct Option {
        let name: String
        let short: Character?
        let takesValue: Bool
        init(_ name: String, short: Character? = nil, value: Bool = false) {
            self.name = name
            self.short = short
            self.takesValue = value
        }
    }

    private(set) var positional: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` against `options`.
    /// - Throws: ``UsageError`` for an unknown option or a missing value.
    init(_ arguments: [String], options: [Option]) throws(UsageError) {
        var index = 0
        var onlyPositional = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositional || !argument.hasPrefix("-") || argument == "-" || Arguments.isNegativeNumber(argument) {
                positional.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositional = true
                continue
            }
            var name: String
            var inlineValue: String?
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
            } else {
                // A lone `-word` is a query exclusion, not an option: keep it positional.
                guard argument.count == 2, let option = options.first(where: { $0.short == argument.last })
                else {
                    positional.append(argument)
                    continue
                }
                name = option.name
            }
            guard let option = options.first(where: { $0.name == name }) else {
                throw UsageError("unknown option '--\(name)'")
            }
            if option.takesValue {
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("option '--\(name)' needs a value") }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                guard inlineValue == nil else { throw UsageError("option '--\(name)' takes no value") }
                flags.insert(name)
            }
        }
    }

    private static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.dropFirst().allSatisfy(\.isNumber)
    }

    /// Whether the flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's value, if given.
    func value(_ name: String) -> String? { values[name] }

    /// The option's value as an integer in `range`.
    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("'--\(name)' needs a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return value
    }
}

/// A mistake in how searchctl was invoked (exit status 64).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
