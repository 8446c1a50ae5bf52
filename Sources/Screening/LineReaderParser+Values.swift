import Matcher
import Profiles
import RulesDSL

// ASCII bytes of the JSON grammar.
private let quote: UInt8 = 0x22, openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
private let minus: UInt8 = 0x2D, zero: UInt8 = 0x30, letterN: UInt8 = 0x6E, letterF: UInt8 = 0x66

/// `true`, `alse`, `null` as little-endian 32-bit words.
private let wordTrue: UInt32 = 0x6575_7274, wordAlse: UInt32 = 0x6573_6C61, wordNull: UInt32 = 0x6C6C_756E

private typealias Action = LineReaderEntry.Action

/// The fast path's members and values: the id, the assessments object,
/// lists of records, and the values of keys (booleans, enum values, dates,
/// whole numbers, texts).
extension LineReaderParser {
    // MARK: members

    // The functions below are not inlined; they take and return the
    // position, so that the caller's position never has to live in memory.

    /// The id: a string without escapes, or `null` (a number is an error,
    /// which the general path gives). Returns the position after it.
    func readID(at start: Int, _ id: inout Range<Int>?) -> Int? {
        var i = start
        let b = at(i)
        if b == quote {
            guard let (close, _) = scanString(i) else { return nil }
            id = i &+ 1 ..< close
            return close &+ 1
        }
        return b == letterN && null(&i) ? i : nil
    }

    /// The assessments object; returns the position after it.
    func assessments(at start: Int) -> Int? {
        var i = start
        if at(i) == letterN { return null(&i) ? i : nil }
        guard at(i) == openBrace else { return nil }
        i &+= 1
        if at(i) <= 0x20 { skipWhitespace(&i) }
        if at(i) == closeBrace { return i &+ 1 }
        var seen = Seen()
        var previous: Int32 = -1
        while true {
            guard at(i) == quote, let e = key(LineReaderTables.assessmentScope, after: &previous, at: i, &i), seen.insert(e.pointee.bit),
                  e.pointee.action <= Action.nullOnly, let v = value(e, &i) else { return nil }
            values[Int(e.pointee.slot)] = v
            guard let more = next(&i, closing: closeBrace) else { return nil }
            if !more { return i }
        }
    }

    /// A list of records into `facts`; returns the position after it.
    func list(_ e: UnsafeMutablePointer<LineReaderEntry>, at start: Int, lastList: inout Int, into facts: inout Facts) -> Int? {
        var i = start
        if at(i) == letterN { return null(&i) ? i : nil }
        guard at(i) == openBracket else { return nil }
        i &+= 1
        if at(i) <= 0x20 { skipWhitespace(&i) }
        let list = Int(e.pointee.slot)
        let first = facts.elements.count
        var count: Int32 = 0
        if at(i) == closeBracket {
            i &+= 1
        } else {
            // Elements are read into the reader's scratch memory, then appended at once.
            let width = Int(e.pointee.hi), scope = Int(e.pointee.scope), scratch = state.scratch
            var used = 0
            while true {
                let slots = scratch.reserve(used &+ width) + used
                slots.update(repeating: Slot.unknown, count: width)
                guard record(scope, &i, into: slots) else { return nil }
                used &+= width
                count &+= 1
                guard let more = next(&i, closing: closeBracket) else { return nil }
                if !more { break }
            }
            facts.elements.append(contentsOf: UnsafeBufferPointer(start: scratch.base, count: used))
        }
        facts.listStart[list] = Int32(first)
        facts.listCount[list] = count
        if list < lastList {
            moveIntoPlace(list, into: &facts)
        } else {
            lastList = list
        }
        return i
    }

    /// One element `{…}` of a list into `slots` (one per field, set to unknown by the caller).
    @inline(__always) func record(_ scope: Int, _ i: inout Int, into slots: UnsafeMutablePointer<Int64>) -> Bool {
        guard at(i) == openBrace else { return false }
        i &+= 1
        if at(i) <= 0x20 { skipWhitespace(&i) }
        if at(i) == closeBrace {
            i &+= 1
            return true
        }
        var seen = Seen()
        var previous: Int32 = -1
        while true {
            guard at(i) == quote, let e = key(scope, after: &previous, at: i, &i), seen.insert(e.pointee.bit),
                  e.pointee.action <= Action.nullOnly, let v = value(e, &i) else { return false }
            slots[Int(e.pointee.slot)] = v
            if separator(&i) { continue }
            guard let more = next(&i, closing: closeBrace) else { return false }
            if !more { return true }
        }
    }

    /// `Facts(program:profile:)` keeps lists in fact order (which is list
    /// order) in `elements`; a list read after a later one moves before it.
    func moveIntoPlace(_ list: Int, into facts: inout Facts) {
        let first = Int(facts.listStart[list]), last = facts.elements.count
        var position = first
        for later in list + 1 ..< facts.listCount.count where facts.listCount[later] >= 0 {
            position = min(position, Int(facts.listStart[later]))
            facts.listStart[later] += Int32(last - first)
        }
        facts.elements[position ..< first].reverse()
        facts.elements[first ..< last].reverse()
        facts.elements[position ..< last].reverse()
        facts.listStart[list] = Int32(position)
    }

    // MARK: values

