/// A strict RFC 8259 JSON parser working directly on UTF-8 bytes.
///
/// - One document per call; whitespace around it and a leading UTF-8 byte
///   order mark are allowed, anything else after the value is an error.
/// - Duplicate object keys are an error (profiles must be unambiguous).
/// - Nesting is limited to `maxDepth` levels, checked *before* recursing, so
///   hostile input cannot overflow the stack.
/// - Errors are `JSONError` values; the parser never traps on any input.
package enum JSONParser {
    /// The deepest nesting of arrays and objects that is accepted.
    package static let maxDepth = 64

    /// Parses the JSON document in `bytes`. Offsets in values and errors are
    /// relative to the start of `bytes`.
    package static func parse(_ bytes: Span<UInt8>) throws(JSONError) -> JSONValue {
        var parser = JSONDocumentParser(base: 0, firstLine: 1)
        return try parser.parseDocument(bytes)
    }

    /// Parses the JSON document in `bytes`.
    package static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try parse(bytes, range: 0 ..< bytes.count)
    }

    /// Parses the JSON document in `text`'s UTF-8 bytes.
    package static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        text.makeContiguousUTF8()  // a no-op for native strings; `utf8.span` needs it
        return try parse(text.utf8.span)
    }

    /// Parses the JSON document in `range` of `bytes`, e.g. one line of a JSON
    /// Lines file. Offsets in values and errors are relative to the start of
    /// `bytes`; error lines are counted from `firstLine` at `range.lowerBound`.
    /// The range is clamped to the buffer.
    package static func parse(_ bytes: [UInt8], range: Range<Int>, firstLine: Int = 1) throws(JSONError) -> JSONValue {
        let range = range.clamped(to: 0 ..< bytes.count)
        var parser = JSONDocumentParser(base: range.lowerBound, firstLine: firstLine)
        return try parser.parseDocument(bytes.span.extracting(range))
    }
}

// ASCII bytes used by the parser.
private let quote: UInt8 = 0x22, backslash: UInt8 = 0x5C, comma: UInt8 = 0x2C, colon: UInt8 = 0x3A
private let openBracket: UInt8 = 0x5B, closeBracket: UInt8 = 0x5D, openBrace: UInt8 = 0x7B, closeBrace: UInt8 = 0x7D
private let minus: UInt8 = 0x2D, plus: UInt8 = 0x2B, dot: UInt8 = 0x2E, zero: UInt8 = 0x30, nine: UInt8 = 0x39

@inline(__always) private func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

