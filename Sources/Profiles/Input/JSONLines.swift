/// Splits a byte buffer into lines, e.g. the records of a JSON Lines file.
///
/// - Lines end at `\n`; a `\r` directly before it (or before the end of the
///   buffer) is not part of the line, so `\r\n` files work as well.
/// - A missing final newline is fine: the last line still counts.
/// - A UTF-8 byte order mark at the very start of the buffer is skipped.
/// - Blank lines (empty, or only spaces, tabs and `\r`) are skipped, but they
///   still count in the line numbers.
///
/// Each element is the 1-based physical line number and the byte range of the
/// line's content (without the line terminator) in `bytes`. Feed a range to
/// `JSONParser.parse(_:range:firstLine:)` to get file-relative offsets and
/// line numbers in errors.
package struct LineSplitter: Sequence, IteratorProtocol, Sendable {
    /// One line: its 1-based line number and the byte range of its content.
    package typealias Element = (lineNumber: Int, range: Range<Int>)

    /// The buffer being split.
    package let bytes: [UInt8]
    /// Offset of the next unread byte.
    private var position: Int
    /// Line number of the line starting at `position`.
    private var lineNumber = 1

    /// Creates a splitter over `bytes`.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        let hasBOM = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        self.position = hasBOM ? 3 : 0
    }

    /// Returns the next non-blank line, or `nil` at the end of the buffer.
    package mutating func next() -> Element? {
        let bytes = self.bytes  // the span borrows this copy, not `self`, which changes
        let b = bytes.span
        while position < b.count {
            let lineStart = position
            var newline = lineStart
            while newline < b.count, b[newline] != 0x0A { newline += 1 }
            var contentEnd = newline
            position = newline < b.count ? newline + 1 : newline  // past the `\n`, if any
            let number = lineNumber
            lineNumber += 1
            if contentEnd > lineStart, b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            if !Self.isBlank(b, lineStart ..< contentEnd) {
                return (number, lineStart ..< contentEnd)
            }
        }
        return nil
    }

    /// Returns `true` when the range holds only spaces, tabs and `\r`.
    private static func isBlank(_ b: Span<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range {
            switch b[index] {
            case 0x20, 0x09, 0x0D: continue
            default: return false
            }
        }
        return true
    }
}
