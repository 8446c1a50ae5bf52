/// A JSON value as read by `JSONParser`.
///
/// Object members keep the order in which they appear in the input, and each
/// remembers the byte offset of its key so later stages can point at it.
package enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
}

/// One `"key": value` pair of a JSON object.
package struct JSONMember: Equatable, Sendable {
    /// The decoded key.
    package var key: String
    /// The member's value.
    package var value: JSONValue
    /// Byte offset of the key's opening `"` in the parsed buffer.
    package var offset: Int

    package init(key: String, value: JSONValue, offset: Int) {
        self.key = key
        self.value = value
        self.offset = offset
    }
}

/// A JSON number, kept as written so no precision is lost.
package struct JSONNumber: Equatable, Sendable {
    /// The number exactly as it appears in the input, e.g. `-3`, `1e3`, `2.50`.
    package var text: String
    /// The value as an exact integer when it is mathematically an integer that
    /// fits in `Int64` (`1e3` → 1000, `2.0` → 2, `-0` → 0); otherwise `nil`
    /// (`2.5`, `12345678901234567890`, `1e400`).
    package var int: Int64?

    package init(text: String, int: Int64?) {
        self.text = text
        self.int = int
    }
}

/// A JSON syntax error: what went wrong and where.
package struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A human-readable message such as `unterminated string`.
    package var message: String
    /// Byte offset of the error in the parsed buffer.
    package var offset: Int
    /// 1-based line of the error.
    package var line: Int
    /// 1-based column of the error, counted in Unicode scalars.
    package var column: Int
    /// The key of the innermost object member whose value holds the error
    /// (`birth_date` in `{"birth_date": 1990x}`), if it is inside one.
    package var member: String?
    /// The message without the piece of the input it quotes (`invalid
    /// literal` for `invalid literal '1990x'`), when it quotes a value.
    package var messageWithoutInput: String?

    package init(message: String, offset: Int, line: Int, column: Int, member: String? = nil, messageWithoutInput: String? = nil) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
        self.member = member
        self.messageWithoutInput = messageWithoutInput
    }

    /// `line:column: message`.
    package var description: String { "\(line):\(column): \(message)" }
}
