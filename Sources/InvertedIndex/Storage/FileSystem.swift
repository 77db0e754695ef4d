#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the index needs, with errors as ``IndexError``.
enum FileSystem {
    /// Writes `bytes` to `path` (replacing it) and `fsync(2)`s the file.
    static func writeFile(_ path: String, _ bytes: [UInt8]) throws(IndexError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexError(.io, "cannot create: \(errnoDescription())", path: path) }
        defer { close(fd) }
        // In FileOutput.writeChunk pieces: small page-cache folios for the readers (see there).
        let failure: IndexError? = bytes.withUnsafeBytes { buffer in
            FileOutput.writeFully(fd, buffer) ? nil : IndexError(.io, "cannot write: \(errnoDescription())", path: path)
        }
        if let failure { throw failure }
        guard fsync(fd) == 0 else { throw IndexError(.io, "cannot fsync: \(errnoDescription())", path: path) }
    }

    /// Writes `bytes` to a temporary name, fsyncs, renames it to `path`, fsyncs the directory:
    /// after a crash `path` holds either the old or the new content, never a mix.
    static func writeFileAtomically(_ path: String, _ bytes: [UInt8], directory: String) throws(IndexError) {
        let temporary = path + ".tmp"
        try writeFile(temporary, bytes)
        guard rename(temporary, path) == 0 else {
            throw IndexError(.io, "cannot rename into place: \(errnoDescription())", path: path)
        }
        try syncDirectory(directory)
    }

    /// `fsync(2)` on a directory, so that renames and new names in it are durable.
    static func syncDirectory(_ path: String) throws(IndexError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexError(.io, "cannot open directory: \(errnoDescription())", path: path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw IndexError(.io, "cannot fsync directory: \(errnoDescription())", path: path) }
    }

    /// Creates `path` and missing parents (like `mkdir -p`).
    static func createDirectory(_ path: String) throws(IndexError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw IndexError(.io, "cannot create directory: \(errnoDescription())", path: prefix)
            }
        }
    }

    /// Whether `path` exists and is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// The size of the file at `path`, or `nil` when it cannot be stat'ed.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// The names in a directory (without `.` and `..`), sorted.
    static func listDirectory(_ path: String) throws(IndexError) -> [String] {
        guard let dir = opendir(path) else {
            throw IndexError(.io, "cannot list directory: \(errnoDescription())", path: path)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Removes a file; a missing file is not an error.
    static func removeFile(_ path: String) {
        unlink(path)
    }
}

/// An exclusive advisory lock (`flock(2)`) on a file: held while the object lives, released by
/// the kernel when the process dies, so a crash never leaves a stale lock behind.
final class FileLock {
    private let fd: Int32

    /// Takes the lock without waiting.
    /// - Throws: `.locked` when another process holds it, `.io` when the file cannot be opened.
    init(path: String) throws(IndexError) {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexError(.io, "cannot open lock file: \(errnoDescription())", path: path) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw IndexError(
                .locked, "another searchctl process is writing to this index; wait for it to finish",
                path: path)
        }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
