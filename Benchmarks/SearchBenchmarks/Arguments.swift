/// A command line split into a subcommand, `--name value` options and `--flag` switches.
///
/// Hand-written rather than a dependency (the package has none). Each subcommand declares the
/// options and flags it accepts, so a typo such as `--qeries` is a usage error instead of being
/// silently ignored.
struct Arguments {
    /// The first argument, e.g. `run`, `beir`, `build`, `query`.
    let command: String
    private var options: [String: String]
    private var flags: Set<String>

    /// Parses `arguments` (without the program name).
    /// - Parameters:
    ///   - arguments: The words after the program name.
    ///   - optionNames: Accepted `--name value` options per subcommand.
    ///   - flagNames: Accepted `--flag` switches per subcommand.
    /// - Throws: ``UsageError`` for an unknown subcommand, an unknown or repeated option, or an
    ///   option without its value.
    init(
        _ arguments: [String], optionNames: [String: Set<String>], flagNames: [String: Set<String>]
    ) throws(UsageError) {
        guard let command = arguments.first else { throw UsageError("missing subcommand") }
        guard let accepted = optionNames[command] else { throw UsageError("unknown subcommand '\(command)'") }
        let switches = flagNames[command] ?? []
        self.command = command
        self.options = [:]
        self.flags = []
        var index = 1
        while index < arguments.count {
            let word = arguments[index]
            guard word.hasPrefix("--") else { throw UsageError("unexpected argument '\(word)'") }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            // `--k=100` as well as `--k 100`.
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if switches.contains(name) {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                flags.insert(name)
            } else if accepted.contains(name) {
                guard options[name] == nil else { throw UsageError("--\(name) given twice") }
                if let inlineValue {
                    options[name] = inlineValue
                } else {
                    index += 1
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                    options[name] = arguments[index]
                }
            } else {
                throw UsageError("unknown option '--\(name)' for '\(command)'")
            }
            index += 1
        }
    }

    /// The value of `--name`, if given.
    func string(_ name: String) -> String? { options[name] }

    /// The value of `--name`, which must be given.
    func required(_ name: String) throws(UsageError) -> String {
        guard let value = options[name] else { throw UsageError("'\(command)' needs --\(name)") }
        return value
    }

    /// The value of `--name` as an integer in `range`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int> = 0...Int.max)
        throws(UsageError) -> Int
    {
        guard let text = options[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return value
    }

    /// The value of `--name` as a non-negative number, or `defaultValue` when absent.
    func number(_ name: String, default defaultValue: Double) throws(UsageError) -> Double {
        guard let text = options[name] else { return defaultValue }
        guard let value = Double(text), value >= 0, value.isFinite else {
            throw UsageError("--\(name) must be a non-negative number, not '\(text)'")
        }
        return value
    }

    /// Whether the switch `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }
}
