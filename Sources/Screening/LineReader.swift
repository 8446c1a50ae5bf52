import Matcher
import Profiles
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
    /// `program.slotCount` and `program.lists.count`, read for every line
    /// (through `program` the whole struct was copied each time).
    let slotCount: Int, listCount: Int
    /// What this reader learns as it reads (its own; the tables are shared).
    private(set) var state: LineReaderState

    /// `echoPersonal`: as `ProfileDecoder`'s; off by default, as screening's messages go to logs.
    package init(program: Program, rejectFutureBirthDates: Bool = false, echoPersonal: Bool = false) {
        self.program = program
        slotCount = program.slotCount
        listCount = program.lists.count
        self.decoder = ProfileDecoder(rules: program.rules, rejectFutureBirthDates: rejectFutureBirthDates, echoPersonal: echoPersonal)
        self.tables = LineReaderTables(program: program, rejectFutureBirthDates: rejectFutureBirthDates)
        state = LineReaderState(tables)
    }

    /// A reader for another thread: the same tables, its own learned state.
    package func fresh() -> LineReader {
        var reader = self
        reader.state = LineReaderState(tables)
        return reader
    }

    /// Parses bytes[range] (one line, no newline) into `facts` (which it resets first) and returns the
    /// profile's id as a byte range within `bytes` (nil when absent). Throws a ProfileError with the SAME
    /// `field` and `message` that ProfileDecoder would give for that line (byte offset relative to the line start).
    ///
    /// The id's range covers its text as written: between the quotes of a
    /// string (escapes left as they are); an id is a text, never a number.
    package func read(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into facts: inout Facts, today: Day) throws(ProfileError) -> Range<Int>? {
        let range = range.clamped(to: 0 ..< bytes.count)
        if let (id, after) = readFast(bytes, from: range.lowerBound, end: range.upperBound, into: &facts, today: today),
           after == range.upperBound {
            return id
        }
        return try readGeneral(bytes, range, into: &facts, today: today)
    }

    /// The fast path alone on the line that starts at `start` and ends at
    /// the next line break or at `end`: the id's range and the offset of
    /// that line break (or `end`), or nil when the line must be read by
    /// `read` (which then gives the value or the error). So batch
    /// screening finds a line's end while reading it.
    package func readFast(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, into facts: inout Facts,
                          today: Day) -> (id: Range<Int>?, lineEnd: Int)? {
        guard tables.fastPathEnabled, start <= end, end <= bytes.count else { return nil }
        if facts.values.count != slotCount || facts.listCount.count != listCount {
            facts = Facts(program: program)
        }
        // The slots are written through a pointer; the array is moved out meanwhile.
        var values: [Int64] = []
        swap(&values, &facts.values)
        let (after, id) = values.withUnsafeMutableBufferPointer { slots in
            slots.update(repeating: Slot.unknown)
            if !facts.elements.isEmpty { facts.elements.removeAll(keepingCapacity: true) }
            for k in facts.listCount.indices where facts.listCount[k] != -1 || facts.listStart[k] != 0 {
                facts.listCount[k] = -1
                facts.listStart[k] = 0
            }
            // (No slots, no scalar keys: the pointer is then never used.)
            let base = slots.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Int64>.alignment)!
            let parser = LineReaderParser(bytes, start ..< end, tables: tables, state: state, values: base, today: today)
            var id: Range<Int>? = nil
            return (parser.parse(into: &facts, id: &id), id)
        }
        swap(&values, &facts.values)
        guard let after else { return nil }
        return (id, after)
    }

    /// The general path: the strict JSON parser and the profile decoder.
    func readGeneral(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into facts: inout Facts, today: Day) throws(ProfileError) -> Range<Int>? {
        let line = UnsafeBufferPointer(rebasing: bytes[range])
        let value: JSONValue
        do {
            value = try JSONParser.parse(line.span)
        } catch {
            throw decoder.invalidJSON(error)
        }
        let profile = try decoder.decode(value, today: today)
        facts.fill(from: profile, program: program)
        guard profile.id != nil, case .object(let members) = value,
              let member = members.first(where: { $0.key == "id" }) else { return nil }
        return Self.valueText(bytes, key: range.lowerBound + member.offset, end: range.upperBound)
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

// MARK: - The fast path

private let quote: UInt8 = 0x22, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D, lineBreak: UInt8 = 0x0A

private typealias Action = LineReaderEntry.Action

/// The fast path: one pass over one line, straight into the fact slots.
///
/// It accepts only the plain shape of a profile — no escapes, no fractions
/// or exponents, no unknown keys, values of the right type and inside their
/// sets and ranges — and answers `false` ("take the general path") for
/// anything else, valid or not. Whatever it accepts, the general path
/// accepts with the same values, so it never needs to produce a message.
///
/// The position is a local `inout Int` threaded through inlined functions,
/// so that it lives in a register; the struct holds only constants. `match`
/// and `value` are `@_transparent` because the optimizer does not honour
/// `@inline(__always)` for them (they are large and used in several places),
/// and calling them out of line cost about 10% more instructions per line.
struct LineReaderParser {
    let p: UnsafePointer<UInt8>
    /// The line is `start ..< end`; memory can be read up to `limit` (the buffer's end).
    let end: Int
    let start: Int
    let limit: Int
    let slots: UnsafeMutablePointer<LineReaderSlot>
    let entries: UnsafeMutablePointer<LineReaderEntry>
    let scopes: UnsafeMutablePointer<LineReaderScope>
    let pool: UnsafeMutablePointer<UInt8>
    let monthStart: UnsafeMutablePointer<Int32>
    let monthLength: UnsafeMutablePointer<UInt8>
    unowned(unsafe) let tables: LineReaderTables
    /// The reader's learned key order (`LineReaderState`).
    let follow: UnsafeMutablePointer<Int32>
    let first: UnsafeMutablePointer<Int32>
    unowned(unsafe) let state: LineReaderState
    /// The fact slots (`Facts.values`), reset by the caller.
    let values: UnsafeMutablePointer<Int64>
    let today: Int64

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, tables: LineReaderTables, state: LineReaderState,
         values: UnsafeMutablePointer<Int64>, today: Day) {
        p = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        end = range.upperBound
        start = range.lowerBound
        limit = bytes.count
        let t = tables.addresses
        slots = t.slots
        entries = t.entries
        scopes = t.scopes
        pool = t.pool
        monthStart = t.monthStart
        monthLength = t.monthLength
        self.tables = tables
        follow = state.follow.base
        first = state.first.base
        self.state = state
        self.values = values
        self.today = Int64(today.number)
    }

    /// The entry point: reads the line into `facts` (whose slots are `values`)
    /// and the id's range into `id`, and returns the offset of the line break
    /// that ends it (or of `end`). On nil, the line must be read by the
    /// general path.
    ///
    /// The parsing helpers are extensions: bytes and tokens (whitespace,
    /// separators, keys, enum values and texts matched against the tables)
    /// in LineReaderParser+Tokens.swift, members and values (the id, the
    /// assessments, lists of records, booleans, dates, numbers, texts) in
    /// LineReaderParser+Values.swift.
    func parse(into facts: inout Facts, id: inout Range<Int>?) -> Int? {
        var i = start
        if at(i) <= 0x20 { skipWhitespace(&i) }
        guard at(i) == openBrace else { return nil }
        i &+= 1
        if at(i) <= 0x20 { skipWhitespace(&i) }
        if at(i) == closeBrace {
            i &+= 1
        } else {
            var seen = Seen()
            var lastList = -1
            var previous: Int32 = -1
            while true {
                guard at(i) == quote, let e = key(LineReaderTables.topScope, after: &previous, at: i, &i),
                      seen.insert(e.pointee.bit) else { return nil }
                let action = e.pointee.action
                if action <= Action.nullOnly {
                    guard let v = value(e, &i) else { return nil }
                    values[Int(e.pointee.slot)] = v
                } else if action == Action.list {
                    guard let after = list(e, at: i, lastList: &lastList, into: &facts) else { return nil }
                    i = after
                } else if action == Action.id {
                    guard let after = readID(at: i, &id) else { return nil }
                    i = after
                } else if action == Action.assessments {
                    guard let after = assessments(at: i) else { return nil }
                    i = after
                } else {
                    return nil
                }
                if separator(&i) { continue }
                guard let more = next(&i, closing: closeBrace) else { return nil }
                if !more { break }
            }
        }
        skipWhitespace(&i)
        guard i == end || p[i] == lineBreak else { return nil }
        return i
    }
}
