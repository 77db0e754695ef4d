import Foundation

/// Where the index lives: `--index DIR`, else `$SEARCHCTL_INDEX`, else the nearest
/// `.searchctl` folder in the current directory or one of its parents (as git finds `.git`),
/// else `./.searchctl` — so `searchctl index` then `searchctl query …` work with no flag.
enum IndexLocation {
    static let defaultName = ".searchctl"
    static let environmentVariable = "SEARCHCTL_INDEX"

    static func resolve(_ arguments: Arguments, environment: [String: String]) -> String {
        if let explicit = arguments.value("index") { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        let current = FileManager.default.currentDirectoryPath
        var directory = URL(fileURLWithPath: current)
        while true {
            let candidate = directory.appendingPathComponent(defaultName).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate == current + "/" + defaultName ? defaultName : candidate
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return defaultName
    }

    /// `path` relative to the current directory when it lies inside it.
    static func display(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }
}
