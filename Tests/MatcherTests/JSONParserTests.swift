import Testing
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// Parses `text` and returns the error, or `nil` when it parsed.
private func jsonError(_ bytes: [UInt8]) -> JSONError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func number(_ text: String, _ int: Int64?) -> JSONValue {
    .number(JSONNumber(text: text, int: int))
}

/// One expected parse failure.
struct JSONErrorCase: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var message: String
    var offset: Int
    var line: Int
    var column: Int

    init(_ input: String, _ message: String, offset: Int, line: Int = 1, column: Int) {
        self.init(bytes: Array(input.utf8), message, offset: offset, line: line, column: column)
    }

    init(bytes: [UInt8], _ message: String, offset: Int, line: Int = 1, column: Int) {
        self.input = bytes
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    var testDescription: String { message }
}

@Suite struct JSONParserTests {
    static let errorCases: [JSONErrorCase] = [
        .init("", "empty input", offset: 0, column: 1),
        .init("   \n ", "empty input", offset: 5, line: 2, column: 2),
        .init(#"{"a":1 "b":2}"#, "expected ',' or '}' after object member", offset: 7, column: 8),
        .init(#"{"a":1"#, "expected ',' or '}' after object member", offset: 6, column: 7),
        .init("[1 2]", "expected ',' or ']' after array element", offset: 3, column: 4),
        .init("[1", "expected ',' or ']' after array element", offset: 2, column: 3),
        .init(#""abc"#, "unterminated string", offset: 0, column: 1),
        .init(#"[1, "ab"#, "unterminated string", offset: 4, column: 5),
        .init(#""ab\"#, "unterminated string", offset: 0, column: 1),
        .init(#""\u00"#, "unterminated string", offset: 0, column: 1),
        .init(bytes: [0x22, 0x61, 0xFF, 0x22], "invalid UTF-8 byte 0xFF in string", offset: 2, column: 3),
        .init(bytes: [0x22, 0xC3, 0x28, 0x22], "invalid UTF-8 byte 0xC3 in string", offset: 1, column: 2),
        .init(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8 byte 0xED in string", offset: 1, column: 2),
        .init(bytes: [0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8 byte 0xC0 in string", offset: 1, column: 2),
        .init(#""a\qb""#, #"invalid escape '\q'"#, offset: 2, column: 3),
        .init(#""\é""#, #"invalid escape '\é'"#, offset: 1, column: 2),
        .init("\"\\\u{1}\"", #"invalid escape: '\' followed by U+0001"#, offset: 1, column: 2),
        .init("\"a\nb\"", "control character U+000A in string", offset: 2, column: 3),
        .init("\"\t\"", "control character U+0009 in string", offset: 1, column: 2),
        .init(#""\u00G1""#, #"invalid '\u' escape: expected 4 hex digits"#, offset: 1, column: 2),
        .init(#""\uD800""#, #"lone surrogate '\uD800'"#, offset: 1, column: 2),
        .init(#""\udc00""#, #"lone surrogate '\uDC00'"#, offset: 1, column: 2),
        .init(#""x\uD83D\u0041""#, #"lone surrogate '\uD83D'"#, offset: 2, column: 3),
        .init(#""\uD83Dx""#, #"lone surrogate '\uD83D'"#, offset: 1, column: 2),
        .init(#"{"gender":"m","gender":"f"}"#, "duplicate key 'gender'", offset: 14, column: 15),
        .init(#"{"a":{"b":1,"b":2}}"#, "duplicate key 'b'", offset: 12, column: 13),
        .init("1 2", "unexpected trailing characters after the JSON value", offset: 2, column: 3),
        .init("{} x", "unexpected trailing characters after the JSON value", offset: 3, column: 4),
        .init("[1,]", "trailing comma before ']'", offset: 2, column: 3),
        .init(#"{"a":1,}"#, "trailing comma before '}'", offset: 6, column: 7),
        .init("{1:2}", "expected string key or '}'", offset: 1, column: 2),
        .init(#"{"a":1,2}"#, "expected string key after ','", offset: 7, column: 8),
        .init(#"{"a" 1}"#, "expected ':' after object key", offset: 5, column: 6),
        .init("[", "expected a value, found end of input", offset: 1, column: 2),
        .init("[}", "expected a value, found '}'", offset: 1, column: 2),
        .init("+1", "expected a value, found '+'", offset: 0, column: 1),
        .init(bytes: [0x5B, 0xFF], "expected a value, found byte 0xFF", offset: 1, column: 2),
        .init("\u{1}", "expected a value, found U+0001", offset: 0, column: 1),
        .init("[€]", "expected a value, found '€'", offset: 1, column: 2),
        .init("tru", "invalid literal 'tru'", offset: 0, column: 1),
        .init("[nulll]", "invalid literal 'nulll'", offset: 1, column: 2),
        .init("NaN", "invalid literal 'NaN'", offset: 0, column: 1),
        .init(String(repeating: "x", count: 41), "invalid literal '\(String(repeating: "x", count: 40))…'", offset: 0, column: 1),
        .init(String(repeating: "x", count: 40), "invalid literal '\(String(repeating: "x", count: 40))'", offset: 0, column: 1),
        .init("-", "invalid number: expected digit after '-'", offset: 1, column: 2),
        .init("-a", "invalid number: expected digit after '-'", offset: 1, column: 2),
        .init("01", "invalid number: leading zeros are not allowed", offset: 0, column: 1),
        .init("[-00]", "invalid number: leading zeros are not allowed", offset: 1, column: 2),
        .init("1.", "invalid number: expected digit after '.'", offset: 2, column: 3),
        .init("1.e5", "invalid number: expected digit after '.'", offset: 2, column: 3),
        .init("1e", "invalid number: expected digit in exponent", offset: 2, column: 3),
        .init("1e+", "invalid number: expected digit in exponent", offset: 3, column: 4),
        .init("{\n  \"navn\": \"Søren\",\n  \"alder\": ,\n}", "expected a value, found ','", offset: 33, line: 3, column: 12),
        .init(#"["æøå", x]"#, "invalid literal 'x'", offset: 11, column: 9),
        .init(bytes: [0xEF, 0xBB, 0xBF, 0x78], "invalid literal 'x'", offset: 3, column: 1),
        .init(String(repeating: "[", count: 65), "nesting too deep (more than 64 levels)", offset: 64, column: 65),
        .init(String(repeating: #"{"a":"#, count: 65), "nesting too deep (more than 64 levels)", offset: 320, column: 321),
    ]

    @Test(arguments: errorCases)
    func reportsErrorsExactly(_ testCase: JSONErrorCase) throws {
        let error = try #require(jsonError(testCase.input))
        #expect(error.message == testCase.message)
        #expect(error.offset == testCase.offset)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
    }

    @Test(arguments: [
        ("0", Int64(0)), ("-0", 0), ("-3", -3), ("42", 42), ("1e3", 1000), ("1E+3", 1000), ("2.0", 2),
        ("2.5", nil), ("1e-1", nil), ("100e-2", 1), ("0.001e3", 1), ("1.5e1", 15), ("0e999999999999", 0),
        ("12345678901234567890", nil), ("9223372036854775807", .max), ("-9223372036854775808", .min),
        ("9223372036854775808", nil), ("-9223372036854775809", nil), ("1e400", nil), ("1e18", 1_000_000_000_000_000_000),
        ("1e19", nil), ("123.456e-1000000000000", nil),
    ] as [(String, Int64?)])
    func parsesNumbersKeepingText(_ text: String, _ int: Int64?) throws {
        let value = try JSONParser.parse(text)
        #expect(value == number(text, int))
    }

    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u00e6\u00F8\u00e5""#, "æøå"),
        (#""\u00D8stervangsskolen""#, "Østervangsskolen"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""a\u0000b""#, "a\u{0}b"),
        (#""x\u20ACy""#, "x€y"),
        (#""""#, ""),
        (#""Søren Ærø, Østervangsskolen""#, "Søren Ærø, Østervangsskolen"),
        (#""😀 \"quoted\" æ""#, "😀 \"quoted\" æ"),
    ])
    func decodesStrings(_ json: String, _ expected: String) throws {
        #expect(try JSONParser.parse(json) == .string(expected))
        #expect(try JSONParser.parse(Array(json.utf8)) == .string(expected))
    }

    @Test func parsesDanishProfileKeepingOrderAndOffsets() throws {
        let text = #" {"navn": "Åse Ørum", "skole": "Østervangsskolen", "alder": 15, "tags": [true, false, null]} "#
        let value = try JSONParser.parse(text)
        let expected: JSONValue = .object([
            JSONMember(key: "navn", value: .string("Åse Ørum"), offset: 2),
            JSONMember(key: "skole", value: .string("Østervangsskolen"), offset: 24),
            JSONMember(key: "alder", value: number("15", 15), offset: 54),
            JSONMember(key: "tags", value: .array([.bool(true), .bool(false), .null]), offset: 67),
        ])
        #expect(value == expected)
    }

    @Test func acceptsWhitespaceAndByteOrderMark() throws {
        #expect(try JSONParser.parse(" \t\r\n[ 1 , {} ]\r\n ") == .array([number("1", 1), .object([])]))
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[]".utf8)) == .array([]))
    }

    @Test func parsesFromSpanAndRange() throws {
        let bytes = Array("xx\n{\"a\": 1}\n{\"b\" 2}".utf8)
        let first = try JSONParser.parse(bytes.span.extracting(3 ..< 11))
        #expect(first == .object([JSONMember(key: "a", value: number("1", 1), offset: 1)]))
        let ranged = try JSONParser.parse(bytes, range: 3 ..< 11, firstLine: 2)
        #expect(ranged == .object([JSONMember(key: "a", value: number("1", 1), offset: 4)]))
        do {
            _ = try JSONParser.parse(bytes, range: 12 ..< bytes.count, firstLine: 3)
            Issue.record("expected an error")
        } catch {
            #expect(error == JSONError(message: "expected ':' after object key", offset: 17, line: 3, column: 6))
            #expect(error.description == "3:6: expected ':' after object key")
        }
        // Out-of-range ranges are clamped instead of trapping.
        #expect(throws: JSONError(message: "unexpected trailing characters after the JSON value", offset: 12, line: 2, column: 1)) {
            try JSONParser.parse(bytes, range: 3 ..< 500)
        }
        #expect(throws: JSONError(message: "empty input", offset: 19, line: 1, column: 1)) {
            try JSONParser.parse(bytes, range: 100 ..< 200)
        }
    }

    @Test func acceptsExactlyMaxDepth() throws {
        let depth = JSONParser.maxDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 0
        while case .array(let elements) = value {
            levels += 1
            value = elements.first ?? .null
        }
        #expect(levels == depth)
    }

    @Test func rejectsHugeNestingWithoutRecursing() {
        for opener in ["[", "{\"k\":", "[{\"k\":"] {
            let bytes = Array(String(repeating: opener, count: 100_000).utf8)
            #expect(jsonError(bytes)?.message == "nesting too deep (more than 64 levels)")
        }
    }

    @Test func handlesTenMegabyteStrings() throws {
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_002)
        bytes[0] = 0x22
        bytes[bytes.count - 1] = 0x22
        guard case .string(let text) = try JSONParser.parse(bytes) else {
            Issue.record("expected a string")
            return
        }
        #expect(text.utf8.count == 10_000_000)
        bytes.removeLast()
        #expect(jsonError(bytes) == JSONError(message: "unterminated string", offset: 0, line: 1, column: 1))
    }

    @Test func handlesLargeObjectsAndLongEscapedStrings() throws {
        let members = (0 ..< 200).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        guard case .object(let parsed) = try JSONParser.parse("{" + members + "}") else {
            Issue.record("expected an object")
            return
        }
        #expect(parsed.map(\.key) == (0 ..< 200).map { "k\($0)" })
        let duplicate = "{" + members + #", "k150": 0}"#
        #expect(jsonError(Array(duplicate.utf8))?.message == "duplicate key 'k150'")
        let escaped = "\"" + String(repeating: #"æ\n\u00f8"#, count: 10_000) + "\""
        #expect(try JSONParser.parse(escaped) == .string(String(repeating: "æ\nø", count: 10_000)))
    }

    @Test func treatsCanonicallyEquivalentKeysAsDuplicates() {
        // "é" precomposed and decomposed compare equal as Swift strings.
        #expect(jsonError(Array("{\"caf\u{E9}\":1,\"cafe\u{301}\":2}".utf8))?.message.hasPrefix("duplicate key") == true)
    }
}