@inline(__always) private func isWordByte(_ byte: UInt8) -> Bool {
    (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || isDigit(byte) || byte == 0x5F
}

/// The recursive-descent parser over the span `b` of one document, which
/// every method takes (a span cannot be stored in an escapable struct). `pos`
/// is an offset into `b` and always stays within `0 ... b.count`; offsets
/// handed out (errors, member keys) add `base`, the offset of `b` in the
/// caller's bytes.
private struct JSONDocumentParser {
    let base: Int
    let firstLine: Int
    var pos = 0

    init(base: Int, firstLine: Int) {
        self.base = base
        self.firstLine = firstLine
    }

    /// Builds an error at `offset` in `b`, computing line and column only now.
    func error(_ b: Span<UInt8>, _ message: String, at offset: Int) -> JSONError {
        let (line, column) = UTF8Bytes.lineAndColumn(b, from: 0, firstLine: firstLine, offset: offset)
        return JSONError(message: message, offset: base + offset, line: line, column: column)
    }

    mutating func skipWhitespace(_ b: Span<UInt8>) {
        while pos < b.count {
            switch b[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    mutating func parseDocument(_ b: Span<UInt8>) throws(JSONError) -> JSONValue {
        if UTF8Bytes.hasBOM(b, at: pos) { pos += 3 }
        skipWhitespace(b)
        guard pos < b.count else { throw error(b, "empty input", at: pos) }
        let value = try parseValue(b, depth: 0)
        skipWhitespace(b)
        guard pos == b.count else { throw error(b, "unexpected trailing characters after the JSON value", at: pos) }
        return value
    }

    /// Parses a value; `depth` is the number of containers already open.
    mutating func parseValue(_ b: Span<UInt8>, depth: Int) throws(JSONError) -> JSONValue {
        guard pos < b.count else { throw error(b, "expected a value, found end of input", at: pos) }
        let byte = b[pos]
        switch byte {
        case openBrace: return try parseObject(b, depth: depth + 1)
        case openBracket: return try parseArray(b, depth: depth + 1)
        case quote: return .string(try parseString(b))
        case minus, zero ... nine: return .number(try parseNumber(b))
        default:
            if isWordByte(byte) { return try parseLiteral(b) }
            throw error(b, "expected a value, found " + UTF8Bytes.describeCharacter(b, at: pos, end: b.count), at: pos)
        }
    }

    mutating func checkDepth(_ b: Span<UInt8>, _ depth: Int) throws(JSONError) {
        if depth > JSONParser.maxDepth {
            throw error(b, "nesting too deep (more than \(JSONParser.maxDepth) levels)", at: pos)
        }
    }

    mutating func parseArray(_ b: Span<UInt8>, depth: Int) throws(JSONError) -> JSONValue {
        try checkDepth(b, depth)
        pos += 1
        skipWhitespace(b)
        var elements: [JSONValue] = []
        if pos < b.count, b[pos] == closeBracket {
            pos += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(b, depth: depth))
            skipWhitespace(b)
            guard pos < b.count, b[pos] == comma || b[pos] == closeBracket else {
                throw error(b, "expected ',' or ']' after array element", at: pos)
            }
            if b[pos] == closeBracket {
                pos += 1
                return .array(elements)
            }
            let commaOffset = pos
            pos += 1
            skipWhitespace(b)
            if pos < b.count, b[pos] == closeBracket { throw error(b, "trailing comma before ']'", at: commaOffset) }
        }
    }

    mutating func parseObject(_ b: Span<UInt8>, depth: Int) throws(JSONError) -> JSONValue {
        try checkDepth(b, depth)
        pos += 1
        skipWhitespace(b)
        var members: [JSONMember] = []
        var seenKeys: Set<String>? = nil  // built once the object gets large
        if pos < b.count, b[pos] == closeBrace {
            pos += 1
            return .object(members)
        }
        while true {
            guard pos < b.count, b[pos] == quote else {
                throw error(b, members.isEmpty ? "expected string key or '}'" : "expected string key after ','", at: pos)
            }
            let keyOffset = pos
            let key = try parseString(b)
            if seenKeys == nil, members.count >= 16 { seenKeys = Set(members.map(\.key)) }
            let isDuplicate = seenKeys != nil ? !seenKeys!.insert(key).inserted : members.contains { $0.key == key }
            if isDuplicate { throw error(b, "duplicate key '\(Excerpt.of(key))'", at: keyOffset) }
            skipWhitespace(b)
            guard pos < b.count, b[pos] == colon else { throw error(b, "expected ':' after object key", at: pos) }
            pos += 1
            skipWhitespace(b)
            let value: JSONValue
            do {
                value = try parseValue(b, depth: depth)
            } catch {
                var error = error
                if error.member == nil { error.member = key }  // so that a reader can tell whose value it quotes
                throw error
            }
            members.append(JSONMember(key: key, value: value, offset: base + keyOffset))
            skipWhitespace(b)
            guard pos < b.count, b[pos] == comma || b[pos] == closeBrace else {
                throw error(b, "expected ',' or '}' after object member", at: pos)
            }
            if b[pos] == closeBrace {
                pos += 1
                return .object(members)
            }
            let commaOffset = pos
            pos += 1
            skipWhitespace(b)
            if pos < b.count, b[pos] == closeBrace { throw error(b, "trailing comma before '}'", at: commaOffset) }
        }
    }

    /// Parses `true`, `false` or `null`; any other word is reported whole.
    mutating func parseLiteral(_ b: Span<UInt8>) throws(JSONError) -> JSONValue {
        let wordStart = pos
        while pos < b.count, isWordByte(b[pos]) { pos += 1 }
        let word = b.extracting(wordStart ..< pos)
        switch (word.count, word[0]) {
        case (4, 0x74) where word[1] == 0x72 && word[2] == 0x75 && word[3] == 0x65: return .bool(true)  // true
        case (5, 0x66) where word[1] == 0x61 && word[2] == 0x6C && word[3] == 0x73 && word[4] == 0x65: return .bool(false)  // false
        case (4, 0x6E) where word[1] == 0x75 && word[2] == 0x6C && word[3] == 0x6C: return .null  // null
        default: break
        }
        // A word is ASCII: one more byte than an excerpt shows is enough to cut it.
        let text = Excerpt.of(UTF8Bytes.string(word, 0 ..< min(word.count, Excerpt.limit + 1)))
        var e = error(b, "invalid literal '\(text)'", at: wordStart)
        e.messageWithoutInput = "invalid literal"
        throw e
    }

    /// Parses a number per the JSON grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
    mutating func parseNumber(_ b: Span<UInt8>) throws(JSONError) -> JSONNumber {
        let numberStart = pos
        let negative = b[pos] == minus
        if negative { pos += 1 }
        guard pos < b.count, isDigit(b[pos]) else { throw error(b, "invalid number: expected digit after '-'", at: pos) }
        let intStart = pos
        if b[pos] == zero {
            pos += 1
            if pos < b.count, isDigit(b[pos]) {
                throw error(b, "invalid number: leading zeros are not allowed", at: numberStart)
            }
        } else {
            while pos < b.count, isDigit(b[pos]) { pos += 1 }
        }
        let intDigits = intStart ..< pos
        var fracDigits = pos ..< pos
        if pos < b.count, b[pos] == dot {
            pos += 1
            guard pos < b.count, isDigit(b[pos]) else { throw error(b, "invalid number: expected digit after '.'", at: pos) }
            let fracStart = pos
            while pos < b.count, isDigit(b[pos]) { pos += 1 }
            fracDigits = fracStart ..< pos
        }
        var exponent = 0
        if pos < b.count, b[pos] | 0x20 == 0x65 {  // 'e' or 'E'
            pos += 1
            var exponentNegative = false
            if pos < b.count, b[pos] == minus || b[pos] == plus {
                exponentNegative = b[pos] == minus
                pos += 1
            }
            guard pos < b.count, isDigit(b[pos]) else { throw error(b, "invalid number: expected digit in exponent", at: pos) }
            while pos < b.count, isDigit(b[pos]) {
                if exponent < 1_000_000_000 { exponent = exponent * 10 + Int(b[pos] - zero) }  // saturate
                pos += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let text = UTF8Bytes.string(b, numberStart ..< pos)
        let int = exactInteger(b, negative: negative, intDigits: intDigits, fracDigits: fracDigits, exponent: exponent)
        return JSONNumber(text: text, int: int)
    }

    /// The value `±(intDigits fracDigits) × 10^(exponent − fracDigits.count)`
    /// as an `Int64` if it is an integer in range, else `nil`.
    func exactInteger(_ b: Span<UInt8>, negative: Bool, intDigits: Range<Int>, fracDigits: Range<Int>, exponent: Int) -> Int64? {
        let total = intDigits.count + fracDigits.count
        func digit(_ k: Int) -> UInt64 {
            let index = k < intDigits.count ? intDigits.lowerBound + k : fracDigits.lowerBound + k - intDigits.count
            return UInt64(b[index] - zero)
        }
        var low = 0, high = total
        while low < high, digit(low) == 0 { low += 1 }
        if low == high { return 0 }
        var scale = exponent - fracDigits.count
        while digit(high - 1) == 0 {
            high -= 1
            scale += 1
        }
        // At most 19 significant digits keeps the magnitude below UInt64.max.
        guard scale >= 0, (high - low) + scale <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for k in low ..< high { magnitude = magnitude * 10 + digit(k) }
        for _ in 0 ..< scale { magnitude *= 10 }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// Parses a string starting at its opening quote. Unescaped runs are
    /// validated in place and copied once; escapes switch to a scratch buffer.
    mutating func parseString(_ b: Span<UInt8>) throws(JSONError) -> String {
        let open = pos
        pos += 1
        var runStart = pos
        var scratch: [UInt8]? = nil
        while true {
            guard pos < b.count else { throw error(b, "unterminated string", at: open) }
            let byte = b[pos]
            if byte == quote {
                let run = runStart ..< pos
                pos += 1
                guard var bytes = scratch else { return UTF8Bytes.string(b, run) }
                UTF8Bytes.append(b.extracting(run), to: &bytes)
                return String(decoding: bytes, as: UTF8.self)
            } else if byte == backslash {
                var bytes = scratch ?? []
                scratch = nil  // keep the array uniquely referenced while appending
                UTF8Bytes.append(b.extracting(runStart ..< pos), to: &bytes)
                try parseEscape(b, into: &bytes, stringStart: open)
                scratch = bytes
                runStart = pos
            } else if byte < 0x20 {
                throw error(b, "control character \(UTF8Bytes.codePoint(UInt32(byte))) in string", at: pos)
            } else if byte < 0x80 {
                pos += 1
                skipPlainASCII(b)
            } else if let length = UTF8Bytes.sequenceLength(b, at: pos, end: b.count) {
                pos += length
            } else {
                throw error(b, "invalid UTF-8 byte \(UTF8Bytes.hex(byte)) in string", at: pos)
            }
        }
    }

    /// Skips plain ASCII 8 bytes at a time, up to the first byte that is `"`,
    /// `\\`, a control character or non-ASCII (SWAR: each test sets a byte's
    /// high bit; the lowest set bit is exact, later ones may be false alarms).
    /// The word is put together from checked byte reads of one 8-byte span,
    /// which the optimiser turns into one load.
    @inline(__always)
    mutating func skipPlainASCII(_ b: Span<UInt8>) {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while pos + 8 <= b.count {
            let bytes = b.extracting(pos ..< pos + 8)
            var word: UInt64 = 0
            for k in 0 ..< 8 { word |= UInt64(bytes[k]) << (8 * k) }
            let quotes = word ^ (ones &* UInt64(quote)), backslashes = word ^ (ones &* UInt64(backslash))
            let special = (word | ((word &- ones &* 0x20) & ~word)  // non-ASCII or < 0x20
                | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & highs
            if special != 0 {
                pos += special.trailingZeroBitCount >> 3
                return
            }
            pos += 8
        }
    }

    /// Decodes one escape sequence starting at the backslash at `pos`.
    mutating func parseEscape(_ b: Span<UInt8>, into bytes: inout [UInt8], stringStart: Int) throws(JSONError) {
        let escapeStart = pos
        guard pos + 1 < b.count else { throw error(b, "unterminated string", at: stringStart) }
        let letter = b[pos + 1]
        let simple: UInt8?
        switch letter {
        case quote, backslash, 0x2F: simple = letter  // \" \\ \/
        case 0x62: simple = 0x08  // \b
        case 0x66: simple = 0x0C  // \f
        case 0x6E: simple = 0x0A  // \n
        case 0x72: simple = 0x0D  // \r
        case 0x74: simple = 0x09  // \t
        case 0x75: simple = nil   // \u
        default:
            let shown = UTF8Bytes.describeCharacter(b, at: pos + 1, end: b.count)
            if shown.hasPrefix("'") { throw error(b, "invalid escape '\\" + shown.dropFirst(), at: escapeStart) }
            throw error(b, "invalid escape: '\\' followed by \(shown)", at: escapeStart)
        }
        if let simple {
            bytes.append(simple)
            pos += 2
            return
        }
        var scalar = try parseHex4(b, stringStart: stringStart)
        if scalar >= 0xDC00, scalar <= 0xDFFF {
            throw error(b, "lone surrogate '\\u\(hex4(scalar))'", at: escapeStart)
        }
        if scalar >= 0xD800, scalar <= 0xDBFF {
            guard pos + 1 < b.count, b[pos] == backslash, b[pos + 1] == 0x75 else {
                throw error(b, "lone surrogate '\\u\(hex4(scalar))'", at: escapeStart)
            }
            let low = try parseHex4(b, stringStart: stringStart)
            guard low >= 0xDC00, low <= 0xDFFF else {
                throw error(b, "lone surrogate '\\u\(hex4(scalar))'", at: escapeStart)
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        appendUTF8(scalar, to: &bytes)
    }

    /// Reads `\uXXXX` at `pos` (pointing at the backslash) and returns the code unit.
    mutating func parseHex4(_ b: Span<UInt8>, stringStart: Int) throws(JSONError) -> UInt32 {
        let escapeStart = pos
        var value: UInt32 = 0
        for k in 2 ..< 6 {
            guard escapeStart + k < b.count else { throw error(b, "unterminated string", at: stringStart) }
            let byte = b[escapeStart + k]
            let nibble: UInt8
            switch byte {
            case zero ... nine: nibble = byte - zero
            case 0x41 ... 0x46: nibble = byte - 0x41 + 10
            case 0x61 ... 0x66: nibble = byte - 0x61 + 10
            default: throw error(b, "invalid '\\u' escape: expected 4 hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(nibble)
        }
        pos = escapeStart + 6
        return value
    }

    func hex4(_ value: UInt32) -> String {
        String(UTF8Bytes.codePoint(value).dropFirst(2))
    }

    /// Appends the UTF-8 encoding of a (non-surrogate) scalar value.
    func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        switch scalar {
        case 0 ..< 0x80:
            bytes.append(UInt8(scalar))
        case 0x80 ..< 0x800:
            bytes.append(UInt8(0xC0 | scalar >> 6))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800 ..< 0x10000:
            bytes.append(UInt8(0xE0 | scalar >> 12))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | scalar >> 18))
            bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