    /// Reads a value for the key `e`: its slot value, `Slot.unknown` for
    /// `null`, or nil to take the general path.
    @_transparent func value(_ e: UnsafeMutablePointer<LineReaderEntry>, _ i: inout Int) -> Int64? {
        let b = at(i)
        if b == letterN {
            guard i &+ 4 <= end, load32(i) == wordNull else { return nil }
            i &+= 4
            return Slot.unknown
        }
        switch e.pointee.action {
        case Action.bool:
            guard i &+ 5 <= end else {
                guard i &+ 4 <= end, load32(i) == wordTrue else { return nil }
                i &+= 4
                return 1
            }
            // `true` or `false`, without branching on which.
            let isTrue = load32(i) == wordTrue
            let isFalse = load32(i &+ 1) == wordAlse && b == letterF
            guard isTrue || isFalse else { return nil }
            i &+= isTrue ? 4 : 5
            return isTrue ? 1 : 0
        case Action.enumeration:
            guard b == quote, let v = value(in: scopes[Int(e.pointee.scope)], at: i, &i) else { return nil }
            return Int64(v.pointee.slot)
        case Action.date:
            return date(e, &i)
        case Action.int:
            return integer(e, &i)
        case Action.text:
            guard let (v, after) = text(at: i) else { return nil }
            i = after
            return v
        default:
            return nil
        }
    }

    /// `"YYYY-MM-DD"`, a calendar day, as its day number.
    @inline(__always) func date(_ e: UnsafeMutablePointer<LineReaderEntry>, _ i: inout Int) -> Int64? {
        guard i &+ 12 <= end, at(i) == quote, p[i &+ 11] == quote else { return nil }
        // `YYYY-MM-` and `DD` checked 8 and 2 bytes at a time (no carries:
        // a digit's high nibble is checked to be 3 before 6 is added).
        let w = UnsafeRawPointer(p + (i &+ 1)).loadUnaligned(as: UInt64.self)
        let v = UnsafeRawPointer(p + (i &+ 9)).loadUnaligned(as: UInt16.self)
        let digits: UInt64 = 0x00F0_F000_F0F0_F0F0, six: UInt64 = 0x0006_0600_0606_0606, threes: UInt64 = 0x0030_3000_3030_3030
        guard w & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000, w & digits == threes, (w &+ six) & digits == threes,
              v & 0xF0F0 == 0x3030, (v &+ 0x0606) & 0xF0F0 == 0x3030 else { return nil }
        let d = w &- threes  // digits only: no borrows
        let year = Int(d & 0xFF) &* 1000 &+ Int((d &>> 8) & 0xFF) &* 100 &+ Int((d &>> 16) & 0xFF) &* 10 &+ Int((d &>> 24) & 0xFF)
        let month = Int((d &>> 40) & 0xFF) &* 10 &+ Int((d &>> 48) & 0xFF)
        let day = Int(v & 0xFF) &* 10 &+ Int(v &>> 8) &- 0x210  // 0x30 * 10 + 0x30
        let n: Int64
        let index = (year &- LineReaderTables.firstYear) &* 12 &+ month &- 1
        if year >= LineReaderTables.firstYear, year < LineReaderTables.firstYear &+ LineReaderTables.years, month >= 1, month <= 12 {
            guard day >= 1, day <= Int(monthLength[index]) else { return nil }
            n = Int64(monthStart[index]) &+ Int64(day &- 1)
        } else {
            guard let d = Day(year: year, month: month, day: day) else { return nil }
            n = Int64(d.number)
        }
        if e.pointee.birthDate, n > today { return nil }
        i &+= 12
        return n
    }

    /// `-?(0|[1-9][0-9]*)` within the key's range; fractions and exponents
    /// (which the caller sees as what follows) go to the general path.
    @inline(__always) func integer(_ e: UnsafeMutablePointer<LineReaderEntry>, _ i: inout Int) -> Int64? {
        var j = i
        let negative = at(j) == minus
        if negative { j &+= 1 }
        var digit = at(j) &- zero
        guard digit < 10 else { return nil }
        var magnitude = UInt64(digit)
        j &+= 1
        if magnitude == 0 {
            guard at(j) &- zero >= 10 else { return nil }  // leading zero
        } else {
            let limit = j &+ 18  // at most 19 digits: no overflow of UInt64
            digit = at(j) &- zero
            while digit < 10 {
                guard j < limit else { return nil }
                magnitude = magnitude &* 10 &+ UInt64(digit)
                j &+= 1
                digit = at(j) &- zero
            }
        }
        let v: Int64
        if negative {
            guard magnitude <= UInt64(Int64.max) &+ 1 else { return nil }
            v = Int64(truncatingIfNeeded: 0 &- magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { return nil }
            v = Int64(magnitude)
        }
        guard v >= e.pointee.lo, v <= e.pointee.hi else { return nil }
        i = j
        return v
    }

    /// A text: the index of the equal rule-set text, or `Slot.otherText`,
    /// and the position after it.
    func text(at i: Int) -> (Int64, Int)? {
        guard at(i) == quote, let (close, latin1) = scanString(i) else { return nil }
        let v: Int64
        if latin1 {
            var after = i
            v = match(scopes[LineReaderTables.textScope], at: i, &after).map { Int64($0.pointee.slot) } ?? Slot.otherText
        } else {
            // Not Latin-1, so possibly not in NFC: compare as `String`s (canonical equivalence).
            let text = String(decoding: UnsafeBufferPointer(start: p + (i &+ 1), count: close &- i &- 1), as: UTF8.self)
            v = tables.strings.firstIndex(of: text).map { Int64($0) } ?? Slot.otherText
        }
        return (v, close &+ 1)
    }

    /// Duplicate-key detection: one bit per key of an object.
    struct Seen {
        var low: UInt64 = 0
        var high = SIMD4<UInt64>()

        @inline(__always) mutating func insert(_ bit: UInt8) -> Bool {
            let m = UInt64(1) &<< UInt64(bit & 63)
            if bit < 64 {
                defer { low |= m }
                return low & m == 0
            }
            let k = Int(bit &>> 6)
            defer { high[k] |= m }
            return high[k] & m == 0
        }
    }
}
