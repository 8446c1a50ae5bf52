/// The kinds of token. Keywords are identifiers: the parser decides by
/// context, so a word like `from` can still name a fact elsewhere.
package enum TokenKind: UInt8, Sendable {
    case identifier, integer, date, string
    case lBrace, rBrace, lBracket, rBracket, lParen, rParen
    case comma, colon, equal, notEqual, less, lessEqual, greater, greaterEqual
    case plus, minus
    case unknown  // a byte that starts no token (already diagnosed)
    case eof

    package var description: String {
        switch self {
        case .identifier: return "a name"
        case .integer: return "a number"
        case .date: return "a date"
        case .string: return "a string"
        case .lBrace: return "'{'"
        case .rBrace: return "'}'"
        case .lBracket: return "'['"
        case .rBracket: return "']'"
        case .lParen: return "'('"
        case .rParen: return "')'"
        case .comma: return "','"
        case .colon: return "':'"
        case .equal: return "'='"
        case .notEqual: return "'!='"
        case .less: return "'<'"
        case .lessEqual: return "'<='"
        case .greater: return "'>'"
        case .greaterEqual: return "'>='"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .unknown: return "an unexpected character"
        case .eof: return "the end of the file"
        }
    }
}

/// A token: its kind and byte range. Text is read from the file on demand.
package struct Token: Sendable {
    package var kind: TokenKind
    package var start: Int32
    package var end: Int32
    /// A line break (or the start of the file) comes before this token.
    package var atLineStart: Bool

    package var range: Range<Int> { Int(start)..<Int(end) }
}
