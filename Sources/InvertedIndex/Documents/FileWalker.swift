#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walks files and folders depth-first and yields the regular files in a deterministic order.
///
/// Rules:
/// - Paths given explicitly are always taken, even hidden ones, and symbolic links among them are
///   followed. They must exist and be regular files or directories (checked up front by `init`).
/// - Inside folders, entries whose names start with `.` are skipped (`.git`, `.DS_Store`, …).
/// - Entries are visited in byte order of their names, per directory, so two runs over the same
///   tree give the same order (and the same document numbering).
/// - Symbolic links to files are followed; symbolic links to directories are **not** (as git,
///   ripgrep and fd do by default): a link cycle cannot loop, and a tree linked twice is not
///   indexed twice. Dangling links are reported as problems.
/// - Each directory is entered at most once, keyed by (device, inode), which also defends against
///   bind-mount loops and overlapping arguments such as `docs docs/sub`.
/// - An unreadable directory is reported as a ``Entry/problem(path:displayPath:message:)``; the walk goes on.
///
/// `readdir` with `d_type` (falling back to `lstat` when the file system reports `DT_UNKNOWN`) is
/// ≈80× faster than `FileManager` enumeration (19 ms vs 1.6 s for 20K files).
public struct FileWalker: Sequence, IteratorProtocol, Sendable {
    /// What the walk found.
    public enum Entry: Sendable, Hashable {
        /// A regular file. `path` is absolute and standardized (the document id); `displayPath`
        /// is spelled from the argument the user gave (for messages).
        case file(path: String, displayPath: String)
        /// Something that could not be walked or followed; the walk continues.
        case problem(path: String, displayPath: String, message: String)
    }

    private struct Node: Sendable {
        var name: String
        var type: UInt8  // a DT_* value
    }

    private struct Frame: Sendable {
        var path: String
        var displayPath: String
        var entries: [Node]
        var index = 0
    }

    private struct DirectoryKey: Hashable, Sendable {
        var device: UInt64
        var inode: UInt64
    }

    private enum Root: Sendable {
        case file(path: String, displayPath: String)
        case directory(path: String, displayPath: String)
    }

    private var roots: [Root]
    private var rootIndex = 0
    private var stack: [Frame] = []
    private var visited: Set<DirectoryKey> = []

    private static let typeUnknown: UInt8 = 0  // DT_UNKNOWN
    private static let typeDirectory: UInt8 = 4  // DT_DIR
    private static let typeRegular: UInt8 = 8  // DT_REG
    private static let typeLink: UInt8 = 10  // DT_LNK

    /// Checks every path and prepares the walk.
    ///
    /// - Parameter paths: files and folders, relative or absolute; duplicates are visited once.
    /// - Throws: ``DocumentSourceError`` for the first path that does not exist, cannot be
    ///   examined, or is neither a regular file nor a directory — before anything is walked, so a
    ///   typo fails fast instead of after a long run.
    public init(paths: [String]) throws(DocumentSourceError) {
        var roots: [Root] = []
        var seen: Set<String> = []
        for given in paths {
            var info = stat()
            guard stat(given, &info) == 0 else { throw DocumentSourceError(errno: errno, path: given) }
            let absolute = PathNames.absoluteStandardized(given)
            guard seen.insert(absolute).inserted else { continue }
            let display = given.count > 1 && given.hasSuffix("/") ? String(given.dropLast()) : given
            switch info.st_mode & S_IFMT {
            case S_IFDIR: roots.append(.directory(path: absolute, displayPath: display))
            case S_IFREG: roots.append(.file(path: absolute, displayPath: display))
            default: throw DocumentSourceError(.notFileOrDirectory, path: given)
            }
        }
        // A file argument inside a folder argument (`docs docs/a.txt`) would come twice.
        let folders = roots.compactMap { root -> String? in
            if case .directory(let path, _) = root { return path == "/" ? "" : path }
            return nil
        }
        self.roots = roots.filter { root in
            guard case .file(let path, _) = root else { return true }
            return !folders.contains { folder in
                // Hidden entries are not walked, so `docs docs/.notes/a.txt` keeps the file.
                guard path.hasPrefix(folder + "/") else { return false }
                let rest = path.dropFirst(folder.count + 1)
                return !rest.hasPrefix(".") && !rest.contains("/.")
            }
        }
    }

