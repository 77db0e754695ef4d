#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where output goes and how it may look: colors only on a terminal and never with
/// `NO_COLOR`; progress only when standard error is a terminal.
struct Terminal {
    let colors: Bool
    let progress: Bool

    init(environment: [String: String]) {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colors = isatty(STDOUT_FILENO) == 1 && !noColor && environment["TERM"] != "dumb"
        progress = isatty(STDERR_FILENO) == 1
    }

    func bold(_ text: String) -> String { colors ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { colors ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    func highlight(_ text: String) -> String { colors ? "\u{1B}[1;33m\(text)\u{1B}[0m" : text }
    func accent(_ text: String) -> String { colors ? "\u{1B}[36m\(text)\u{1B}[0m" : text }
}

// Our own streams on file descriptors 1 and 2: the C library's `stdout` and `stderr` globals
// are mutable shared state that Swift 6 rejects. Only the main thread writes.
nonisolated(unsafe) private let standardOutput = fdopen(STDOUT_FILENO, "w")
nonisolated(unsafe) private let standardError = fdopen(STDERR_FILENO, "w")

/// Writes a line to standard output (buffered; flushed at exit).
func printOut(_ text: String) {
    fputs(text + "\n", standardOutput)
}

/// Writes a line to standard error.
func printError(_ text: String) {
    fflush(standardOutput)  // keep the order of interleaved stdout and stderr lines
    fputs(text + "\n", standardError)
    fflush(standardError)
}

/// Replaces the current progress line on standard error.
func printProgress(_ text: String) {
    fputs("\r\u{1B}[K" + text, standardError)
    fflush(standardError)
}

/// Flushes standard output.
func flushOutput() {
    fflush(standardOutput)
}
