#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lexical path handling (no file-system access except `getcwd`): document ids are absolute,
/// standardized paths, so the same file reached as `docs/a.txt` and `./docs//a.txt` gets one id.
public enum PathNames {
    /// The absolute, standardized form of `path`: relative paths are resolved against the current
    /// directory; `.` and empty components are dropped; `..` removes the previous component
    /// (lexically — symbolic links are not resolved, as `URL.standardized` does); no trailing `/`.
    ///
    /// - Parameter path: any path.
    /// - Returns: an absolute path such as `/home/me/docs/a.txt` (`/` for the root).
    public static func absoluteStandardized(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            full = currentDirectory() + "/" + path
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// `parent/name`, without doubling a `/`.
    static func join(_ parent: String, _ name: String) -> String {
        parent.hasSuffix("/") ? parent + name : parent + "/" + name
    }

    /// The extension of the last path component, lowercased (`""` when none; `.bashrc` has none).
    static func lowercasedExtension(_ path: String) -> String {
        let name = path.utf8.lastIndex(of: 0x2F).map { path[path.index(after: $0)...] } ?? path[...]
        guard let dot = name.utf8.lastIndex(of: 0x2E), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    static func currentDirectory() -> String {
        var size = 4096
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            if getcwd(&buffer, size) != nil {
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            if errno != ERANGE { return "/" }
            size *= 2
        }
    }
}
