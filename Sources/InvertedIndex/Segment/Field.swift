/// The indexed fields. A term-dictionary key is the field's byte followed by the term.
public enum Field: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Title and body together: the default field of queries (as BEIR's "flat" baselines).
    case text = 0
    /// The title alone (`title:word`).
    case title = 1
    /// The document id, as one untokenized term (updates and deletes find documents by it).
    case id = 2

    /// Fields that have lengths (norms) and are scored.
    static let scored: [Field] = [.text, .title]

    /// The field's name in queries.
    public var description: String {
        switch self {
        case .text: return "text"
        case .title: return "title"
        case .id: return "id"
        }
    }

    /// The field named `name` in a query (`body` is accepted for `text`).
    public init?(queryName name: String) {
        switch name.lowercased() {
        case "text", "body": self = .text
        case "title": self = .title
        case "id": self = .id
        default: return nil
        }
    }
}
