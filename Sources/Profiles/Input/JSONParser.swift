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

    /// Parses the JSON document in `bytes`.
    package static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        var parser = JSONDocumentParser(buffer: bytes, start: 0, end: bytes.count, firstLine: 1)
        return try parser.parseDocument()
    }

    /// Parses the JSON document in `bytes`.
    package static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try parse(bytes, range: 0 ..< bytes.count)
    }

    /// Parses the JSON document in `text`'s UTF-8 bytes.
    package static func parse(_ text: String) throws(JSONError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(JSONError) -> JSONValue in try parse(buffer) }
        }.get()
    }

    /// Parses the JSON document in `range` of `bytes`, e.g. one line of a JSON
    /// Lines file. Offsets in values and errors are relative to the start of
    /// `bytes`; error lines are counted from `firstLine` at `range.lowerBound`.
    /// The range is clamped to the buffer.
    package static func parse(_ bytes: [UInt8], range: Range<Int>, firstLine: Int = 1) throws(JSONError) -> JSONValue {
        let range = range.clamped(to: 0 ..< bytes.count)
        return try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) -> JSONValue in
                var parser = JSONDocumentParser(buffer: buffer, start: range.lowerBound, end: range.upperBound, firstLine: firstLine)
                return try parser.parseDocument()
            }
        }.get()
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

/// The recursive-descent parser. `pos` always stays within `start...end`.
private struct JSONDocumentParser {
    let buffer: UnsafeBufferPointer<UInt8>
    let start: Int
    let end: Int
    let firstLine: Int
    var pos: Int

    init(buffer: UnsafeBufferPointer<UInt8>, start: Int, end: Int, firstLine: Int) {
        self.buffer = buffer
        self.start = start
        self.end = end
        self.firstLine = firstLine
        self.pos = start
    }

    /// Builds an error at `offset`, computing line and column only now.
    func error(_ message: String, at offset: Int) -> JSONError {
        let (line, column) = UTF8Bytes.lineAndColumn(buffer, from: start, firstLine: firstLine, offset: offset)
        return JSONError(message: message, offset: offset, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while pos < end {
            switch buffer[pos] {
            case 0x20, 0x09, 0x0A, 0x0D: pos += 1
            default: return
            }
        }
    }

    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if UTF8Bytes.hasBOM(buffer, at: pos), pos + 3 <= end { pos += 3 }
        skipWhitespace()
        guard pos < end else { throw error("empty input", at: pos) }
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard pos == end else { throw error("unexpected trailing characters after the JSON value", at: pos) }
        return value
    }

