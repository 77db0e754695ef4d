/// What the document store keeps of each document, chosen when an index is created and
/// recorded in its manifest (later writers keep it).
public enum StoreMode: String, Sendable, CaseIterable {
    /// The id, title and body: results show the title and a snippet (the default).
    case all
    /// Only the id (as the peer engines store): results show the id or path and the date,
    /// with no title or snippet. The index is smaller and faster to build. Deleted and
    /// replaced documents cannot be analyzed again, so they keep counting in document
    /// frequencies until a merge drops them (as in Lucene); lengths are still exact.
    case ids

    /// The mode named `name` (`all` or `ids`), or `nil`.
    public init?(named name: String) { self.init(rawValue: name) }

    /// Whether titles and bodies are stored.
    public var storesText: Bool { self == .all }

    /// The manifest's code for the mode.
    var code: UInt8 { self == .all ? 0 : 1 }

    /// The mode of manifest code `code`, or `nil` for an unknown one.
    init?(code: UInt8) {
        switch code {
        case 0: self = .all
        case 1: self = .ids
        default: return nil
        }
    }
}
