/// Exit statuses, as `sysexits.h` names them, so scripts can tell outcomes apart.
enum ExitStatus: Int32 {
    /// Success (for `query`: at least one hit).
    case success = 0
    /// `query` found nothing.
    case noResults = 1
    /// Bad usage: unknown option, malformed query.
    case usage = 64
    /// Bad input data: a corrupt index.
    case dataError = 65
    /// No input: no index, no such file, nothing to index.
    case noInput = 66
    /// Temporary failure: the index is locked by another writer.
    case temporaryFailure = 75
    /// An I/O error.
    case ioError = 74
}
