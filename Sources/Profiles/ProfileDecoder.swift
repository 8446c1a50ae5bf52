import RulesDSL

/// A profile that does not fit the schema: which field, what was found,
/// what is allowed.
package struct ProfileError: Error, Sendable, Equatable {
    /// The field's path: `gender`, `children[2].birth_date`, `assessments.needs_mentor`.
    package var field: String
    package var message: String
    /// Byte offset in the input (of the field's key), for line and column.
    package var offset: Int

    package init(field: String, message: String, offset: Int) {
        self.field = field
        self.message = message
        self.offset = offset
    }
}

/// Reads citizen profiles (JSON objects keyed by fact names) and checks them
/// against the rule set's schema. Absent and `null` mean unknown.
///
/// A message names the field and the problem, and shows at most an excerpt
/// of the value found (`Excerpt`); with `echoPersonal` off, not even that
/// for a fact the schema marks `personal`, nor for the `id`.
package struct ProfileDecoder: Sendable {
    package let rules: RuleSet
    /// Reject a birth date after the evaluation date (for one citizen in
    /// front of a caseworker; batch screening treats it as "no age yet").
    package var rejectFutureBirthDates: Bool
    /// Whether messages may show an excerpt of a personal fact's value: yes
    /// for one citizen in front of a caseworker (`match`), no for batch
    /// screening, whose messages go to logs. The `id` counts as personal.
    package var echoPersonal: Bool
    let factIndex: [String: Int]
    let assessmentIndex: [String: Int]
    /// The names of personal facts and record fields, and `id`: a JSON
    /// syntax error knows only the key of the value it is in.
    let personalNames: Set<String>

    package init(rules: RuleSet, rejectFutureBirthDates: Bool = true, echoPersonal: Bool = true) {
        self.rules = rules
        self.rejectFutureBirthDates = rejectFutureBirthDates
        self.echoPersonal = echoPersonal
        var f: [String: Int] = [:]
        for (i, x) in rules.facts.enumerated() { f[x.name] = i }
        var a: [String: Int] = [:]
        for (i, x) in rules.assessments.enumerated() { a[x.name] = i }
        factIndex = f
        assessmentIndex = a
        let personal = rules.facts.filter(\.personal) + rules.records.flatMap { $0.fields.filter(\.personal) }
        personalNames = Set(personal.map(\.name) + ["id"])
    }

    /// What a message adds where it leaves out a personal value.
    package static let notShown = " (not shown: personal data)"

    /// Parses and checks one profile.
    package func decode(_ bytes: [UInt8], today: Day) throws(ProfileError) -> Profile {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw invalidJSON(error)
        }
        return try decode(value, today: today)
    }

    /// The error for a line or file that is not JSON. A message that quotes a
    /// value (a bare word) quotes none when the value may be personal: the
    /// value of a personal fact, or one outside any member.
    package func invalidJSON(_ error: JSONError) -> ProfileError {
        var message = error.message
        if !echoPersonal, let bare = error.messageWithoutInput, error.member.map(personalNames.contains) ?? true {
            message = bare + Self.notShown
        }
        return ProfileError(field: "", message: "invalid JSON: \(message)", offset: error.offset)
    }

    /// The closest of `candidates` to a name from the input, unless the name
    /// is far longer than a name can be (a suggestion costs time in its length).
    func suggestion(for name: String, in candidates: [String]) -> String? {
        name.utf8.count > 4 * Excerpt.limit ? nil : Suggest.closest(to: name, in: candidates)
    }

    package func decode(_ value: JSONValue, today: Day) throws(ProfileError) -> Profile {
        guard case .object(let members) = value else {
            // Not a member of any fact: shown as a personal value would be.
            throw ProfileError(field: "", message: "a profile must be a JSON object {\"fact\": value, …}, not \(found(value, personal: true))", offset: 0)
        }
        var p = Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count)
        for m in members {
            if m.key == "id" {
                // A text only: a case reference is not a number, whatever its characters.
                switch m.value {
                case .string(let s): p.id = s
                case .null: break
                default: throw ProfileError(field: "id", message: "'id' must be a text (the case reference), but found \(found(m.value, personal: true))", offset: m.offset)
                }
                continue
            }
            if m.key == "assessments" {
                try decodeAssessments(m, into: &p)
                continue
            }
            guard let fi = factIndex[m.key] else {
                var msg = "unknown fact '\(Excerpt.of(m.key))'"
                if let s = suggestion(for: m.key, in: Array(factIndex.keys) + ["id", "assessments"]) {
                    msg += "; did you mean '\(s)'?"
                } else if assessmentIndex[m.key] != nil {
                    msg = "'\(m.key)' is an assessment; record it under \"assessments\": {\"\(m.key)\": …}"
                }
                throw ProfileError(field: Excerpt.of(m.key), message: msg, offset: m.offset)
            }
            let fact = rules.facts[fi]
            if fact.single, case .list(let ri) = fact.type {
                // A partner: one person, an object; `[]` says there is none (null: not known).
                if case .null = m.value { continue }
                if case .array(let items) = m.value, items.isEmpty {
                    p.facts[fi] = .list([])
                    continue
                }
                guard case .object = m.value else {
                    throw ProfileError(field: m.key, message: "'\(m.key)' must be one person, an object {\"birth_date\": …} (or [] for none), but found \(found(m.value, personal: true))", offset: m.offset)
                }
                var assessments: [[ProfileValue?]] = []
                var ids: [String?] = []
                p.facts[fi] = .list([try element(m.value, ri, path: m.key, list: m.key, number: 1, offset: m.offset, today: today,
                                                 assessments: &assessments, ids: &ids)])
                if assessments.contains(where: { $0.contains { $0 != nil } }) { p.memberAssessments[fi] = assessments }
                if ids.contains(where: { $0 != nil }) { p.memberIDs[fi] = ids }
                continue
            }
            if case .list(let ri) = fact.type, ri == rules.personRecord {
                var assessments: [[ProfileValue?]] = []
                var ids: [String?] = []
                p.facts[fi] = try decodeList(m.value, ri, field: m.key, offset: m.offset, today: today, assessments: &assessments, ids: &ids)
                if assessments.contains(where: { $0.contains { $0 != nil } }) { p.memberAssessments[fi] = assessments }
                if ids.contains(where: { $0 != nil }) { p.memberIDs[fi] = ids }
                continue
            }
            p.facts[fi] = try decodeValue(m.value, type: fact.type, range: fact.range, personal: fact.personal, field: m.key, offset: m.offset, today: today)
        }
        return p
    }

    func decodeAssessments(_ m: JSONMember, into p: inout Profile, path: String = "assessments") throws(ProfileError) {
        if case .null = m.value { return }
        guard case .object(let items) = m.value else {
            throw ProfileError(field: path, message: "'\(path)' must be an object {\"assessment\": true, …}, but found \(found(m.value, personal: false))", offset: m.offset)
        }
        for a in items {
            guard let ai = assessmentIndex[a.key] else {
                var msg = "unknown assessment '\(Excerpt.of(a.key))'"
                if let s = suggestion(for: a.key, in: Array(assessmentIndex.keys)) { msg += "; did you mean '\(s)'?" }
                throw ProfileError(field: "\(path).\(Excerpt.of(a.key))", message: msg, offset: a.offset)
            }
            let type: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
            p.assessments[ai] = try decodeValue(a.value, type: type, range: nil, personal: false, field: "\(path).\(a.key)", offset: a.offset, today: nil)
        }
    }

    /// What a message says it found: `kind(v)`, or for a personal value with
    /// `echoPersonal` off only what kind of value it is.
    package func found(_ v: JSONValue, personal: Bool) -> String {
        guard personal, !echoPersonal else { return kind(v) }
        switch v {
        case .bool: return "a yes/no value" + Self.notShown
        case .number: return "a number" + Self.notShown
        case .string: return "a text" + Self.notShown
        default: return kind(v)  // null, a list, an object: no value is shown
        }
    }

    /// A value as messages show it: its kind, with an excerpt of a number or a text.
    package func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return "the number \(Excerpt.of(n.text))"
        case .string(let s): return "the text \"\(Excerpt.of(s))\""
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// Checks one value against its fact's type and range. `personal`: the
    /// fact is marked personal (then, with `echoPersonal` off, messages show
    /// no part of the value).
    package func decodeValue(_ v: JSONValue, type: ValueType, range: (lo: Int, hi: Int)?, personal: Bool, field: String, offset: Int,
                             today: Day?) throws(ProfileError) -> ProfileValue? {
        let hide = personal && !echoPersonal
        func wrong(_ allowed: String) -> ProfileError {
            ProfileError(field: field, message: "'\(field)' must be \(allowed), but found \(found(v, personal: personal))", offset: offset)
        }
        if case .null = v { return nil }
        switch type {
        case .bool:
            guard case .bool(let b) = v else { throw wrong("true or false") }
            return .bool(b)
        case .int:
            // Every int fact holds −2^62…2^62 (the engine's markers for unknown and no value lie below it).
            let range = range ?? ValueType.intValues
            func outside(_ shown: String) -> ProfileError {
                let what = hide ? "a number outside it" + Self.notShown : shown
                return ProfileError(field: field, message: "'\(field)' must be from \(range.lo) to \(range.hi), but found \(what)", offset: offset)
            }
            guard case .number(let n) = v else { throw wrong("a whole number") }
            guard let i = n.int, let x = Int(exactly: i) else {
                // Digits only: a whole number, too large for any range.
                if n.text.utf8.allSatisfy({ $0 == 0x2D || ($0 >= 0x30 && $0 <= 0x39) }) { throw outside(Excerpt.of(n.text)) }
                throw wrong("a whole number")
            }
            if x < range.lo || x > range.hi { throw outside(String(x)) }
            return .int(x)
        case .string:
            guard case .string(let s) = v else { throw wrong("a text") }
            return .string(s)
        case .date:
            guard case .string(let s) = v else { throw wrong("a date written YYYY-MM-DD") }
            guard let d = Day(s) else {
                let what = hide ? "the text found" : "\"\(Excerpt.of(s))\""
                throw ProfileError(field: field, message: "'\(field)' must be a date written YYYY-MM-DD, but \(what) is not a calendar date\(hide ? Self.notShown : "")", offset: offset)
            }
            if rejectFutureBirthDates, let today, field.hasSuffix("birth_date"), d > today {
                let shown = hide ? "" : " \(d)"
                throw ProfileError(field: field, message: "'\(field)'\(shown) is after the evaluation date \(today)\(hide ? Self.notShown : ""); a birth date cannot be in the future", offset: offset)
            }
            return .date(d)
        case .enumeration(let e):
            let values = rules.enums[e].values
            guard case .string(let s) = v else { throw wrong("one of \(values.joined(separator: ", "))") }
            guard let i = rules.enums[e].index(of: s) else {
                if hide {
                    throw ProfileError(field: field, message: "'\(field)' must be one of \(values.joined(separator: ", ")), but found another text\(Self.notShown)", offset: offset)
                }
                var msg = "'\(field)' must be one of \(values.joined(separator: ", ")), but found \"\(Excerpt.of(s))\""
                if let sug = values.first(where: { $0 == s.lowercased() }) ?? suggestion(for: s, in: values) { msg += "; did you mean '\(sug)'?" }
                throw ProfileError(field: field, message: msg, offset: offset)
            }
            return .enumValue(i)
        case .list(let ri):
            var none: [[ProfileValue?]] = []
            var noIDs: [String?] = []
            return try decodeList(v, ri, field: field, offset: offset, today: today, assessments: &none, ids: &noIDs)
        case .duration, .error:
            throw wrong("a value")
        }
    }

    /// A list of records `ri` (children: a list of persons). Each element's
    /// own `assessments` (a person's) go to `assessments`, one per element.
    func decodeList(_ v: JSONValue, _ ri: Int, field: String, offset: Int, today: Day?,
                    assessments: inout [[ProfileValue?]], ids: inout [String?]) throws(ProfileError) -> ProfileValue? {
        if case .null = v { return nil }
        let rec = rules.records[ri]
        // Something in place of a record (or of the list) is shown as a personal value would be when the record has one.
        let personalRecord = rec.fields.contains(where: \.personal)
        guard case .array(let items) = v else {
            throw ProfileError(field: field, message: "'\(field)' must be a list [{…}, …], but found \(found(v, personal: personalRecord))", offset: offset)
        }
        var rows: [[ProfileValue?]] = []
        for (k, item) in items.enumerated() {
            rows.append(try element(item, ri, path: "\(field)[\(k + 1)]", list: field, number: k + 1, offset: offset, today: today,
                                    assessments: &assessments, ids: &ids))
        }
        return .list(rows)
    }

    /// One record `ri` at `path` (`children[2]`, `partner`): a value per field.
    func element(_ item: JSONValue, _ ri: Int, path: String, list: String, number: Int, offset: Int, today: Day?,
                 assessments: inout [[ProfileValue?]], ids: inout [String?]) throws(ProfileError) -> [ProfileValue?] {
        let rec = rules.records[ri]
        let person = ri == rules.personRecord
        guard case .object(let members) = item else {
            let what = path == list ? "'\(list)' must be an object" : "each element of '\(list)' must be an object"
            throw ProfileError(field: path, message: "\(what) {\"birth_date\": …}, but \(path == list ? "found" : "element \(number) is") \(found(item, personal: rec.fields.contains(where: \.personal)))", offset: offset)
        }
        var row = [ProfileValue?](repeating: nil, count: rec.fields.count)
        var own = [ProfileValue?](repeating: nil, count: rules.assessments.count)
        var ownID: String?
        for m in members {
            if person, m.key == "id" {
                // A member's case reference, as at the top: a text only.
                switch m.value {
                case .string(let s): ownID = s
                case .null: break
                default: throw ProfileError(field: "\(path).id", message: "'\(path).id' must be a text (the member's reference), but found \(found(m.value, personal: true))", offset: m.offset)
                }
                continue
            }
            if person, m.key == "assessments" {
                var p = Profile(factCount: 0, assessmentCount: rules.assessments.count)
                try decodeAssessments(m, into: &p, path: "\(path).assessments")
                own = p.assessments
                continue
            }
            guard let fi = rec.fields.firstIndex(where: { $0.name == m.key }) else {
                if person, let f = factIndex[m.key], rules.facts[f].household {
                    throw ProfileError(field: "\(path).\(m.key)", message: "'\(m.key)' belongs to the household: give it once, at the top of the case, not in \(path)", offset: m.offset)
                }
                var msg = "unknown field '\(Excerpt.of(m.key))' in \(path)"
                let names = rec.fields.map(\.name) + (person ? ["assessments"] : [])
                if let s = suggestion(for: m.key, in: names) { msg += "; did you mean '\(s)'?" } else if !person {
                    msg += "; allowed: " + names.joined(separator: ", ")
                }
                throw ProfileError(field: "\(path).\(Excerpt.of(m.key))", message: msg, offset: m.offset)
            }
            let f = rec.fields[fi]
            row[fi] = try decodeValue(m.value, type: f.type, range: f.range, personal: f.personal, field: "\(path).\(m.key)", offset: m.offset, today: today)
        }
        if person {
            assessments.append(own)
            ids.append(ownID)
        }
        return row
    }
}
