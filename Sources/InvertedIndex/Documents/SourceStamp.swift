#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `stat(2)` says about a source file, to tell cheaply whether it may have changed since
/// it was indexed: its size, modification time and status-change time (nanoseconds).
///
/// The status-change time (`ctime`) cannot be set by programs, so a tool that rewrites a file
/// and restores its `mtime` (`rsync -t`, `cp -p`, `tar x`) still changes the stamp.
public struct SourceStamp: Sendable, Hashable, CustomStringConvertible {
    /// Size in bytes.
    public var size: UInt64
    /// Modification time, nanoseconds since the Unix epoch.
    public var modified: Int64
    /// Status-change time, nanoseconds since the Unix epoch.
    public var changed: Int64

    /// A stamp from its parts.
    public init(size: UInt64, modified: Int64, changed: Int64) {
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    /// The stamp of a `stat` result.
    public init(_ info: stat) {
        size = UInt64(max(0, info.st_size))
        modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
    }

    /// The stamp of the file at `path` (symbolic links followed), or `nil` when it cannot be examined.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The wall-clock time now, nanoseconds since the Unix epoch.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }

    public var description: String { "\(size) bytes, mtime \(modified) ns, ctime \(changed) ns" }
}

/// What reading one source file found: its stamp when it was opened, a hash of its bytes, and
/// the ids of the documents it produced (a text file: its path, or none when skipped as empty
/// or binary; a JSON-lines file: the ids of its good lines).
public struct SourceEntry: Sendable, Hashable {
    /// `stat` of the open file, before its bytes were read.
    public var stamp: SourceStamp
    /// ``ContentHasher`` hash of every byte read.
    public var hash: UInt64
    /// Wall-clock time (ns since the epoch) just before the file was opened.
    public var readAt: Int64
    /// Ids of the documents the file produced, in file order.
    public var ids: [String]

    /// An entry from its parts.
    public init(stamp: SourceStamp, hash: UInt64, readAt: Int64, ids: [String]) {
        self.stamp = stamp
        self.hash = hash
        self.readAt = readAt
        self.ids = ids
    }

    /// How close to `readAt` a modification time must be for the stamp to be untrustworthy:
    /// file systems keep times in coarse ticks (milliseconds on Linux, 2 s on FAT), so a file
    /// written again within the tick of its reading may keep its stamp.
    public static let racyWindow: Int64 = 2_000_000_000

    /// Whether the file was modified so shortly before it was read that a later write could
    /// leave the same stamp ("racily clean", as git calls it): such a file is read again.
    /// (The ctime is not tested: a program would have to rewrite the file and restore its
    /// mtime within a clock tick of the reading.)
    public var isRacy: Bool { stamp.modified >= readAt - Self.racyWindow }
}
