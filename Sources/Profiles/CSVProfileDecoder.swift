import RulesDSL

/// Reads CSV rows (a header of fact names) into profiles. Cells are text:
/// `true`/`false` (also `ja`/`nej`, `1`/`0`), whole numbers written as JSON
/// writes them (`-3`, `0`, `1e3`; not `+1` or `01`), `YYYY-MM-DD` dates,
/// enum identifiers; an empty cell is unknown. Assessments are columns named
/// `assessments.NAME`. Lists (children) cannot be held in CSV. Messages
/// follow `ProfileDecoder`'s rules (`echoPersonal`).
package struct CSVProfileDecoder: Sendable {
    enum Column: Sendable {
        case id
        case fact(Int)
        case assessment(Int)
    }

    let rules: RuleSet
    let columns: [Column]
    let names: [String]
    let decoder: ProfileDecoder

    /// Maps the header; an unknown or unusable column is an error for the whole file.
    package init(rules: RuleSet, header: [String], echoPersonal: Bool = true) throws(ProfileError) {
        self.rules = rules
        self.names = header
        self.decoder = ProfileDecoder(rules: rules, rejectFutureBirthDates: false, echoPersonal: echoPersonal)
        var cols: [Column] = []
        for name in header {
            if name == "id" { cols.append(.id); continue }
            if name.hasPrefix("assessments.") {
                let a = String(name.dropFirst("assessments.".count))
                guard let ai = rules.assessmentIndex(a) else {
                    var msg = "unknown assessment column '\(Excerpt.of(name))'"
                    if let s = decoder.suggestion(for: a, in: rules.assessments.map(\.name)) { msg += "; did you mean 'assessments.\(s)'?" }
                    throw ProfileError(field: Excerpt.of(name), message: msg, offset: 0)
                }
                cols.append(.assessment(ai))
                continue
            }
            guard let fi = rules.factIndex(name) else {
                var msg = "unknown column '\(Excerpt.of(name))': not a fact"
                if let s = decoder.suggestion(for: name, in: rules.facts.map(\.name) + ["id"]) { msg += "; did you mean '\(s)'?" }
                else if rules.assessmentIndex(name) != nil { msg = "'\(name)' is an assessment; name the column 'assessments.\(name)'" }
                throw ProfileError(field: Excerpt.of(name), message: msg, offset: 0)
            }
            if case .list = rules.facts[fi].type {
                throw ProfileError(field: name, message: "column '\(name)' is a list, which CSV cannot hold; use JSON Lines for profiles with \(name)", offset: 0)
            }
            cols.append(.fact(fi))
        }
        columns = cols
    }

    /// One row into a profile; a cell that does not fit its fact is an error.
    package func decode(_ fields: [String?], today: Day) throws(ProfileError) -> Profile {
        var p = Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count)
        for (k, cell) in fields.enumerated() where k < columns.count {
            guard let raw = cell else { continue }
            let text = raw.trimmingSpaces()
            if text.isEmpty { continue }
            switch columns[k] {
            case .id: p.id = text
            case .fact(let fi):
                let f = rules.facts[fi]
                p.facts[fi] = try decoder.decodeValue(json(text, f.type), type: f.type, range: f.range, personal: f.personal, field: names[k], offset: 0,
                                                      today: today)
            case .assessment(let ai):
                let t: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
                p.assessments[ai] = try decoder.decodeValue(json(text, t), type: t, range: nil, personal: false, field: names[k], offset: 0, today: nil)
            }
        }
        return p
    }

    /// The JSON value a cell's text stands for, given the fact's type.
    func json(_ text: String, _ type: ValueType) -> JSONValue {
        switch type {
        case .bool:
            switch text.lowercased() {
            case "true", "ja", "1": return .bool(true)
            case "false", "nej", "0": return .bool(false)
            default: return .string(text)
            }
        case .int:
            // A number exactly when JSON would read one (so `+1` and `01` are
            // texts, and an error, in both); anything else is a text.
            if let first = text.utf8.first, first == 0x2D || (first >= 0x30 && first <= 0x39),
               case .number(let n)? = try? JSONParser.parse(text) {
                return .number(n)
            }
            return .string(text)
        default:
            return .string(text)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
