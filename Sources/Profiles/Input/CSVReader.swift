/// A CSV problem: what went wrong and where.
package struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A human-readable message such as `unterminated quoted field`.
    package var message: String
    /// 1-based physical line of the error.
    package var line: Int
    /// 1-based column of the error on that line, counted in Unicode scalars.
    package var column: Int
    /// Byte offset of the error in the input.
    package var offset: Int
    /// 1-based physical line on which the failed record (or header) starts;
    /// differs from `line` only for records spanning several lines.
    package var recordLine: Int
    /// The record is longer than `CSVReader.maxRecordBytes`.
    package var tooLong = false
    /// Where the failed record is in the input (its line break included), when known.
    package var recordBytes: Range<Int>? = nil

    package init(message: String, line: Int, column: Int, offset: Int, recordLine: Int, tooLong: Bool = false) {
        self.tooLong = tooLong
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        self.recordLine = recordLine
    }

    /// Errors are equal by what they say and where (not by `recordBytes`, bookkeeping).
    package static func == (a: CSVError, b: CSVError) -> Bool {
        a.message == b.message && a.line == b.line && a.column == b.column && a.offset == b.offset && a.recordLine == b.recordLine && a.tooLong == b.tooLong
    }

    /// `line:column: message`.
    package var description: String { "\(line):\(column): \(message)" }
}

/// One data row of a CSV file.
package struct CSVRecord: Equatable, Sendable {
    /// 1-based physical line on which the record starts.
    package var line: Int
    /// The cells in header order; an empty cell is `nil` (unknown). A quoted
    /// empty cell (`""`) is the empty string.
    package var fields: [String?]
    /// Where the record is in the input, its line break included.
    package var bytes: Range<Int> = 0..<0

    package init(line: Int, fields: [String?]) {
        self.line = line
        self.fields = fields
    }

    /// Records are equal by line and cells (where in the bytes is bookkeeping).
    package static func == (a: CSVRecord, b: CSVRecord) -> Bool { a.line == b.line && a.fields == b.fields }
}

