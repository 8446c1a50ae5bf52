import RulesDSL

/// Reads one JSON Lines profile straight into fact slots.
///
/// The fast path (`LineReaderParser`) scans the line once against byte tables
/// of the schema: whole keys are matched as `"key"` tokens, enum values and
/// the rule set's texts likewise, dates, whole numbers and `true`/`false`
/// are decoded in place; nothing is allocated and no `String` is made.
/// Anything it does not handle — escapes, fractions and exponents, a byte
/// order mark, unknown keys, values of the wrong type or outside their set
/// or range, duplicate keys, malformed JSON — sends the line to the general
/// path (`JSONParser` and `ProfileDecoder`), which gives the value or the
/// error. So the messages are `ProfileDecoder`'s, and a line is accepted,
/// with the same slot values, exactly when `ProfileDecoder` accepts it.
package struct LineReader: Sendable {
    let program: Program
    let decoder: ProfileDecoder
    let tables: LineReaderTables

    package init(program: Program, rejectFutureBirthDates: Bool = false) {
        self.program = program
        self.decoder = ProfileDecoder(rules: program.rules, rejectFutureBirthDates: rejectFutureBirthDates)
        self.tables = LineReaderTables(program: program, rejectFutureBirthDates: rejectFutureBirthDates)
    }

    /// Parses bytes[range] (one line, no newline) into `facts` (which it resets first) and returns the
    /// profile's id as a byte range within `bytes` (nil when absent). Throws a ProfileError with the SAME
    /// `field` and `message` that ProfileDecoder would give for that line (byte offset relative to the line start).
    ///
    /// The id's range covers its text as written: between the quotes of a
    /// string (escapes left as they are), or the digits of a number.
    package func read(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into facts: inout Facts, today: Day) throws(ProfileError) -> Range<Int>? {
        let range = range.clamped(to: 0 ..< bytes.count)
        if facts.values.count != program.slotCount || facts.listCount.count != program.lists.count {
            facts = Facts(program: program)
        } else {
            facts.reset()
        }
        if tables.fastPathEnabled {
            var parser = LineReaderParser(bytes, range, tables: tables, today: today)
            if parser.parse(into: &facts) { return parser.id }
        }
        return try readGeneral(bytes, range, into: &facts, today: today)
    }

    /// The general path: the strict JSON parser and the profile decoder.
    func readGeneral(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into facts: inout Facts, today: Day) throws(ProfileError) -> Range<Int>? {
        let line = UnsafeBufferPointer(rebasing: bytes[range])
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw ProfileError(field: "", message: "invalid JSON: \(error.message)", offset: error.offset)
        }
        let profile = try decoder.decode(value, today: today)
        fill(&facts, from: profile)
        guard profile.id != nil, case .object(let members) = value,
              let member = members.first(where: { $0.key == "id" }) else { return nil }
        return Self.valueText(bytes, key: range.lowerBound + member.offset, end: range.upperBound)
    }

    /// What `Facts(program:profile:)` does, into the reused `facts`.
    func fill(_ facts: inout Facts, from profile: Profile) {
        facts.reset()
        for (i, v) in profile.facts.enumerated() {
            guard let v else { continue }
            let slot = program.factSlot[i]
            if slot >= 0 {
                facts.values[Int(slot)] = Facts.encode(v, program)
            } else if case .list(let rows) = v {
                let li = Int(program.listOfFact[i])
                let width = program.lists[li].fieldCount
                facts.listStart[li] = Int32(facts.elements.count)
                facts.listCount[li] = Int32(rows.count)
                for row in rows {
                    for f in 0 ..< width {
                        facts.elements.append(f < row.count ? (row[f].map { Facts.encode($0, program) } ?? Slot.unknown) : Slot.unknown)
                    }
                }
            }
        }
        for (i, v) in profile.assessments.enumerated() {
            if let v { facts.values[Int(program.assessmentSlot[i])] = Facts.encode(v, program) }
        }
    }

    /// The text of the value of the member whose key starts at `key`, in valid
    /// JSON: between the quotes of a string, or the whole number.
    static func valueText(_ bytes: UnsafeBufferPointer<UInt8>, key: Int, end: Int) -> Range<Int>? {
        func skipString(_ open: Int) -> Int {  // returns the offset of the closing quote
            var j = open + 1
            while j < end, bytes[j] != 0x22 { j += bytes[j] == 0x5C ? 2 : 1 }
            return min(j, end)
        }
        func skipWhitespace(_ j: inout Int) {
            while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D { j += 1 }
        }
        var j = skipString(key) + 1
        skipWhitespace(&j)
        j += 1  // ':'
        skipWhitespace(&j)
        guard j < end else { return nil }
        if bytes[j] == 0x22 { return j + 1 ..< skipString(j) }
        let start = j
        while j < end, bytes[j] == 0x2D || bytes[j] == 0x2B || bytes[j] == 0x2E || bytes[j] | 0x20 == 0x65 || (bytes[j] >= 0x30 && bytes[j] <= 0x39) { j += 1 }
        return start < j ? start ..< j : nil
    }
}
