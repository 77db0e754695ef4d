/// What the manifest records about one segment.
public struct SegmentInfo: Sendable, Hashable {
    /// Unique within the index; names the segment's files (`seg-<id>.<kind>`).
    public var id: UInt64
    /// Documents in the segment, deleted ones included.
    public var docCount: Int
    /// Total tokens per scored field (`Field.scored` order), deleted documents included.
    public var fieldLengths: [UInt64]
    /// Generation of the current deletions file; 0 when nothing is deleted.
    public var deletionGeneration: UInt64 = 0
    /// Deleted documents.
    public var deletedCount: Int = 0

    /// Live documents.
    public var liveCount: Int { docCount - deletedCount }

    /// The file name of this segment's file of `kind`.
    func fileName(_ kind: IndexFile.Kind) -> String {
        if kind == .deletions { return "seg-\(paddedID)-\(deletionGeneration).\(kind.fileExtension)" }
        return "seg-\(paddedID).\(kind.fileExtension)"
    }

    /// The files that make up this segment in the current commit.
    var fileNames: [String] {
        var names = [IndexFile.Kind.termDictionary, .postings, .positions, .norms, .storedFields].map(fileName)
        if deletionGeneration > 0 { names.append(fileName(.deletions)) }
        return names
    }

    private var paddedID: String {
        let digits = String(id)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }
}
