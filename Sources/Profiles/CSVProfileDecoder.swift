import RulesDSL

/// Reads CSV rows (a header of fact names) into profiles, as Danish offices
/// write them (issue 13). Columns are named by the fact's id or its Danish
/// or English label, any case (`birth_date`, `Fødselsdato`); assessments by
/// `assessments.NAME` or their label. Cells are text: yes/no as
/// `true`/`false`, `ja`/`nej`, `sand`/`falsk`, `1`/`0` or `x` (yes), any
/// case; whole numbers written as JSON writes them (`-3`, `0`, `1e3`; not
/// `+1` or `01`); dates as `YYYY-MM-DD` or `01-06-2021`, `1.6.2021`,
/// `01/06/2021` (day, month, a four-digit year); enum values by id or by
/// their Danish or English label, any case (`Hillerød`, `kvinde`); an empty
/// cell is unknown. Lists (children) cannot be held in CSV. Messages follow
/// `ProfileDecoder`'s rules (`echoPersonal`).
package struct CSVProfileDecoder: Sendable {
    enum Column: Sendable {
        case id
        case fact(Int)
        case assessment(Int)
        /// A column that names no fact, ignored (`ignored` says which).
        case ignored
    }

    let rules: RuleSet
    let columns: [Column]
    let names: [String]
    let decoder: ProfileDecoder
    /// The columns that name no fact, each with a suggestion when one is
    /// close, as one would say them (`'Fodselsdato' (did you mean 'Fødselsdato'?)`).
    package private(set) var ignored: [String] = []

    /// Maps the header. A column that names no fact is ignored and listed in
    /// `ignored`, or with `strictColumns` an error for the whole file; an
    /// unusable column (a list, an unknown assessment) is always an error.
    package init(rules: RuleSet, header: [String], echoPersonal: Bool = true, strictColumns: Bool = true) throws(ProfileError) {
        self.rules = rules
        self.names = header
        self.decoder = ProfileDecoder(rules: rules, rejectFutureBirthDates: false, echoPersonal: echoPersonal)
        var cols: [Column] = []
        // Labels, lower-cased, to the fact or assessment they name.
        var factLabels: [String: Int] = [:], assessmentLabels: [String: Int] = [:]
        for (i, f) in rules.facts.enumerated() {
            for l in [f.name, f.label.da, f.label.en].compactMap({ $0 }) where factLabels[l.lowercased()] == nil { factLabels[l.lowercased()] = i }
        }
        for (i, a) in rules.assessments.enumerated() {
            for l in [a.label.da, a.label.en].compactMap({ $0 }) where assessmentLabels[l.lowercased()] == nil { assessmentLabels[l.lowercased()] = i }
        }
        for name in header {
            let key = name.lowercased()
            // `fejl`: the messages `screen --errors` wrote next to the rows, read back as nothing.
            if key == "fejl", rules.factIndex(name) == nil { cols.append(.ignored); continue }
            if key == "id" || factLabels[key].map({ rules.facts[$0].name == "id" }) == true { cols.append(.id); continue }
            if !name.hasPrefix("assessments."), rules.factIndex(name) == nil, factLabels[key] == nil, let ai = assessmentLabels[key] {
                cols.append(.assessment(ai))
                continue
            }
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
            guard let fi = rules.factIndex(name) ?? factLabels[key] else {
                var msg = "unknown column '\(Excerpt.of(name))': not a fact"
                let labels = rules.facts.compactMap(\.label.da)
                let suggestion = decoder.suggestion(for: name, in: rules.facts.map(\.name) + ["id"]) ?? CSVProfileDecoder.closest(name, in: labels)
                if let s = suggestion { msg += "; did you mean '\(s)'?" }
                if !strictColumns, rules.assessmentIndex(name) == nil {
                    ignored.append("'\(Excerpt.of(name))'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
                    cols.append(.ignored)
                    continue
                }
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

    /// The id a row gives (its `id` column), whether or not the row is good.
    package func id(of fields: [String?]) -> String? {
        for (k, c) in columns.enumerated() where k < fields.count {
            if case .id = c, let t = fields[k]?.trimmingSpaces(), !t.isEmpty { return t }
        }
        return nil
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
            case .ignored: continue
            case .fact(let fi):
                let f = rules.facts[fi]
                p.facts[fi] = try decoder.decodeValue(json(text, f.type, field: f.name, personal: f.personal), type: f.type, range: f.range,
                                                      personal: f.personal, field: f.name, offset: 0, today: today)
            case .assessment(let ai):
                let t: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
                let name = "assessments.\(rules.assessments[ai].name)"
                p.assessments[ai] = try decoder.decodeValue(json(text, t, field: name, personal: false), type: t, range: nil, personal: false,
                                                            field: name, offset: 0, today: nil)
            }
        }
        return p
    }

    /// The JSON value a cell's text stands for, given the fact's type; a
    /// text that fits no form is passed on as a text, for `ProfileDecoder`'s
    /// message. A date with a two-digit year is an error of its own.
    func json(_ text: String, _ type: ValueType, field: String, personal: Bool) throws(ProfileError) -> JSONValue {
        switch type {
        case .bool:
            switch text.lowercased() {
            case "true", "ja", "sand", "1", "x": return .bool(true)
            case "false", "nej", "falsk", "0": return .bool(false)
            default: return .string(text)
            }
        case .date:
            return .string(try CSVProfileDecoder.isoDate(text, field: field, personal: personal && !decoder.echoPersonal))
        case .enumeration(let e):
            let en = rules.enums[e]
            let lower = text.lowercased()
            if en.index(of: text) != nil { return .string(text) }
            for (i, v) in en.values.enumerated() {
                let l = i < en.labels.count ? en.labels[i] : nil
                if v.lowercased() == lower || l?.da?.lowercased() == lower || l?.en?.lowercased() == lower { return .string(v) }
            }
            // Not a value: the decoder's message, with a suggestion among ids and labels that also finds Danish letters.
            if !(personal && !decoder.echoPersonal), let s = CSVProfileDecoder.closest(text, in: en.values + en.labels.compactMap { $0?.da }) {
                throw ProfileError(field: field, message: "'\(field)' must be one of \(en.values.joined(separator: ", ")), but found \"\(Excerpt.of(text))\"; did you mean '\(s)'?",
                                   offset: 0)
            }
            return .string(text)
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

extension CSVProfileDecoder {
    /// `text` as an ISO date when it is one written the Danish way (day,
    /// month and a four-digit year, separated by `-`, `.` or `/`); else as it
    /// is. A two-digit year is an error that says why.
    static func isoDate(_ text: String, field: String, personal: Bool) throws(ProfileError) -> String {
        let bytes = Array(text.utf8)
        guard let sep = bytes.first(where: { $0 == 0x2D || $0 == 0x2E || $0 == 0x2F }) else { return text }
        let parts = bytes.split(separator: sep, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
              parts[0].count <= 2, parts[1].count <= 2 else { return text }
        let d = String(decoding: parts[0], as: UTF8.self), m = String(decoding: parts[1], as: UTF8.self), y = String(decoding: parts[2], as: UTF8.self)
        if y.count == 2 {
            let shown = personal ? "" : " ('\(Excerpt.of(text))')"
            throw ProfileError(field: field, message: "'\(field)' has a two-digit year\(shown): write the year in full (\(d)\(Character(Unicode.Scalar(sep)))\(m)\(Character(Unicode.Scalar(sep)))19\(y) or …20\(y)), as which century is meant cannot be known"
                               + (personal ? ProfileDecoder.notShown : ""), offset: 0)
        }
        guard y.count == 4 else { return text }
        return "\(y)-\(m.count == 1 ? "0" + m : m)-\(d.count == 1 ? "0" + d : d)"
    }

    /// The closest candidate to `text`, comparing with Danish letters folded
    /// (`Hillerod` finds `Hillerød`) and case ignored.
    static func closest(_ text: String, in candidates: [String]) -> String? {
        func fold(_ s: String) -> String {
            var out = ""
            for c in s.lowercased() {
                switch c {
                case "æ": out += "ae"
                case "ø": out += "o"
                case "å": out += "aa"
                default: out.append(c)
                }
            }
            return out
        }
        guard text.utf8.count <= 4 * Excerpt.limit else { return nil }
        let folded = Dictionary(candidates.map { (fold($0), $0) }, uniquingKeysWith: { a, _ in a })
        let f = fold(text)
        if let exact = folded[f] { return exact }
        return Suggest.closest(to: f, in: folded.keys).flatMap { folded[$0] }
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