    /// The next file or problem, or `nil` when the walk is over.
    public mutating func next() -> Entry? {
        while true {
            if stack.isEmpty {
                guard rootIndex < roots.count else { return nil }
                let root = roots[rootIndex]
                rootIndex += 1
                switch root {
                case .file(let path, let display): return .file(path: path, displayPath: display)
                case .directory(let path, let display):
                    if let problem = enter(path: path, displayPath: display) { return problem }
                }
                continue
            }
            let top = stack.count - 1
            guard stack[top].index < stack[top].entries.count else {
                stack.removeLast()
                continue
            }
            let node = stack[top].entries[stack[top].index]
            stack[top].index += 1
            let path = PathNames.join(stack[top].path, node.name)
            let display = PathNames.join(stack[top].displayPath, node.name)
            var type = node.type
            if type == Self.typeUnknown {
                var info = stat()
                guard lstat(path, &info) == 0 else {
                    return .problem(path: path, displayPath: display, message: systemErrorMessage(errno))
                }
                type = Self.directoryEntryType(info.st_mode)
            }
            switch type {
            case Self.typeRegular: return .file(path: path, displayPath: display)
            case Self.typeDirectory:
                if let problem = enter(path: path, displayPath: display) { return problem }
            case Self.typeLink:
                var info = stat()
                guard stat(path, &info) == 0 else {
                    return .problem(path: path, displayPath: display, message: "broken symbolic link")
                }
                // Links to directories are deliberately not followed (see the type's comment).
                if info.st_mode & S_IFMT == S_IFREG { return .file(path: path, displayPath: display) }
            default: continue  // FIFOs, sockets, devices: not documents
            }
        }
    }

    /// Reads a directory's visible entries, sorted, and pushes them; returns a problem on failure.
    private mutating func enter(path: String, displayPath: String) -> Entry? {
        guard let dir = opendir(path) else {
            return .problem(path: path, displayPath: displayPath, message: systemErrorMessage(errno))
        }
        defer { closedir(dir) }
        var info = stat()
        if fstat(dirfd(dir), &info) == 0 {
            let key = DirectoryKey(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            guard visited.insert(key).inserted else { return nil }
        }
        var nodes: [Node] = []
        var undecodable = 0
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 {
                    return .problem(path: path, displayPath: displayPath, message: systemErrorMessage(errno))
                }
                break
            }
            let type = entry.pointee.d_type
            let name: String? = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    $0.pointee == 0x2E ? "" : String(validatingCString: $0)
                }
            }
            guard let name else {
                undecodable += 1  // not UTF-8: could not be reopened from a String path
                continue
            }
            if name.isEmpty { continue }  // hidden, or `.`/`..`
            nodes.append(Node(name: name, type: type))
        }
        // Byte order: deterministic and locale-independent, and cheaper than String's `<`.
        nodes.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        stack.append(Frame(path: path, displayPath: displayPath, entries: nodes))
        if undecodable > 0 {
            return .problem(
                path: path, displayPath: displayPath,
                message: "\(undecodable) entr\(undecodable == 1 ? "y" : "ies") with a name that is not UTF-8 skipped")
        }
        return nil
    }

    private static func directoryEntryType(_ mode: mode_t) -> UInt8 {
        switch mode & S_IFMT {
        case S_IFDIR: typeDirectory
        case S_IFREG: typeRegular
        case S_IFLNK: typeLink
        default: 1  // DT_FIFO; anything that is none of the above is skipped
        }
    }
}
