/// Bad usage: reported as one line on standard error, exit status 64 (`EX_USAGE`).
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// A failure while benchmarking (unreadable data, a library error): one line on standard
/// error, exit status 1.
struct BenchmarkError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
