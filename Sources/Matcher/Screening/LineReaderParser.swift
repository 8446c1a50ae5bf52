import RulesDSL

// ASCII bytes of the JSON grammar.
private let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
private let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
private let minus: UInt8 = 0x2D, zero: UInt8 = 0x30

/// `true`, `fals`, `alse`, `null` as little-endian 32-bit words.
private let wordTrue: UInt32 = 0x6575_7274, wordAlse: UInt32 = 0x6573_6C61, wordNull: UInt32 = 0x6C6C_756E

/// The fast path: one pass over one line, straight into the fact slots.
///
/// It accepts only the plain shape of a profile — no escapes, no fractions
/// or exponents, no unknown keys, values of the right type and inside their
/// sets and ranges — and answers `false` ("take the general path") for
/// anything else, valid or not. Whatever it accepts, the general path
/// accepts with the same values, so it never needs to produce a message.
struct LineReaderParser {
    let p: UnsafePointer<UInt8>
    let end: Int
    var i: Int
    let entries: UnsafeMutablePointer<LineReaderEntry>
    let buckets: UnsafeMutablePointer<Int32>
    let pool: UnsafeMutablePointer<UInt8>
    let tables: LineReaderTables
    let today: Int64
    /// The id's text (between the quotes, or the number as written).
    var id: Range<Int>? = nil
    /// Fact index of the last list read, to keep lists in fact order in `elements`.
    var lastList: Int64 = -1

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, tables: LineReaderTables, today: Day) {
        p = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        end = range.upperBound
        i = range.lowerBound
        entries = tables.entries
        buckets = tables.buckets
        pool = tables.pool
        self.tables = tables
        self.today = Int64(today.number)
    }

    // MARK: bytes

    /// The byte at `k`, or 0 past the end (0 never continues a valid token here).
    @inline(__always) func at(_ k: Int) -> UInt8 { k < end ? p[k] : 0 }

    @inline(__always) func load32(_ k: Int) -> UInt32 { UnsafeRawPointer(p + k).loadUnaligned(as: UInt32.self) }

    @inline(__always) mutating func skipWhitespace() {
        while i < end {
            switch p[i] {
            case 0x20, 0x09, 0x0A, 0x0D: i += 1
            default: return
            }
        }
    }

    /// Skips `:` with any whitespace around it.
    @inline(__always) mutating func colonSeparator() -> Bool {
        if at(i) != colon {
            skipWhitespace()
            guard at(i) == colon else { return false }
        }
        i += 1
        if at(i) <= 0x20 { skipWhitespace() }
        return true
    }

    /// Compares `n` bytes at `a` and `b`.
    @inline(__always) static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        if n >= 8 {
            var k = 0
            while k + 8 < n {
                if ra.loadUnaligned(fromByteOffset: k, as: UInt64.self) != rb.loadUnaligned(fromByteOffset: k, as: UInt64.self) { return false }
                k += 8
            }
            return ra.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == rb.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
                && ra.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == rb.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        var k = 0
        while k < n {
            if a[k] != b[k] { return false }
            k += 1
        }
        return true
    }

    /// The entry of `scope` whose token `"name"` is exactly the bytes at `q`
    /// (an opening quote), or nil.
    @inline(__always) func match(_ scope: Int32, at q: Int) -> UnsafeMutablePointer<LineReaderEntry>? {
        guard q + 1 < end else { return nil }
        let bucket = buckets + (Int(scope) &* 257 &+ Int(p[q + 1]))
        var k = Int(bucket[0])
        let stop = Int(bucket[1])
        while k < stop {
            let e = entries + k
            let length = Int(e.pointee.tokenLength)
            if q + length <= end, p[q + length - 1] == quote,
               Self.equal(p + q + 1, pool + Int(e.pointee.tokenStart) + 1, length - 2) {
                return e
            }
            k += 1
        }
        return nil
    }

    /// Scans the string whose opening quote is at `q`. Returns the offset of
    /// its closing quote and whether all its characters are Latin-1, or nil
    /// for an escape, a control character, invalid UTF-8 or no closing quote.
    @inline(__always) func scanString(_ q: Int) -> (close: Int, latin1: Bool)? {
        var j = q + 1
        var latin1 = true
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while true {
            // 8 bytes at a time while none is `"`, `\`, a control character or non-ASCII.
            while j + 8 <= end {
                let w = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                let q = w ^ (ones &* UInt64(quote)), b = w ^ (ones &* UInt64(backslash))
                let special = (w | ((w &- ones &* 0x20) & ~w) | ((q &- ones) & ~q) | ((b &- ones) & ~b)) & highs
                if special != 0 {
                    j += special.trailingZeroBitCount >> 3
                    break
                }
                j += 8
            }
            guard j < end else { return nil }
            let byte = p[j]
            if byte == quote { return (j, latin1) }
            if byte == backslash || byte < 0x20 { return nil }
            if byte < 0x80 {
                j += 1
                continue
            }
            guard let n = UTF8Bytes.sequenceLength(UnsafeBufferPointer(start: p, count: end), at: j, end: end) else { return nil }
            if byte > 0xC3 { latin1 = false }
            j += n
        }
    }

    // MARK: values

    /// Reads `null`.
    @inline(__always) mutating func null() -> Bool {
        guard i + 4 <= end, load32(i) == wordNull else { return false }
        i += 4
        return true
    }

    /// Reads a value of the key's type: its slot value, `Slot.unknown` for
    /// `null`, or nil to take the general path.
    @inline(__always) mutating func value(_ e: UnsafeMutablePointer<LineReaderEntry>) -> Int64? {
        let b = at(i)
        if b == 0x6E { return null() ? Slot.unknown : nil }
        switch e.pointee.type {
        case LineReaderEntry.ValueKind.bool:
            guard i + 5 <= end else {
                guard i + 4 <= end, load32(i) == wordTrue else { return nil }
                i += 4
                return 1
            }
            // `true` or `false`, branch-free in the common case.
            let isTrue = load32(i) == wordTrue
            let isFalse = load32(i + 1) == wordAlse && b == 0x66
            guard isTrue || isFalse else { return nil }
            i += isTrue ? 4 : 5
            return isTrue ? 1 : 0
        case LineReaderEntry.ValueKind.enumeration:
            guard b == quote, let v = match(e.pointee.scope, at: i) else { return nil }
            i += Int(v.pointee.tokenLength)
            return Int64(v.pointee.slot)
        case LineReaderEntry.ValueKind.date:
            guard b == quote, i + 12 <= end, p[i + 11] == quote, p[i + 5] == minus, p[i + 8] == minus else { return nil }
            let y0 = p[i + 1] &- zero, y1 = p[i + 2] &- zero, y2 = p[i + 3] &- zero, y3 = p[i + 4] &- zero
            let m0 = p[i + 6] &- zero, m1 = p[i + 7] &- zero, d0 = p[i + 9] &- zero, d1 = p[i + 10] &- zero
            guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 else { return nil }
            let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
            guard let day = Day(year: year, month: Int(m0) * 10 + Int(m1), day: Int(d0) * 10 + Int(d1)) else { return nil }
            let n = Int64(day.number)
            if e.pointee.birthDate, n > today { return nil }
            i += 12
            return n
        case LineReaderEntry.ValueKind.int:
            var j = i
            let negative = b == minus
            if negative { j += 1 }
            var digit = at(j) &- zero
            guard digit < 10 else { return nil }
            var v = Int64(digit)
            j += 1
            if v == 0 {
                guard at(j) &- zero >= 10 else { return nil }  // leading zero
            } else {
                let limit = j + 17  // at most 18 digits: no overflow
                digit = at(j) &- zero
                while digit < 10 {
                    guard j < limit else { return nil }
                    v = v &* 10 &+ Int64(digit)
                    j += 1
                    digit = at(j) &- zero
                }
            }
            if negative { v = -v }
            guard v >= e.pointee.lo, v <= e.pointee.hi else { return nil }
            i = j
            return v
        case LineReaderEntry.ValueKind.text:
            guard b == quote, let (close, latin1) = scanString(i) else { return nil }
            let v: Int64
            if latin1 {
                v = match(LineReaderTables.textScope, at: i).map { Int64($0.pointee.slot) } ?? Slot.otherText
            } else {
                let text = String(decoding: UnsafeBufferPointer(start: p + i + 1, count: close - i - 1), as: UTF8.self)
                v = tables.strings.firstIndex(of: text).map { Int64($0) } ?? Slot.otherText
            }
            i = close + 1
            return v
        default:
            return nil
        }
    }

    /// After a member: `,` (then true) or the closing byte (then false, past it).
    /// Returns nil for anything else.
    @inline(__always) mutating func next(closing: UInt8) -> Bool? {
        var b = at(i)
        if b <= 0x20 {
            skipWhitespace()
            b = at(i)
        }
        i += 1
        if b == comma {
            if at(i) <= 0x20 { skipWhitespace() }
            return true
        }
        return b == closing ? false : nil
    }

    /// Duplicate-key detection: one bit per key of an object.
    struct Seen {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0

        @inline(__always) mutating func insert(_ bit: UInt8) -> Bool {
            let m = UInt64(1) << UInt64(bit & 63)
            switch bit >> 6 {
            case 0: defer { w0 |= m }; return w0 & m == 0
            case 1: defer { w1 |= m }; return w1 & m == 0
            case 2: defer { w2 |= m }; return w2 & m == 0
            default: defer { w3 |= m }; return w3 & m == 0
            }
        }
    }

    // MARK: structure

    /// Reads the line. On false, `facts` holds partial results and the line
    /// must be read by the general path.
    mutating func parse(into facts: inout Facts) -> Bool {
        if at(i) <= 0x20 { skipWhitespace() }
        guard at(i) == openBrace else { return false }
        i += 1
        if at(i) <= 0x20 { skipWhitespace() }
        if at(i) == closeBrace {
            i += 1
        } else {
            var seen = Seen()
            while true {
                guard at(i) == quote, let e = match(LineReaderTables.topScope, at: i) else { return false }
                i += Int(e.pointee.tokenLength)
                guard colonSeparator(), seen.insert(e.pointee.bit) else { return false }
                switch e.pointee.kind {
                case LineReaderEntry.Kind.scalar:
                    guard let v = value(e) else { return false }
                    facts.values[Int(e.pointee.slot)] = v
                case LineReaderEntry.Kind.list:
                    guard list(e, into: &facts) else { return false }
                case LineReaderEntry.Kind.id:
                    guard readID() else { return false }
                case LineReaderEntry.Kind.assessments:
                    guard assessments(into: &facts) else { return false }
                default:
                    return false
                }
                guard let more = next(closing: closeBrace) else { return false }
                if !more { break }
            }
        }
        skipWhitespace()
        return i == end
    }

    mutating func readID() -> Bool {
        let b = at(i)
        if b == quote {
            guard let (close, _) = scanString(i) else { return false }
            id = i + 1 ..< close
            i = close + 1
            return true
        }
        if b == 0x6E { return null() }
        // A number: only integers here (`-?(0|[1-9][0-9]*)`); the text is kept as written.
        let start = i
        if b == minus { i += 1 }
        let first = at(i)
        guard first &- zero < 10 else { return false }
        i += 1
        if first != zero { while at(i) &- zero < 10 { i += 1 } }
        let after = at(i)
        guard after &- zero >= 10, after != 0x2E, after | 0x20 != 0x65 else { return false }
        id = start ..< i
        return true
    }

    mutating func assessments(into facts: inout Facts) -> Bool {
        if at(i) == 0x6E { return null() }
        guard at(i) == openBrace else { return false }
        i += 1
        if at(i) <= 0x20 { skipWhitespace() }
        if at(i) == closeBrace {
            i += 1
            return true
        }
        var seen = Seen()
        while true {
            guard at(i) == quote, let e = match(LineReaderTables.assessmentScope, at: i) else { return false }
            i += Int(e.pointee.tokenLength)
            guard colonSeparator(), seen.insert(e.pointee.bit), let v = value(e) else { return false }
            facts.values[Int(e.pointee.slot)] = v
            guard let more = next(closing: closeBrace) else { return false }
            if !more { return true }
        }
    }

    mutating func list(_ e: UnsafeMutablePointer<LineReaderEntry>, into facts: inout Facts) -> Bool {
        if at(i) == 0x6E { return null() }
        guard at(i) == openBracket else { return false }
        // `elements` holds lists in fact order, as `Facts(program:profile:)` fills it.
        guard e.pointee.lo > lastList else { return false }
        lastList = e.pointee.lo
        i += 1
        if at(i) <= 0x20 { skipWhitespace() }
        let list = Int(e.pointee.slot)
        let start = facts.elements.count
        var count: Int32 = 0
        if at(i) == closeBracket {
            i += 1
        } else {
            let width = Int(e.pointee.hi)
            while true {
                guard record(e.pointee.scope, width: width, into: &facts) else { return false }
                count += 1
                guard let more = next(closing: closeBracket) else { return false }
                if !more { break }
            }
        }
        facts.listStart[list] = Int32(start)
        facts.listCount[list] = count
        return true
    }

    mutating func record(_ scope: Int32, width: Int, into facts: inout Facts) -> Bool {
        guard at(i) == openBrace else { return false }
        i += 1
        let base = facts.elements.count
        for _ in 0 ..< width { facts.elements.append(Slot.unknown) }
        if at(i) <= 0x20 { skipWhitespace() }
        if at(i) == closeBrace {
            i += 1
            return true
        }
        var seen = Seen()
        while true {
            guard at(i) == quote, let e = match(scope, at: i) else { return false }
            i += Int(e.pointee.tokenLength)
            guard colonSeparator(), seen.insert(e.pointee.bit), let v = value(e) else { return false }
            let f = Int(e.pointee.slot)
            if f < width { facts.elements[base + f] = v }
            guard let more = next(closing: closeBrace) else { return false }
            if !more { return true }
        }
    }
}
