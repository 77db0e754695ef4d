extension IndexReader {
    /// Whether `directory` holds a commit (a manifest), without opening it: a directory listing,
    /// no segment mapped. A damaged commit still counts; opening it reports the damage.
    ///
    /// For commands that must not create an index where there is none (`searchctl delete`), or
    /// that open the index only after taking the writer's lock (`searchctl index`).
    public static func hasCommit(directory: String) -> Bool {
        guard FileSystem.isDirectory(directory) else { return false }
        return ((try? Manifest.latestGeneration(in: directory)) ?? nil) != nil
    }
}
