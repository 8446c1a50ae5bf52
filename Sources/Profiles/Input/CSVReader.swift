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

    package init(message: String, line: Int, column: Int, offset: Int, recordLine: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        self.recordLine = recordLine
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

    package init(line: Int, fields: [String?]) {
        self.line = line
        self.fields = fields
    }
}

/// An RFC 4180-style CSV reader working directly on UTF-8 bytes.
///
/// - The first non-blank row is the header of field names (surrounding spaces
///   and tabs trimmed; names must be non-empty and unique).
/// - The separator is `;` or `,`, whichever occurs more often outside quotes in
///   the header; `;` wins ties (Danish spreadsheets use `;`).
/// - A leading UTF-8 byte order mark is skipped; rows end with `\n` or `\r\n`;
///   the last row needs no line break; empty lines are skipped.
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

    private let bytes: [UInt8]
    private var state: CSVScanner.Position

    /// Reads the header of `bytes`.
    ///
    /// - Throws: `CSVError` for empty input or a malformed header.
    package init(bytes: [UInt8]) throws(CSVError) {
        self.bytes = bytes
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<(UInt8, [String], CSVScanner.Position), CSVError> in
            var start = CSVScanner.Position(offset: 0, line: 1, lineStart: 0)
            if UTF8Bytes.hasBOM(buffer) { start = .init(offset: 3, line: 1, lineStart: 3) }
            let separator = CSVScanner.detectSeparator(buffer, from: start.offset)
            var scanner = CSVScanner(buffer: buffer, separator: separator, position: start)
            scanner.skipBlankLines()
            let headerStart = scanner.position
            let recordLine = headerStart.line
            guard headerStart.offset < buffer.count else {
                return .failure(scanner.makeError("empty input", at: headerStart.offset, recordLine: recordLine))
            }
            let fields = scanner.parseRecord(recordLine: recordLine)
            if let error = scanner.firstError { return .failure(error) }
            var names: [String] = []
            var seen: Set<String> = []
            func headerError(_ message: String, column index: Int) -> CSVError {
                scanner.makeError(message, at: scanner.fieldOffsets[index], line: headerStart.line,
                                  lineStart: headerStart.lineStart, recordLine: recordLine)
            }
            for (index, field) in fields.enumerated() {
                let name = Self.trimmed(field ?? "")
                guard !name.isEmpty else { return .failure(headerError("empty header name in column \(index + 1)", column: index)) }
                guard seen.insert(name).inserted else { return .failure(headerError("duplicate column '\(name)'", column: index)) }
                names.append(name)
            }
            return .success((separator, names, scanner.position))
        }
        switch result {
        case .success(let (separator, names, position)):
            self.separator = separator
            self.header = names
            self.state = position
        case .failure(let error):
            throw error
        }
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
        let bytes = self.bytes
        let headerCount = header.count
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<CSVRecord?, CSVError> in
            var scanner = CSVScanner(buffer: buffer, separator: separator, position: state)
            scanner.expectedFieldCount = headerCount
            defer { state = scanner.position }
            scanner.skipBlankLines()
            guard scanner.position.offset < buffer.count else { return .success(nil) }
            let recordLine = scanner.position.line
            let recordOffset = scanner.position.offset
            let fields = scanner.parseRecord(recordLine: recordLine)
            if let error = scanner.firstError { return .failure(error) }
            guard fields.count == headerCount else {
                let fieldWord = fields.count == 1 ? "field" : "fields"
                let message = "row has \(fields.count) \(fieldWord), header has \(headerCount)"
                return .failure(CSVError(message: message, line: recordLine, column: 1, offset: recordOffset, recordLine: recordLine))
            }
            return .success(CSVRecord(line: recordLine, fields: fields))
        }
        return try result.get()
    }

    private static func trimmed(_ name: String) -> String {
        var scalars = Substring(name).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}

private let quote: UInt8 = 0x22, lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

/// Tokenises records. Errors do not stop the scan: the first one is kept in
/// `firstError` and the rest of the record is read leniently, which leaves the
/// position at the next line break outside quotes.
private struct CSVScanner {
    /// A resumable position: byte offset, its line, and where that line starts.
    struct Position: Sendable {
        var offset: Int
        var line: Int
        var lineStart: Int
    }

    /// How a field ended.
    enum Terminator { case separator, endOfRecord }

    let buffer: UnsafeBufferPointer<UInt8>
    let separator: UInt8
    var position: Position
    var firstError: CSVError? = nil
    /// Byte offsets of the fields of the last record parsed.
    var fieldOffsets: [Int] = []
    private var recordLine = 1
    /// Capacity hint for a record's field array (the header's column count).
    var expectedFieldCount = 8

    init(buffer: UnsafeBufferPointer<UInt8>, separator: UInt8, position: Position) {
        self.buffer = buffer
        self.separator = separator
        self.position = position
    }