/// An RFC 4180-style CSV reader working directly on UTF-8 bytes.
///
/// - The first non-blank row is the header of field names (surrounding spaces
///   and tabs trimmed; names must be non-empty and unique).
/// - The separator is `;` or `,`, whichever occurs more often outside quotes in
///   the header; `;` wins ties (Danish spreadsheets use `;`).
/// - A leading UTF-8 byte order mark is skipped; rows end with `\n` or `\r\n`;
///   the last row needs no line break; blank lines (nothing but spaces, tabs
///   and `\r`), also before the header, are skipped but counted in line
///   numbers, as in JSON Lines.
/// - Quoted fields may contain separators, line breaks and `""` for a quote.
/// - Every record must have as many fields as the header.
///
/// After `nextRecord()` throws, the reader has already skipped to the next
/// line break outside quotes, so calling it again continues with the next
/// record; batch screening can report a bad row and go on.
package struct CSVReader: Sendable {
    /// The column names from the header row.
    package private(set) var header: [String]
    /// The detected separator byte, `;` (0x3B) or `,` (0x2C).
    package let separator: UInt8

    /// The longest record, in bytes without its line break; a longer one is
    /// an error (`CSVError.tooLong`), checked before any other (batch
    /// screening hands out a line longer than its limit cut short).
    package var maxRecordBytes = Int.max

    private let bytes: [UInt8]
    private var state: CSVScanner.Position
    /// The bytes of the record read last, for an error's `recordBytes`.
    private var lastRecord: Range<Int>? = nil

    /// Reads the header of `bytes`.
    ///
    /// - Throws: `CSVError` for empty input or a malformed header.
    package init(bytes: [UInt8]) throws(CSVError) {
        self.bytes = bytes
        let b = bytes.span
        var start = CSVScanner.Position(offset: 0, line: 1, lineStart: 0)
        if UTF8Bytes.hasBOM(b) { start = .init(offset: 3, line: 1, lineStart: 3) }
        let separator = CSVScanner.detectSeparator(b, from: start.offset)
        var scanner = CSVScanner(separator: separator, position: start)
        scanner.keepsFieldOffsets = true
        scanner.skipBlankLines(b)
        let headerStart = scanner.position
        let recordLine = headerStart.line
        guard headerStart.offset < b.count else {
            throw scanner.makeError(b, "empty input", at: headerStart.offset, recordLine: recordLine)
        }
        let fields = scanner.parseRecord(b, recordLine: recordLine)
        if let error = scanner.firstError { throw error }
        var names: [String] = []
        var seen: Set<String> = []
        func headerError(_ message: String, column index: Int) -> CSVError {
            scanner.makeError(b, message, at: scanner.fieldOffsets[index], line: headerStart.line,
                              lineStart: headerStart.lineStart, recordLine: recordLine)
        }
        for (index, field) in fields.enumerated() {
            let name = Self.trimmed(field ?? "")
            guard !name.isEmpty else { throw headerError("empty header name in column \(index + 1)", column: index) }
            guard seen.insert(name).inserted else { throw headerError("duplicate column '\(Excerpt.of(name))'", column: index) }
            names.append(name)
        }
        self.separator = separator
        self.header = names
        self.state = scanner.position
    }

    /// Reads `text`'s UTF-8 bytes; see `init(bytes:)`.
    package init(text: String) throws(CSVError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// Returns the next record, or `nil` at the end of the input.
    ///
    /// - Throws: `CSVError` for a malformed record: a field count that differs
    ///   from the header, an unterminated quoted field, a stray quote, text
    ///   after a closing quote, or invalid UTF-8. The reader then continues
    ///   with the following record on the next call.
    package mutating func nextRecord() throws(CSVError) -> CSVRecord? {
        do {
            return try record()
        } catch {
            var e = error
            e.recordBytes = lastRecord
            throw e
        }
    }

    /// The bytes of the input in `range` (a record, as `CSVRecord.bytes` or
    /// `CSVError.recordBytes` give it).
    package func text(_ range: Range<Int>) -> [UInt8] { Array(bytes[range.clamped(to: 0..<bytes.count)]) }

    private mutating func record() throws(CSVError) -> CSVRecord? {
        let bytes = self.bytes
        let b = bytes.span
        let headerCount = header.count
        var scanner = CSVScanner(separator: separator, position: state)
        scanner.expectedFieldCount = headerCount
        defer { state = scanner.position }
        scanner.skipBlankLines(b)
        guard scanner.position.offset < b.count else { return nil }
        let recordLine = scanner.position.line
        let recordOffset = scanner.position.offset
        let fields = scanner.parseRecord(b, recordLine: recordLine)
        lastRecord = recordOffset..<scanner.position.offset
        if maxRecordBytes < Int.max {
            var end = scanner.position.offset
            if end > recordOffset, b[end - 1] == lineFeed { end -= 1 }
            if end > recordOffset, b[end - 1] == carriageReturn { end -= 1 }
            if end - recordOffset > maxRecordBytes {
                throw CSVError(message: "record is longer than \(maxRecordBytes) bytes", line: recordLine, column: 1,
                               offset: recordOffset, recordLine: recordLine, tooLong: true)
            }
        }
        if let error = scanner.firstError { throw error }
        guard fields.count == headerCount else {
            let fieldWord = fields.count == 1 ? "field" : "fields"
            let message = "row has \(fields.count) \(fieldWord), header has \(headerCount)"
            throw CSVError(message: message, line: recordLine, column: 1, offset: recordOffset, recordLine: recordLine)
        }
        var r = CSVRecord(line: recordLine, fields: fields)
        r.bytes = recordOffset..<scanner.position.offset
        return r
    }

    private static func trimmed(_ name: String) -> String {
        var scalars = Substring(name).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

private let quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

/// Tokenises records of the span `b`, which every method takes (a span cannot
/// be stored in an escapable struct). Errors do not stop the scan: the first
/// one is kept in `firstError` and the rest of the record is read leniently,
/// which leaves the position at the next line break outside quotes.
private struct CSVScanner {
    /// A resumable position: byte offset, its line, and where that line starts.
    struct Position: Sendable {
        var offset: Int
        var line: Int
        var lineStart: Int
    }

    /// How a field ended.
    enum Terminator { case separator, endOfRecord }

    let separator: UInt8
    var position: Position
    var firstError: CSVError? = nil
    /// Byte offsets of the fields of the last record parsed, kept only when
    /// `keepsFieldOffsets` (the header's errors point at a column; a record's
    /// errors do not, and a fresh scanner per record would grow it each time).
    var fieldOffsets: [Int] = []
    var keepsFieldOffsets = false
    private var recordLine = 1
    /// Capacity hint for a record's field array (the header's column count).
    var expectedFieldCount = 8

    init(separator: UInt8, position: Position) {
        self.separator = separator
        self.position = position
    }

    /// Picks `;` or `,`, whichever occurs more often outside quotes on the
    /// first row (a `"` toggles quoting, which also handles `""`); `;` wins ties.
    static func detectSeparator(_ b: Span<UInt8>, from start: Int) -> UInt8 {
        var semicolons = 0, commas = 0, inQuotes = false, sawContent = false
        for index in start ..< b.count {
            let byte = b[index]
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lineFeed {
                    if sawContent { break } else { continue }  // skip leading blank lines
                }
                if byte == 0x3B { semicolons += 1 } else if byte == 0x2C { commas += 1 }
            }
            if byte != carriageReturn, byte != 0x20, byte != 0x09 { sawContent = true }
        }
        return commas > semicolons ? 0x2C : 0x3B
    }

    func makeError(_ b: Span<UInt8>, _ message: String, at offset: Int, line: Int? = nil, lineStart: Int? = nil,
                   recordLine: Int) -> CSVError {
        let (line, column) = UTF8Bytes.lineAndColumn(
            b, from: lineStart ?? position.lineStart, firstLine: line ?? position.line, offset: offset)
        return CSVError(message: message, line: line, column: column, offset: offset, recordLine: recordLine)
    }

    mutating func fail(_ b: Span<UInt8>, _ message: String, at offset: Int, line: Int? = nil, lineStart: Int? = nil) {
        if firstError == nil {
            firstError = makeError(b, message, at: offset, line: line, lineStart: lineStart, recordLine: recordLine)
        }
    }

    /// Skips blank lines: nothing but spaces, tabs and `\r` up to a `\n` or
    /// the end of the input.
    mutating func skipBlankLines(_ b: Span<UInt8>) {
        while position.offset < b.count {
            var offset = position.offset
            while offset < b.count, b[offset] == 0x20 || b[offset] == 0x09 || b[offset] == carriageReturn { offset += 1 }
            if offset == b.count {
                position.offset = offset
                return
            }
            guard b[offset] == lineFeed else { return }
            newLine(after: offset)
        }
    }

    /// Moves past the line feed at `offset`.
    mutating func newLine(after offset: Int) {
        position = Position(offset: offset + 1, line: position.line + 1, lineStart: offset + 1)
    }

    /// Parses one record starting at a non-blank position.
    mutating func parseRecord(_ b: Span<UInt8>, recordLine: Int) -> [String?] {
        self.recordLine = recordLine
        fieldOffsets.removeAll(keepingCapacity: true)
        var fields: [String?] = []
        fields.reserveCapacity(expectedFieldCount)
        while true {
            if keepsFieldOffsets { fieldOffsets.append(position.offset) }
            let atQuote = position.offset < b.count && b[position.offset] == quote
            let (value, terminator) = atQuote ? parseQuotedField(b) : parseUnquotedField(b)
            fields.append(value)
            if terminator == .endOfRecord { return fields }
        }
    }

    /// Consumes the separator or line terminator at the current position.
    mutating func consumeTerminator(_ b: Span<UInt8>) -> Terminator {
        let offset = position.offset
        guard offset < b.count else { return .endOfRecord }
        if b[offset] == separator {
            position.offset += 1
            return .separator
        }
        if b[offset] == carriageReturn { position.offset += 1 }
        if position.offset < b.count { newLine(after: position.offset) }  // the '\n'
        return .endOfRecord
    }

    /// Returns `true` when the byte at `offset` ends a field.
    func endsField(_ b: Span<UInt8>, at offset: Int) -> Bool {
        guard offset < b.count else { return true }
        let byte = b[offset]
        if byte == separator || byte == lineFeed { return true }
        return byte == carriageReturn && (offset + 1 == b.count || b[offset + 1] == lineFeed)
    }

    /// Validates and decodes `range` of the bytes, reporting the first invalid
    /// byte. The standard library validates and copies in one go; only text
    /// that is not UTF-8 is walked byte by byte, to find where it goes wrong.
    mutating func decode(_ b: Span<UInt8>, _ range: Range<Int>) -> String? {
        if let text = UTF8Bytes.validString(b, range) { return text }
        var index = range.lowerBound
        while index < range.upperBound {
            if b[index] < 0x80 {
                index += 1
            } else if let length = UTF8Bytes.sequenceLength(b, at: index, end: range.upperBound) {
                index += length
            } else {
                fail(b, "invalid UTF-8", at: index)
                return nil
            }
        }
        return UTF8Bytes.string(b, range)
    }

    /// Reads an unquoted field; an empty one is `nil`. (The loop is
    /// `endsField(b, at:)` on a local offset.)
    mutating func parseUnquotedField(_ b: Span<UInt8>) -> (String?, Terminator) {
        let start = position.offset
        var offset = start
        while offset < b.count {
            let byte = b[offset]
            if byte == separator || byte == lineFeed { break }
            if byte == carriageReturn, offset + 1 == b.count || b[offset + 1] == lineFeed { break }
            if byte == quote { fail(b, "stray '\"' inside unquoted field", at: offset) }
            offset += 1
        }
        position.offset = offset
        let value = start == offset ? nil : decode(b, start ..< offset)
        return (value, consumeTerminator(b))
    }

    /// Reads a quoted field starting at its opening quote.
    mutating func parseQuotedField(_ b: Span<UInt8>) -> (String?, Terminator) {
        let opening = position
        position.offset += 1
        var escaped: [UInt8]? = nil  // only needed once a "" escape shows up
        var valid = true
        var runStart = position.offset
        while true {
            let offset = position.offset
            guard offset < b.count else {
                fail(b, "unterminated quoted field", at: opening.offset, line: opening.line, lineStart: opening.lineStart)
                return (nil, resynchroniseAfterLine(b, of: opening))
            }
            let byte = b[offset]
            if byte == quote {
                position.offset += 1
                guard position.offset < b.count, b[position.offset] == quote else { break }
                var bytes = escaped ?? []
                escaped = nil  // keep the array uniquely referenced while appending
                UTF8Bytes.append(b.extracting(runStart ... offset), to: &bytes)  // "" → "
                escaped = bytes
                position.offset += 1
                runStart = position.offset
            } else if byte == lineFeed {
                position.line += 1
                position.lineStart = offset + 1
                position.offset += 1
            } else if byte < 0x80 {
                position.offset += 1
            } else if let length = UTF8Bytes.sequenceLength(b, at: offset, end: b.count) {
                position.offset += length
            } else {
                fail(b, "invalid UTF-8", at: offset)
                valid = false
                position.offset += 1
            }
        }
        let lastRun = runStart ..< position.offset - 1
        var value: String? = nil
        if valid, var bytes = escaped {
            UTF8Bytes.append(b.extracting(lastRun), to: &bytes)
            value = String(decoding: bytes, as: UTF8.self)
        } else if valid {
            value = UTF8Bytes.string(b, lastRun)
        }
        if endsField(b, at: position.offset) { return (value, consumeTerminator(b)) }
        fail(b, "expected separator or line break after closing '\"'", at: position.offset)
        let (_, terminator) = parseUnquotedField(b)  // skip the junk leniently
        return (value, terminator)
    }

    /// After an unterminated quote, resumes on the line following the opening
    /// quote so that the rest of the file is not swallowed.
    mutating func resynchroniseAfterLine(_ b: Span<UInt8>, of opening: Position) -> Terminator {
        position = opening
        var offset = opening.offset
        while offset < b.count, b[offset] != lineFeed { offset += 1 }
        if offset < b.count { newLine(after: offset) } else { position.offset = b.count }
        return .endOfRecord
    }
}
