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
package struct ProfileDecoder: Sendable {
    package let rules: RuleSet
    /// Reject a birth date after the evaluation date (for one citizen in
    /// front of a caseworker; batch screening treats it as "no age yet").
    package var rejectFutureBirthDates: Bool
    let factIndex: [String: Int]
    let assessmentIndex: [String: Int]

    package init(rules: RuleSet, rejectFutureBirthDates: Bool = true) {
        self.rules = rules
        self.rejectFutureBirthDates = rejectFutureBirthDates
        var f: [String: Int] = [:]
        for (i, x) in rules.facts.enumerated() { f[x.name] = i }
        var a: [String: Int] = [:]
        for (i, x) in rules.assessments.enumerated() { a[x.name] = i }
        factIndex = f
        assessmentIndex = a
    }

    /// Parses and checks one profile.
    package func decode(_ bytes: [UInt8], today: Day) throws(ProfileError) -> Profile {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw ProfileError(field: "", message: "invalid JSON: \(error.message)", offset: error.offset)
        }
        return try decode(value, today: today)
    }

    package func decode(_ value: JSONValue, today: Day) throws(ProfileError) -> Profile {
        guard case .object(let members) = value else {
            throw ProfileError(field: "", message: "a profile must be a JSON object {\"fact\": value, …}, not \(kind(value))", offset: 0)
        }
        var p = Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count)
        for m in members {
            if m.key == "id" {
                switch m.value {
                case .string(let s): p.id = s
                case .number(let n): p.id = n.text
                case .null: break
                default: throw ProfileError(field: "id", message: "'id' must be a text (the case reference), but found \(kind(m.value))", offset: m.offset)
                }
                continue
            }
            if m.key == "assessments" {
                try decodeAssessments(m, into: &p)
                continue
            }
            guard let fi = factIndex[m.key] else {
                var msg = "unknown fact '\(m.key)'"
                if let s = Suggest.closest(to: m.key, in: Array(factIndex.keys) + ["id", "assessments"]) {
                    msg += "; did you mean '\(s)'?"
                } else if assessmentIndex[m.key] != nil {
                    msg = "'\(m.key)' is an assessment; record it under \"assessments\": {\"\(m.key)\": …}"
                }
                throw ProfileError(field: m.key, message: msg, offset: m.offset)
            }
            let fact = rules.facts[fi]
            p.facts[fi] = try decodeValue(m.value, type: fact.type, range: fact.range, field: m.key, offset: m.offset, today: today)
        }
        return p
    }

    func decodeAssessments(_ m: JSONMember, into p: inout Profile) throws(ProfileError) {
        if case .null = m.value { return }
        guard case .object(let items) = m.value else {
            throw ProfileError(field: "assessments", message: "'assessments' must be an object {\"assessment\": true, …}, but found \(kind(m.value))", offset: m.offset)
        }
        for a in items {
            guard let ai = assessmentIndex[a.key] else {
                var msg = "unknown assessment '\(a.key)'"
                if let s = Suggest.closest(to: a.key, in: Array(assessmentIndex.keys)) { msg += "; did you mean '\(s)'?" }
                throw ProfileError(field: "assessments.\(a.key)", message: msg, offset: a.offset)
            }
            let type: ValueType = rules.assessments[ai].enumType.map { .enumeration($0) } ?? .bool
            p.assessments[ai] = try decodeValue(a.value, type: type, range: nil, field: "assessments.\(a.key)", offset: a.offset, today: nil)
        }
    }

    package func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return "the number \(n.text)"
        case .string(let s): return "the text \"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    package func decodeValue(_ v: JSONValue, type: ValueType, range: (lo: Int, hi: Int)?, field: String, offset: Int, today: Day?) throws(ProfileError) -> ProfileValue? {
        func wrong(_ allowed: String) -> ProfileError {
            ProfileError(field: field, message: "'\(field)' must be \(allowed), but found \(kind(v))", offset: offset)
        }
        if case .null = v { return nil }
        switch type {
        case .bool:
            guard case .bool(let b) = v else { throw wrong("true or false") }
            return .bool(b)
        case .int:
            guard case .number(let n) = v else { throw wrong("a whole number") }
            guard let i = n.int, let x = Int(exactly: i) else { throw wrong("a whole number") }
            if let range, x < range.lo || x > range.hi {
                throw ProfileError(field: field, message: "'\(field)' must be from \(range.lo) to \(range.hi), but found \(x)", offset: offset)
            }
            return .int(x)
        case .string:
            guard case .string(let s) = v else { throw wrong("a text") }
            return .string(s)
        case .date:
            guard case .string(let s) = v else { throw wrong("a date written YYYY-MM-DD") }
            guard let d = Day(s) else {
                throw ProfileError(field: field, message: "'\(field)' must be a date written YYYY-MM-DD, but \"\(s.count > 20 ? String(s.prefix(20)) + "…" : s)\" is not a calendar date", offset: offset)
            }
            if rejectFutureBirthDates, let today, field.hasSuffix("birth_date"), d > today {
                throw ProfileError(field: field, message: "'\(field)' \(d) is after the evaluation date \(today); a birth date cannot be in the future", offset: offset)
            }
            return .date(d)
        case .enumeration(let e):
            let values = rules.enums[e].values
            guard case .string(let s) = v else { throw wrong("one of \(values.joined(separator: ", "))") }
            guard let i = rules.enums[e].index(of: s) else {
                var msg = "'\(field)' must be one of \(values.joined(separator: ", ")), but found \"\(s)\""
                if let sug = values.first(where: { $0 == s.lowercased() }) ?? Suggest.closest(to: s, in: values) { msg += "; did you mean '\(sug)'?" }
                throw ProfileError(field: field, message: msg, offset: offset)
            }
            return .enumValue(i)
        case .list(let ri):
            guard case .array(let items) = v else { throw wrong("a list [{…}, …]") }
            let rec = rules.records[ri]
            var rows: [[ProfileValue?]] = []
            for (k, item) in items.enumerated() {
                let path = "\(field)[\(k + 1)]"
                guard case .object(let members) = item else {
                    throw ProfileError(field: path, message: "each element of '\(field)' must be an object {\"birth_date\": …}, but element \(k + 1) is \(kind(item))", offset: offset)
                }
                var row = [ProfileValue?](repeating: nil, count: rec.fields.count)
                for m in members {
                    guard let fi = rec.fields.firstIndex(where: { $0.name == m.key }) else {
                        var msg = "unknown field '\(m.key)' in \(path)"
                        if let s = Suggest.closest(to: m.key, in: rec.fields.map(\.name)) { msg += "; did you mean '\(s)'?" } else {
                            msg += "; allowed: " + rec.fields.map(\.name).joined(separator: ", ")
                        }
                        throw ProfileError(field: "\(path).\(m.key)", message: msg, offset: m.offset)
                    }
                    let f = rec.fields[fi]
                    row[fi] = try decodeValue(m.value, type: f.type, range: f.range, field: "\(path).\(m.key)", offset: m.offset, today: today)
                }
                rows.append(row)
            }
            return .list(rows)
        case .duration, .error:
            throw wrong("a value")
        }
    }
}
