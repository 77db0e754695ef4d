/// A JSON value with object keys in insertion order, so reports read in the order they were
/// built (Foundation's `JSONSerialization` would reorder them) and the output is byte-stable
/// between runs.
enum JSONValue {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The value as JSON text; `pretty` indents nested containers by two spaces.
    func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value): out += JSONValue.format(value)
        case .string(let value): JSONValue.appendQuoted(value, to: &out)
        case .array(let values):
            writeContainer(values.map { (nil, $0) }, open: "[", close: "]", to: &out, pretty: pretty, indent: indent)
        case .object(let members):
            writeContainer(
                members.map { ($0.0, $0.1) }, open: "{", close: "}", to: &out, pretty: pretty, indent: indent)
        }
    }

    private func writeContainer(
        _ items: [(String?, JSONValue)], open: String, close: String, to out: inout String, pretty: Bool, indent: Int
    ) {
        out += open
        // Arrays of scalars stay on one line even when pretty: latency lists would be unreadable otherwise.
        let breakLines = pretty && items.contains { $0.1.isContainer || $0.0 != nil }
        let pad = String(repeating: "  ", count: indent + 1)
        for (index, (key, value)) in items.enumerated() {
            if index > 0 { out += pretty && !breakLines ? ", " : "," }
            if breakLines { out += "\n" + pad }
            if let key {
                JSONValue.appendQuoted(key, to: &out)
                out += pretty ? ": " : ":"
            }
            value.write(to: &out, pretty: pretty, indent: indent + 1)
        }
        if breakLines && !items.isEmpty { out += "\n" + String(repeating: "  ", count: indent) }
        out += close
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    /// A finite number in the shortest form that reads back the same; JSON has no NaN or
    /// infinity, so those become `null`.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Appends `text` as a JSON string literal.
    static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue {
    /// A number rounded to `places` decimals, for reports meant to be read by people too.
    static func rounded(_ value: Double, _ places: Int = 3) -> JSONValue {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return .number((value * scale).rounded() / scale)
    }
}
