import Matcher
import Profiles
import RulesDSL

// ASCII bytes of the JSON grammar.
private let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
private let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
private let minus: UInt8 = 0x2D, zero: UInt8 = 0x30, letterN: UInt8 = 0x6E, letterF: UInt8 = 0x66

/// `true`, `alse`, `null` as little-endian 32-bit words.
private let wordTrue: UInt32 = 0x6575_7274, wordAlse: UInt32 = 0x6573_6C61, wordNull: UInt32 = 0x6C6C_756E
private let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080

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
        slots = tables.slots.base
        entries = tables.entries.base
        scopes = tables.scopes.base
        pool = tables.pool.base
        monthStart = tables.monthStart.base
        monthLength = tables.monthLength.base
        self.tables = tables
        follow = state.follow.base
        first = state.first.base
        self.state = state
        self.values = values
        self.today = Int64(today.number)
    }

    // MARK: bytes

    /// The byte at `k`, or 0 past the end (0 never continues a valid token here).
    @inline(__always) func at(_ k: Int) -> UInt8 { k < end ? p[k] : 0 }

    @inline(__always) func load32(_ k: Int) -> UInt32 { UnsafeRawPointer(p + k).loadUnaligned(as: UInt32.self) }

    /// JSON whitespace but the line break, which ends a line: the parser,
    /// given the rest of a chunk, never reads past its line.
    @inline(__always) func skipWhitespace(_ i: inout Int) {
        while i < end {
            switch p[i] {
            case 0x20, 0x09, 0x0D: i &+= 1
            default: return
            }
        }
    }

    /// Skips `:` with any whitespace around it.
    @inline(__always) func colonSeparator(_ i: inout Int) -> Bool {
        if at(i) != colon {
            skipWhitespace(&i)
            guard at(i) == colon else { return false }
        }
        i &+= 1
        if at(i) <= 0x20 { skipWhitespace(&i) }
        return true
    }

    /// After a member or element: `,` (then true), or `closing` (then false);
    /// nil for anything else.
    @inline(__always) func next(_ i: inout Int, closing: UInt8) -> Bool? {
        var b = at(i)
        if b <= 0x20 {
            skipWhitespace(&i)
            b = at(i)
        }
        i &+= 1
        if b == comma {
            if at(i) <= 0x20 { skipWhitespace(&i) }
            return true
        }
        return b == closing ? false : nil
    }

    /// Compares `n` bytes at `a` and `b`.
    @inline(__always) static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        if n >= 8 {
            var k = 0
            while k &+ 8 < n {
                if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                k &+= 8
            }
            return ra.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
        }
        if n >= 4 {
            return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
                && ra.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self) == rb.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
        }
        var k = 0
        while k < n {
            if a[k] != b[k] { return false }
            k &+= 1
        }
        return true
    }

    /// The first (up to) 8 bytes of the string whose opening quote is at `q`,
    /// cut at its closing quote: equal to `LineReaderTables.word` of its text
    /// when the text has no escapes. (Bytes past the line only matter for
    /// keys that `verify` then rejects.)
    @inline(__always) func word(at q: Int) -> UInt64 {
        var w: UInt64 = 0
        if q &+ 9 <= limit {
            w = UnsafeRawPointer(p + (q &+ 1)).loadUnaligned(as: UInt64.self)
        } else {
            var k = 0
            while q &+ 1 &+ k < limit, k < 8 {
                w |= UInt64(p[q &+ 1 &+ k]) &<< UInt64(8 &* k)
                k &+= 1
            }
        }
        let x = w ^ (ones &* UInt64(quote))
        let quotes = (x &- ones) & ~x & highs  // the lowest marked byte is the first quote
        let first = quotes & (0 &- quotes)     // bit 7 of that byte, or 0
        return w & ((first &>> 7) &- 1)        // the bytes before it (all 8 if none)
    }

    /// The entry of scope `s` whose token `"name"` is exactly the bytes at
    /// `q` (an opening quote), or nil. Sets `i` past the token, and for a key
    /// past the colon and any whitespace after it.
    @_transparent func match(_ s: LineReaderScope, at q: Int, _ i: inout Int) -> UnsafeMutablePointer<LineReaderEntry>? {
        let w = word(at: q)
        var slot = slots + (s.base &+ Int(truncatingIfNeeded: (w &* s.multiplier) &>> s.shift))
        while true {
            if slot.pointee.word == w {
                let e = entries + Int(slot.pointee.entry)
                if token(e, at: q, &i) { return e }
            }
            let next = Int(slot.pointee.next)
            if next < 0 { return nil }
            slot = slots + next
        }
    }

    /// `match` for a value: well inside the input, the first entry with the
    /// same first word is compared 32 bytes at once; otherwise, or on a
    /// difference, `match` decides.
    @_transparent func value(in s: LineReaderScope, at q: Int, _ i: inout Int) -> UnsafeMutablePointer<LineReaderEntry>? {
        if q &+ 33 <= end {
            let w = word(at: q)
            let slot = slots + (s.base &+ Int(truncatingIfNeeded: (w &* s.multiplier) &>> s.shift))
            let e = entries + Int(slot.pointee.entry)
            if slot.pointee.word == w, !e.pointee.long, same(e, at: q) {
                i = q &+ Int(e.pointee.matchLength)
                return e
            }
        }
        return match(s, at: q, &i)
    }

    /// Whether the 32 bytes after the opening quote at `q` hold `e`'s text
    /// (`name"`, and a key's colon) where its mask says: the token compared
    /// at once. The caller checks that the 32 bytes can be read.
    @_transparent func same(_ e: UnsafeMutablePointer<LineReaderEntry>, at q: Int) -> Bool {
        let b = UnsafeRawPointer(p + (q &+ 1))
        let t = e.pointee.text, m = e.pointee.mask
        let d0 = (b.loadUnaligned(as: UInt64.self) ^ t.0) & m.0
        let d1 = (b.loadUnaligned(fromByteOffset: 8, as: UInt64.self) ^ t.1) & m.1
        let d2 = (b.loadUnaligned(fromByteOffset: 16, as: UInt64.self) ^ t.2) & m.2
        let d3 = (b.loadUnaligned(fromByteOffset: 24, as: UInt64.self) ^ t.3) & m.3
        return d0 | d1 | d2 | d3 == 0
    }

    /// Whether the bytes at `q` are the token of `e`; if so, sets `i` past
    /// it (for a key, past the colon and any whitespace after it).
    @_transparent func token(_ e: UnsafeMutablePointer<LineReaderEntry>, at q: Int, _ i: inout Int) -> Bool {
        if q &+ 33 <= limit, q &+ Int(e.pointee.matchLength) <= end, !e.pointee.long, same(e, at: q) {
            i = q &+ Int(e.pointee.matchLength)
            if e.pointee.isKey, at(i) <= 0x20 { skipWhitespace(&i) }
            return true
        }
        guard let after = verifySlowly(e, at: q) else { return false }
        i = after
        return true
    }

    /// The key of scope `s` at `q`, trying first the key that followed the
    /// previous one (`previous`, -1 at the start of the object) last time,
    /// then the few after it, and learning the order when none is right.
    /// Lines of one caseload mostly list their keys in the same order, some
    /// leaving keys out.
    @_transparent func key(_ s: Int, after previous: inout Int32, at q: Int, _ i: inout Int) -> UnsafeMutablePointer<LineReaderEntry>? {
        let guess = previous < 0 ? first[s] : follow[Int(previous)]
        // Well inside the input (`end` is at most `limit`; the byte after the
        // key is read too), a short key is compared 32 bytes at once;
        // anything else goes through the table.
        if guess >= 0, q &+ 34 <= end {
            // The guess, then the keys that followed it (when this line leaves
            // out a key or a few): their first 8 bytes are compared, then the
            // whole token.
            let first = UnsafeRawPointer(p + (q &+ 1)).loadUnaligned(as: UInt64.self)
            var k = guess
            for _ in 0 ..< 4 {
                let e = entries + Int(k)
                if (first ^ e.pointee.text.0) & e.pointee.mask.0 == 0, !e.pointee.long, same(e, at: q) {
                    i = q &+ Int(e.pointee.matchLength)
                    if p[i] <= 0x20 { skipWhitespace(&i) }
                    previous = k
                    return e
                }
                k = follow[Int(k)]
                if k < 0 { break }
            }
        }
        guard let e = match(scopes[s], at: q, &i) else { return nil }
        let found = Int32(truncatingIfNeeded: e - entries)
        if previous < 0 { first[s] = found } else { follow[Int(previous)] = found }
        previous = found
        return e
    }

    /// `match` byte by byte (near the end of the buffer, for long names, or
    /// with space before a colon): the offset after the token, or nil.
    @inline(never) func verifySlowly(_ e: UnsafeMutablePointer<LineReaderEntry>, at q: Int) -> Int? {
        let length = Int(e.pointee.tokenLength)
        guard q &+ length <= end, p[q &+ length &- 1] == quote,
              Self.equal(p + (q &+ 1), pool + (Int(e.pointee.tokenStart) &+ 1), length &- 2) else { return nil }
        var i = q &+ length
        if e.pointee.isKey {
            guard colonSeparator(&i) else { return nil }
        }
        return i
    }

    /// Scans the string whose opening quote is at `q`. Returns the offset of
    /// its closing quote and whether all its characters are Latin-1, or nil
    /// for an escape, a control character, invalid UTF-8 or no closing quote.
    @inline(__always) func scanString(_ q: Int) -> (close: Int, latin1: Bool)? {
        var j = q &+ 1
        var latin1 = true
        while true {
            // 8 bytes at a time while none is `"`, `\`, a control character or non-ASCII.
            while j &+ 8 <= end {
                let w = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                let q = w ^ (ones &* UInt64(quote)), b = w ^ (ones &* UInt64(backslash))
                let special = (w | ((w &- ones &* 0x20) & ~w) | ((q &- ones) & ~q) | ((b &- ones) & ~b)) & highs
                if special != 0 {
                    j &+= special.trailingZeroBitCount &>> 3
                    break
                }
                j &+= 8
            }
            guard j < end else { return nil }
            let byte = p[j]
            if byte == quote { return (j, latin1) }
            if byte == backslash || byte < 0x20 { return nil }
            if byte < 0x80 {
                j &+= 1
                continue
            }
            guard let n = UTF8Bytes.sequenceLength(UnsafeBufferPointer(start: p, count: end), at: j, end: end) else { return nil }
            if byte > 0xC3 { latin1 = false }
            j &+= n
        }
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