    /// Parses a value; `depth` is the number of containers already open.
    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard pos < end else { throw error("expected a value, found end of input", at: pos) }
        let byte = buffer[pos]
        switch byte {
        case openBrace: return try parseObject(depth: depth + 1)
        case openBracket: return try parseArray(depth: depth + 1)
        case quote: return .string(try parseString())
        case minus, zero ... nine: return .number(try parseNumber())
        default:
            if isWordByte(byte) { return try parseLiteral() }
            throw error("expected a value, found " + UTF8Bytes.describeCharacter(buffer, at: pos, end: end), at: pos)
        }
    }

    mutating func checkDepth(_ depth: Int) throws(JSONError) {
        if depth > JSONParser.maxDepth {
            throw error("nesting too deep (more than \(JSONParser.maxDepth) levels)", at: pos)
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
        try checkDepth(depth)
        pos += 1
        skipWhitespace()
        var elements: [JSONValue] = []
        if pos < end, buffer[pos] == closeBracket {
            pos += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard pos < end, buffer[pos] == comma || buffer[pos] == closeBracket else {
                throw error("expected ',' or ']' after array element", at: pos)
            }
            if buffer[pos] == closeBracket {
                pos += 1
                return .array(elements)
            }
            let commaOffset = pos
            pos += 1
            skipWhitespace()
            if pos < end, buffer[pos] == closeBracket { throw error("trailing comma before ']'", at: commaOffset) }
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
        try checkDepth(depth)
        pos += 1
        skipWhitespace()
        var members: [JSONMember] = []
        var seenKeys: Set<String>? = nil  // built once the object gets large
        if pos < end, buffer[pos] == closeBrace {
            pos += 1
            return .object(members)
        }
        while true {
            guard pos < end, buffer[pos] == quote else {
                throw error(members.isEmpty ? "expected string key or '}'" : "expected string key after ','", at: pos)
            }
            let keyOffset = pos
            let key = try parseString()
            if seenKeys == nil, members.count >= 16 { seenKeys = Set(members.map(\.key)) }
            let isDuplicate = seenKeys != nil ? !seenKeys!.insert(key).inserted : members.contains { $0.key == key }
            if isDuplicate { throw error("duplicate key '\(key)'", at: keyOffset) }
            skipWhitespace()
            guard pos < end, buffer[pos] == colon else { throw error("expected ':' after object key", at: pos) }
            pos += 1
            skipWhitespace()
            let value = try parseValue(depth: depth)
            members.append(JSONMember(key: key, value: value, offset: keyOffset))
            skipWhitespace()
            guard pos < end, buffer[pos] == comma || buffer[pos] == closeBrace else {
                throw error("expected ',' or '}' after object member", at: pos)
            }
            if buffer[pos] == closeBrace {
                pos += 1
                return .object(members)
            }
            let commaOffset = pos
            pos += 1
            skipWhitespace()
            if pos < end, buffer[pos] == closeBrace { throw error("trailing comma before '}'", at: commaOffset) }
        }
    }

    /// Parses `true`, `false` or `null`; any other word is reported whole.
    mutating func parseLiteral() throws(JSONError) -> JSONValue {
        let wordStart = pos
        while pos < end, isWordByte(buffer[pos]) { pos += 1 }
        let word = UnsafeBufferPointer(rebasing: buffer[wordStart ..< pos])
        if word.elementsEqual("true".utf8) { return .bool(true) }
        if word.elementsEqual("false".utf8) { return .bool(false) }
        if word.elementsEqual("null".utf8) { return .null }
        var text = String(decoding: word.prefix(20), as: UTF8.self)
        if word.count > 20 { text += "…" }
        throw error("invalid literal '\(text)'", at: wordStart)
    }

    /// Parses a number per the JSON grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
    mutating func parseNumber() throws(JSONError) -> JSONNumber {
        let numberStart = pos
        let negative = buffer[pos] == minus
        if negative { pos += 1 }
        guard pos < end, isDigit(buffer[pos]) else { throw error("invalid number: expected digit after '-'", at: pos) }
        let intStart = pos
        if buffer[pos] == zero {
            pos += 1
            if pos < end, isDigit(buffer[pos]) {
                throw error("invalid number: leading zeros are not allowed", at: numberStart)
            }
        } else {
            while pos < end, isDigit(buffer[pos]) { pos += 1 }
        }
        let intDigits = intStart ..< pos
        var fracDigits = pos ..< pos
        if pos < end, buffer[pos] == dot {
            pos += 1
            guard pos < end, isDigit(buffer[pos]) else { throw error("invalid number: expected digit after '.'", at: pos) }
            let fracStart = pos
            while pos < end, isDigit(buffer[pos]) { pos += 1 }
            fracDigits = fracStart ..< pos
        }
        var exponent = 0
        if pos < end, buffer[pos] | 0x20 == 0x65 {  // 'e' or 'E'
            pos += 1
            var exponentNegative = false
            if pos < end, buffer[pos] == minus || buffer[pos] == plus {
                exponentNegative = buffer[pos] == minus
                pos += 1
            }
            guard pos < end, isDigit(buffer[pos]) else { throw error("invalid number: expected digit in exponent", at: pos) }
            while pos < end, isDigit(buffer[pos]) {
                if exponent < 1_000_000_000 { exponent = exponent * 10 + Int(buffer[pos] - zero) }  // saturate
                pos += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[numberStart ..< pos]), as: UTF8.self)
        let int = exactInteger(negative: negative, intDigits: intDigits, fracDigits: fracDigits, exponent: exponent)
        return JSONNumber(text: text, int: int)
    }

    /// The value `±(intDigits fracDigits) × 10^(exponent − fracDigits.count)`
    /// as an `Int64` if it is an integer in range, else `nil`.
    func exactInteger(negative: Bool, intDigits: Range<Int>, fracDigits: Range<Int>, exponent: Int) -> Int64? {
        let total = intDigits.count + fracDigits.count
        func digit(_ k: Int) -> UInt64 {
            let index = k < intDigits.count ? intDigits.lowerBound + k : fracDigits.lowerBound + k - intDigits.count
            return UInt64(buffer[index] - zero)
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
    mutating func parseString() throws(JSONError) -> String {
        let open = pos
        pos += 1
        var runStart = pos
        var scratch: [UInt8]? = nil
        while true {
            guard pos < end else { throw error("unterminated string", at: open) }
            let byte = buffer[pos]
            if byte == quote {
                let run = UnsafeBufferPointer(rebasing: buffer[runStart ..< pos])
                pos += 1
                guard var bytes = scratch else { return String(decoding: run, as: UTF8.self) }
                bytes.append(contentsOf: run)
                return String(decoding: bytes, as: UTF8.self)
            } else if byte == backslash {
                var bytes = scratch ?? []
                scratch = nil  // keep the array uniquely referenced while appending
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart ..< pos]))
                try parseEscape(into: &bytes, stringStart: open)
                scratch = bytes
                runStart = pos
            } else if byte < 0x20 {
                throw error("control character \(UTF8Bytes.codePoint(UInt32(byte))) in string", at: pos)
            } else if byte < 0x80 {
                pos += 1
                skipPlainASCII()
            } else if let length = UTF8Bytes.sequenceLength(buffer, at: pos, end: end) {
                pos += length
            } else {
                throw error("invalid UTF-8 byte \(UTF8Bytes.hex(byte)) in string", at: pos)
            }
        }
    }

    /// Skips 8 bytes at a time while none of them is `"`, `\\`, a control
    /// character or non-ASCII (SWAR: each test sets a byte's high bit).
    mutating func skipPlainASCII() {
        guard let base = buffer.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while pos + 8 <= end {
            let word = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(quote)), backslashes = word ^ (ones &* UInt64(backslash))
            let special = (word | ((word &- ones &* 0x20) & ~word)  // non-ASCII or < 0x20
                | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & highs
            if special != 0 { return }
            pos += 8
        }
    }

    /// Decodes one escape sequence starting at the backslash at `pos`.
    mutating func parseEscape(into bytes: inout [UInt8], stringStart: Int) throws(JSONError) {
        let escapeStart = pos
        guard pos + 1 < end else { throw error("unterminated string", at: stringStart) }
        let letter = buffer[pos + 1]
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
            let shown = UTF8Bytes.describeCharacter(buffer, at: pos + 1, end: end)
            if shown.hasPrefix("'") { throw error("invalid escape '\\" + shown.dropFirst(), at: escapeStart) }
            throw error("invalid escape: '\\' followed by \(shown)", at: escapeStart)
        }
        if let simple {
            bytes.append(simple)
            pos += 2
            return
        }
        var scalar = try parseHex4(stringStart: stringStart)
        if scalar >= 0xDC00, scalar <= 0xDFFF {
            throw error("lone surrogate '\\u\(hex4(scalar))'", at: escapeStart)
        }
        if scalar >= 0xD800, scalar <= 0xDBFF {
            guard pos + 1 < end, buffer[pos] == backslash, buffer[pos + 1] == 0x75 else {
                throw error("lone surrogate '\\u\(hex4(scalar))'", at: escapeStart)
            }
            let low = try parseHex4(stringStart: stringStart)
            guard low >= 0xDC00, low <= 0xDFFF else {
                throw error("lone surrogate '\\u\(hex4(scalar))'", at: escapeStart)
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        appendUTF8(scalar, to: &bytes)
    }

    /// Reads `\uXXXX` at `pos` (pointing at the backslash) and returns the code unit.
    mutating func parseHex4(stringStart: Int) throws(JSONError) -> UInt32 {
        let escapeStart = pos
        var value: UInt32 = 0
        for k in 2 ..< 6 {
            guard escapeStart + k < end else { throw error("unterminated string", at: stringStart) }
            let byte = buffer[escapeStart + k]
            let nibble: UInt8
            switch byte {
            case zero ... nine: nibble = byte - zero
            case 0x41 ... 0x46: nibble = byte - 0x41 + 10
            case 0x61 ... 0x66: nibble = byte - 0x61 + 10
            default: throw error("invalid '\\u' escape: expected 4 hex digits", at: escapeStart)
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
