/// Byte-level UTF-8 helpers shared by the JSON, JSON Lines and CSV readers.
///
/// Everything here works on bytes viewed through a `Span` (bounds-checked,
/// no pointers: this module holds no unsafe code); nothing goes through
/// `String` for scanning. Strings are only created for finished, already
/// validated values and for error messages.
package enum UTF8Bytes {
    /// Returns `true` when `byte` is a UTF-8 continuation byte (`10xxxxxx`).
    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// Returns the length of the well-formed UTF-8 sequence that starts at
    /// `index`, or `nil` when the bytes there are ill-formed (stray
    /// continuation byte, overlong form, encoded surrogate, value above
    /// U+10FFFF, or a sequence cut off by `end`).
    ///
    /// - Precondition: `index < end <= buffer.count`.
    @inline(__always)
    package static func sequenceLength(_ buffer: Span<UInt8>, at index: Int, end: Int) -> Int? {
        let lead = buffer[index]
        switch lead {
        case 0x00...0x7F:
            return 1
        case 0xC2...0xDF:
            guard index + 1 < end, isContinuation(buffer[index + 1]) else { return nil }
            return 2
        case 0xE0...0xEF:
            guard index + 2 < end else { return nil }
            let second = buffer[index + 1]
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80   // no overlong forms
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF  // no surrogates
            guard second >= low, second <= high, isContinuation(buffer[index + 2]) else { return nil }
            return 3
        case 0xF0...0xF4:
            guard index + 3 < end else { return nil }
            let second = buffer[index + 1]
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80   // no overlong forms
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF  // nothing above U+10FFFF
            guard second >= low, second <= high,
                  isContinuation(buffer[index + 2]), isContinuation(buffer[index + 3]) else { return nil }
            return 4
        default:
            return nil
        }
    }

    /// Returns `true` when the buffer starts with the UTF-8 byte order mark `EF BB BF`
    /// at `start`.
    static func hasBOM(_ buffer: Span<UInt8>, at start: Int = 0) -> Bool {
        start + 3 <= buffer.count
            && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF
    }

    /// Computes the 1-based line and column of `offset`, scanning from `start`
    /// (which is on line `firstLine`, column 1). Lines end at `\n`; columns
    /// count Unicode scalars (bytes that are not continuation bytes). A byte
    /// order mark at `start` does not count as a column.
    ///
    /// Only called when an error is reported, so a linear scan is fine.
    static func lineAndColumn(
        _ buffer: Span<UInt8>, from start: Int, firstLine: Int, offset: Int
    ) -> (line: Int, column: Int) {
        let start = min(max(start, 0), buffer.count)
        let offset = min(max(offset, start), buffer.count)
        var line = firstLine
        var lineStart = hasBOM(buffer, at: start) ? min(start + 3, offset) : start
        var index = lineStart
        while index < offset {
            if buffer[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        index = lineStart
        while index < offset {
            if !isContinuation(buffer[index]) { column += 1 }
            index += 1
        }
        return (line, column)
    }

    /// Formats a byte as `0xFF` for error messages.
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// Formats a code point as `U+000A` for error messages.
    static func codePoint(_ value: UInt32) -> String {
        let hexDigits = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hexDigits.count)) + hexDigits
    }

    /// Describes the character at `index` for an error message: `'x'` for a
    /// printable character, `U+000A` for a control character, `byte 0xFF` for
    /// a byte that does not start well-formed UTF-8, and `end of input` past
    /// the end.
    static func describeCharacter(_ buffer: Span<UInt8>, at index: Int, end: Int) -> String {
        guard index < end else { return "end of input" }
        let byte = buffer[index]
        if byte < 0x20 || byte == 0x7F { return codePoint(UInt32(byte)) }
        guard let length = sequenceLength(buffer, at: index, end: end) else { return "byte " + hex(byte) }
        return "'" + string(buffer, index ..< index + length) + "'"
    }

    /// The bytes in `range` as a `String`, exactly as `String(decoding:as:)`
    /// would give them: well-formed UTF-8 (all the readers pass here, as they
    /// validate first) is copied as it is; ill-formed bytes become U+FFFD.
    @inline(__always)
    static func string(_ buffer: Span<UInt8>, _ range: Range<Int>) -> String {
        if let text = validString(buffer, range) { return text }
        var copy: [UInt8] = []
        append(buffer.extracting(range), to: &copy)
        return String(decoding: copy, as: UTF8.self)
    }

    /// The bytes in `range` as a `String` when they are well-formed UTF-8
    /// (the same bytes `sequenceLength` accepts: both follow the Unicode
    /// standard's table of well-formed sequences), else `nil`.
    @inline(__always)
    static func validString(_ buffer: Span<UInt8>, _ range: Range<Int>) -> String? {
        guard let text = try? UTF8Span(validating: buffer.extracting(range)) else { return nil }
        return String(copying: text)
    }

    /// Appends all of `bytes` to `array`, growing it once.
    @inline(__always)
    static func append(_ bytes: Span<UInt8>, to array: inout [UInt8]) {
        // Nothing to add: return before the standard library's
        // `append(addingCapacity:)` writes a count of 0 into the one empty
        // array storage that every empty array shares, a race between
        // threads that the thread sanitizer reports (swift 6.3; the same
        // benign race as swiftlang/swift#21627 once had in `append(contentsOf:)`).
        guard !bytes.isEmpty else { return }
        array.append(addingCapacity: bytes.count) { output in
            for index in bytes.indices { output.append(bytes[index]) }
        }
    }
}
