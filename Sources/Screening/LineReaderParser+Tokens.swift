import Matcher
import Profiles
import RulesDSL

// ASCII bytes of the JSON grammar.
private let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A

/// `null` as a little-endian 32-bit word.
private let wordNull: UInt32 = 0x6C6C_756E
private let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080

/// The fast path's bytes and tokens: reading bytes, whitespace and
/// separators, and matching keys, enum values and texts against the tables.
extension LineReaderParser {
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
            guard let n = UTF8Bytes.sequenceLength(UnsafeBufferPointer(start: p, count: end).span, at: j, end: end) else { return nil }
            if byte > 0xC3 { latin1 = false }
            j &+= n
        }
    }

    /// `,"` (the common case of `next`): skips the comma.
    @inline(__always) func separator(_ i: inout Int) -> Bool {
        guard i &+ 2 <= end, UnsafeRawPointer(p + i).loadUnaligned(as: UInt16.self) == 0x222C else { return false }
        i &+= 1
        return true
    }

    /// `null` at `i`.
    @inline(__always) func null(_ i: inout Int) -> Bool {
        guard i &+ 4 <= end, load32(i) == wordNull else { return false }
        i &+= 4
        return true
    }
}
