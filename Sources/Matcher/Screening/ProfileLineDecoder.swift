import RulesDSL

/// Reads one JSON Lines profile into fact slots (the general path: parse,
/// check against the schema, fill the slots).
struct ProfileLineDecoder {
    let decoder: ProfileDecoder
    let program: Program
    let date: Day

    init(matcher: Matcher, date: Day) {
        self.decoder = ProfileDecoder(rules: matcher.rules, rejectFutureBirthDates: false)
        self.program = matcher.program
        self.date = date
    }

    /// Returns the byte range of the id's text in `chunk` (JSON-escaped as written).
    func read(_ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into facts: inout Facts) throws(ProfileError) -> Range<Int>? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(UnsafeBufferPointer(rebasing: chunk[range]))
        } catch {
            throw ProfileError(field: "", message: "invalid JSON: \(error.message)", offset: error.offset)
        }
        let profile = try decoder.decode(value, today: date)
        facts = Facts(program: program, profile: profile)
        guard profile.id != nil, case .object(let members) = value, let m = members.first(where: { $0.key == "id" }) else { return nil }
        // The id's text starts after `"id":` and optional spaces.
        var i = range.lowerBound + m.offset + 4
        while i < range.upperBound, chunk[i] == 32 || chunk[i] == 9 || chunk[i] == 58 { i += 1 }
        guard i < range.upperBound, chunk[i] == 34 else { return nil }
        var j = i + 1
        while j < range.upperBound, chunk[j] != 34 { j += chunk[j] == 92 ? 2 : 1 }
        return (i + 1)..<min(j, range.upperBound)
    }
}
