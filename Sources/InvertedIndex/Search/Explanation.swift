/// How a document's score was made: a tree whose inner nodes add up their details and whose
/// leaves are single BM25 terms or phrases with every number the scorer used
/// (`idf`, `tf`, `dl`, `avgdl`, `k1`, `b`).
///
/// Built from the same weights and the same arithmetic as the search, so the root's ``value``
/// is the hit's score and each inner node's value is the sum of its details' values.
public struct Explanation: Sendable, Hashable, CustomStringConvertible {
    /// The score of this node.
    public var value: Float
    /// What this node is, e.g. `text:blood: idf=…, tf=…, … → 0.53` or `sum of:`.
    public var summary: String
    /// The parts that were added up (empty for a leaf).
    public var details: [Explanation]

    /// Creates a node.
    public init(value: Float, summary: String, details: [Explanation] = []) {
        self.value = value
        self.summary = summary
        self.details = details
    }

    /// A node summing `details` in order (the order the scorers add them up).
    static func sum(_ summary: String, _ details: [Explanation]) -> Explanation {
        var total: Float = 0
        for detail in details { total += detail.value }
        return Explanation(value: total, summary: summary, details: details)
    }

    /// An indented tree, one node per line.
    public var description: String {
        var lines: [String] = []
        func walk(_ node: Explanation, _ depth: Int) {
            let head = node.details.isEmpty ? node.summary : "\(node.value) = \(node.summary)"
            lines.append(String(repeating: "  ", count: depth) + head)
            for detail in node.details { walk(detail, depth + 1) }
        }
        walk(self, 0)
        return lines.joined(separator: "\n")
    }
}