    /// Picks `;` or `,`, whichever occurs more often outside quotes on the
    /// first row (a `"` toggles quoting, which also handles `""`); `;` wins ties.
    static func detectSeparator(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var semicolons = 0, commas = 0, inQuotes = false, sawContent = false
        for byte in UnsafeBufferPointer(rebasing: buffer[start...]) {
            if byte == quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == lineFeed {
                    if sawContent { break } else { continue }  // skip leading blank lines
                }
                if byte == 0x3B { semicolons += 1 } else if byte == 0x2C { commas += 1 }
            }
            if byte != carriageReturn { sawContent = true }
        }
        return commas > semicolons ? 0x2C : 0x3B
    }

    func makeError(_ message: String, at offset: Int, line: Int? = nil, lineStart: Int? = nil, recordLine: Int) -> CSVError {
        let (line, column) = UTF8Bytes.lineAndColumn(
            buffer, from: lineStart ?? position.lineStart, firstLine: line ?? position.line, offset: offset)
        return CSVError(message: message, line: line, column: column, offset: offset, recordLine: recordLine)
    }

    mutating func fail(_ message: String, at offset: Int, line: Int? = nil, lineStart: Int? = nil) {
        if firstError == nil {
            firstError = makeError(message, at: offset, line: line, lineStart: lineStart, recordLine: recordLine)
        }
    }

    /// Skips empty lines (`\n` or `\r\n` alone).
    mutating func skipBlankLines() {
        while position.offset < buffer.count {
            let offset = position.offset
            if buffer[offset] == lineFeed {
                newLine(after: offset)
            } else if buffer[offset] == carriageReturn, offset + 1 < buffer.count, buffer[offset + 1] == lineFeed {
                newLine(after: offset + 1)
            } else {
                return
            }
        }
    }

    /// Moves past the line feed at `offset`.
    mutating func newLine(after offset: Int) {
        position = Position(offset: offset + 1, line: position.line + 1, lineStart: offset + 1)
    }

    /// Parses one record starting at a non-blank position.
    mutating func parseRecord(recordLine: Int) -> [String?] {
        self.recordLine = recordLine
        fieldOffsets.removeAll(keepingCapacity: true)
        var fields: [String?] = []
        fields.reserveCapacity(expectedFieldCount)
        while true {
            fieldOffsets.append(position.offset)
            let atQuote = position.offset < buffer.count && buffer[position.offset] == quote
            let (value, terminator) = atQuote ? parseQuotedField() : parseUnquotedField()
            fields.append(value)
            if terminator == .endOfRecord { return fields }
        }
    }

    /// Consumes the separator or line terminator at the current position.
    mutating func consumeTerminator() -> Terminator {
        let offset = position.offset
        guard offset < buffer.count else { return .endOfRecord }
        if buffer[offset] == separator {
            position.offset += 1
            return .separator
        }
        if buffer[offset] == carriageReturn { position.offset += 1 }
        if position.offset < buffer.count { newLine(after: position.offset) }  // the '\n'
        return .endOfRecord
    }

    /// Returns `true` when the byte at `offset` ends a field.
    func endsField(at offset: Int) -> Bool {
        guard offset < buffer.count else { return true }
        let byte = buffer[offset]
        if byte == separator || byte == lineFeed { return true }
        return byte == carriageReturn && (offset + 1 == buffer.count || buffer[offset + 1] == lineFeed)
    }

    /// Validates and decodes `bytes` of the buffer, reporting the first invalid byte.
    mutating func decode(_ range: Range<Int>) -> String? {
        var index = range.lowerBound
        while index < range.upperBound {
            if buffer[index] < 0x80 {
                index += 1
            } else if let length = UTF8Bytes.sequenceLength(buffer, at: index, end: range.upperBound) {
                index += length
            } else {
                fail("invalid UTF-8", at: index)
                return nil
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Reads an unquoted field; an empty one is `nil`.
    mutating func parseUnquotedField() -> (String?, Terminator) {
        let start = position.offset
        while !endsField(at: position.offset) {
            if buffer[position.offset] == quote { fail("stray '\"' inside unquoted field", at: position.offset) }
            position.offset += 1
        }
        let value = start == position.offset ? nil : decode(start ..< position.offset)
        return (value, consumeTerminator())
    }

    /// Reads a quoted field starting at its opening quote.
    mutating func parseQuotedField() -> (String?, Terminator) {
        let opening = position
        position.offset += 1
        var escaped: [UInt8]? = nil  // only needed once a "" escape shows up
        var valid = true
        var runStart = position.offset
        while true {
            let offset = position.offset
            guard offset < buffer.count else {
                fail("unterminated quoted field", at: opening.offset, line: opening.line, lineStart: opening.lineStart)
                return (nil, resynchroniseAfterLine(of: opening))
            }
            let byte = buffer[offset]
            if byte == quote {
                position.offset += 1
                guard position.offset < buffer.count, buffer[position.offset] == quote else { break }
                var bytes = escaped ?? []
                escaped = nil  // keep the array uniquely referenced while appending
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart ... offset]))  // "" → "
                escaped = bytes
                position.offset += 1
                runStart = position.offset
            } else if byte == lineFeed {
                position.line += 1
                position.lineStart = offset + 1
                position.offset += 1
            } else if byte < 0x80 {
                position.offset += 1
            } else if let length = UTF8Bytes.sequenceLength(buffer, at: offset, end: buffer.count) {
                position.offset += length
            } else {
                fail("invalid UTF-8", at: offset)
                valid = false
                position.offset += 1
            }
        }
        let lastRun = UnsafeBufferPointer(rebasing: buffer[runStart ..< position.offset - 1])
        var value: String? = nil
        if valid, var bytes = escaped {
            bytes.append(contentsOf: lastRun)
            value = String(decoding: bytes, as: UTF8.self)
        } else if valid {
            value = String(decoding: lastRun, as: UTF8.self)
        }
        if endsField(at: position.offset) { return (value, consumeTerminator()) }
        fail("expected separator or line break after closing '\"'", at: position.offset)
        let (_, terminator) = parseUnquotedField()  // skip the junk leniently
        return (value, terminator)
    }

    /// After an unterminated quote, resumes on the line following the opening
    /// quote so that the rest of the file is not swallowed.
    mutating func resynchroniseAfterLine(of opening: Position) -> Terminator {
        position = opening
        var offset = opening.offset
        while offset < buffer.count, buffer[offset] != lineFeed { offset += 1 }
        if offset < buffer.count { newLine(after: offset) } else { position.offset = buffer.count }
        return .endOfRecord
    }
}
