import Testing
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// Reads every record of `bytes`; errors are collected instead of stopping.
private func readAll(_ bytes: [UInt8]) throws(CSVError) -> (header: [String], records: [CSVRecord], errors: [CSVError]) {
    var reader = try CSVReader(bytes: bytes)
    var records: [CSVRecord] = []
    var errors: [CSVError] = []
    while true {
        do {
            guard let record = try reader.nextRecord() else { break }
            records.append(record)
        } catch {
            errors.append(error)
        }
    }
    return (reader.header, records, errors)
}

private func readAll(_ text: String) throws(CSVError) -> (header: [String], records: [CSVRecord], errors: [CSVError]) {
    try readAll(Array(text.utf8))
}

/// One expected failure: message, line, column and the record's first line.
struct CSVErrorCase: Sendable, CustomTestStringConvertible {
    var input: [UInt8]
    var message: String
    var line: Int
    var column: Int
    var recordLine: Int

    init(_ input: String, _ message: String, line: Int, column: Int, recordLine: Int? = nil) {
        self.init(bytes: Array(input.utf8), message, line: line, column: column, recordLine: recordLine)
    }

    init(bytes: [UInt8], _ message: String, line: Int, column: Int, recordLine: Int? = nil) {
        self.input = bytes
        self.message = message
        self.line = line
        self.column = column
        self.recordLine = recordLine ?? line
    }

    var testDescription: String { message }
}

@Suite struct CSVReaderTests {
    @Test func readsCommaSeparatedFile() throws {
        let result = try readAll("name,age\nSøren,42\nMette,7\n")
        #expect(result.header == ["name", "age"])
        #expect(result.records == [CSVRecord(line: 2, fields: ["Søren", "42"]), CSVRecord(line: 3, fields: ["Mette", "7"])])
        #expect(result.errors.isEmpty)
    }

    @Test func readsDanishSemicolonFileWithBOMAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("navn;skole;by\r\nÅse;Østervangsskolen;Århus, C\r\nBo;;\r\n".utf8)
        let reader = try CSVReader(bytes: bytes)
        #expect(reader.separator == UInt8(ascii: ";"))
        let result = try readAll(bytes)
        #expect(result.header == ["navn", "skole", "by"])
        #expect(result.records == [
            CSVRecord(line: 2, fields: ["Åse", "Østervangsskolen", "Århus, C"]),
            CSVRecord(line: 3, fields: ["Bo", nil, nil]),
        ])
    }

    @Test(arguments: [
        ("a;b,c", ";", ["a", "b,c"]),
        ("a,b,c;d", ",", ["a", "b", "c;d"]),
        ("a;b;c,d,e,f", ",", ["a;b;c", "d", "e", "f"]),
        ("\"a;b\",c", ",", ["a;b", "c"]),
        ("\"a,b,c\";d", ";", ["a,b,c", "d"]),
        ("name", ";", ["name"]),
        ("\n\r\nx,y\n1;2;3;4", ",", ["x", "y"]),
        (" a ; \tb\t", ";", ["a", "b"]),
        ("\"say \"\"hi\"\"\";b", ";", ["say \"hi\"", "b"]),
    ])
    func detectsSeparatorFromHeader(_ text: String, _ separator: String, _ header: [String]) throws {
        let reader = try CSVReader(text: text)
        #expect(reader.separator == Array(separator.utf8)[0])
        #expect(reader.header == header)
    }

    @Test func readsQuotedFieldsWithEscapesSeparatorsAndNewlines() throws {
        let text = "id;note\n1;\"he said \"\"hej\"\"; ok\r\nline2\"\n2;\"\"\n3;\"Ø\"\r\n"
        let result = try readAll(text)
        #expect(result.records == [
            CSVRecord(line: 2, fields: ["1", "he said \"hej\"; ok\r\nline2"]),
            CSVRecord(line: 4, fields: ["2", ""]),
            CSVRecord(line: 5, fields: ["3", "Ø"]),
        ])
        #expect(result.errors.isEmpty)
    }

    @Test(arguments: [
        ("a;b;c\n;x;\n", [nil, "x", nil] as [String?]),
        ("a;b;c\n\"\";x;\"\"\n", ["", "x", ""]),
        ("a;b;c\n ; ;\n", [" ", " ", nil]),
        ("a;b;c\nx\ry;z;\r", ["x\ry", "z", nil]),
        ("a;b;c\n1;2;3", ["1", "2", "3"]),
    ])
    func mapsCells(_ text: String, _ fields: [String?]) throws {
        #expect(try readAll(text).records == [CSVRecord(line: 2, fields: fields)])
    }

    @Test func skipsBlankLinesButCountsThem() throws {
        let result = try readAll("\na;b\n\n1;2\n\r\n\n3;4")
        #expect(result.records == [CSVRecord(line: 4, fields: ["1", "2"]), CSVRecord(line: 7, fields: ["3", "4"])])
        var headerOnly = try CSVReader(text: "a;b\r\n\r\n")
        #expect(try headerOnly.nextRecord() == nil)
        #expect(try headerOnly.nextRecord() == nil)
    }

    static let headerErrors: [CSVErrorCase] = [
        .init("", "empty input", line: 1, column: 1),
        .init("\n\r\n", "empty input", line: 3, column: 1),
        .init(bytes: [0xEF, 0xBB, 0xBF], "empty input", line: 1, column: 1),
        .init("a;;c", "empty header name in column 2", line: 1, column: 3),
        .init("a;b;", "empty header name in column 3", line: 1, column: 5),
        .init(" ;b", "empty header name in column 1", line: 1, column: 1),
        .init("gender;age;gender", "duplicate column 'gender'", line: 1, column: 12),
        .init("gender; gender \n", "duplicate column 'gender'", line: 1, column: 8),
        .init("\"a;b", "unterminated quoted field", line: 1, column: 1),
        .init("a\"b;c", "stray '\"' inside unquoted field", line: 1, column: 2),
        .init("\"a\"b;c", "expected separator or line break after closing '\"'", line: 1, column: 4),
        .init(bytes: [0x61, 0xFF, 0x3B, 0x62], "invalid UTF-8", line: 1, column: 2),
    ]

    @Test(arguments: headerErrors)
    func reportsHeaderErrors(_ testCase: CSVErrorCase) {
        do {
            _ = try CSVReader(bytes: testCase.input)
            Issue.record("expected \(testCase.message)")
        } catch {
            #expect(error.message == testCase.message)
            #expect(error.line == testCase.line)
            #expect(error.column == testCase.column)
            #expect(error.recordLine == testCase.recordLine)
        }
    }

    static let recordErrors: [CSVErrorCase] = [
        .init("a;b;c;d\n1;2;3;4;5\n", "row has 5 fields, header has 4", line: 2, column: 1),
        .init("a;b\n1\n", "row has 1 field, header has 2", line: 2, column: 1),
        .init("a,b\n1,2,\n", "row has 3 fields, header has 2", line: 2, column: 1),
        .init("a;b\n1;\"x\n", "unterminated quoted field", line: 2, column: 3),
        .init("a;b\nx\"y;z", "stray '\"' inside unquoted field", line: 2, column: 2),
        .init("a;b\n\"x\"y;z", "expected separator or line break after closing '\"'", line: 2, column: 4),
        .init("a;b\n\"x\ny\" ;z", "expected separator or line break after closing '\"'", line: 3, column: 3, recordLine: 2),
        .init(bytes: Array("a;b\nø;".utf8) + [0xC3], "invalid UTF-8", line: 2, column: 3),
        .init(bytes: Array("a;b\n1;\"æ\n".utf8) + [0xFF, 0x22], "invalid UTF-8", line: 3, column: 1, recordLine: 2),
        .init(bytes: Array("a;b\n".utf8) + [0xED, 0xA0, 0x80, 0x3B, 0x31], "invalid UTF-8", line: 2, column: 1),
    ]

    @Test(arguments: recordErrors)
    func reportsRecordErrors(_ testCase: CSVErrorCase) throws {
        let result = try readAll(testCase.input)
        #expect(result.records.isEmpty)
        try #require(result.errors.count == 1)
        let error = result.errors[0]
        #expect(error.message == testCase.message)
        #expect(error.line == testCase.line)
        #expect(error.column == testCase.column)
        #expect(error.recordLine == testCase.recordLine)
        #expect(error.description == "\(testCase.line):\(testCase.column): \(testCase.message)")
    }

    @Test func resynchronisesAfterBadRecords() throws {
        let bytes = Array("""
            id;navn;alder
            1;Søren;42
            2;Mette
            3;"Ån;e";7
            4;x"y;5
            5;"a"b;1
            6;"multi
            line";2
            7;
            """.utf8) + [0xFF] + Array("""
            ;3
            8;Ole;50
            9;"Bo;9
            10;Lise;30
            """.utf8)
        let result = try readAll(bytes)
        #expect(result.records.map(\.line) == [2, 4, 7, 10, 12])
        #expect(result.records.map { $0.fields[0] } == ["1", "3", "6", "8", "10"])
        #expect(result.records[2].fields == ["6", "multi\nline", "2"])
        #expect(result.errors.map(\.message) == [
            "row has 2 fields, header has 3",
            "stray '\"' inside unquoted field",
            "expected separator or line break after closing '\"'",
            "invalid UTF-8",
            "unterminated quoted field",
        ])
        #expect(result.errors.map(\.line) == [3, 5, 6, 9, 11])
    }

    @Test func resumesOnTheLineAfterAnUnterminatedQuote() throws {
        let result = try readAll("a;b\n1;\"x\ny\"\"\n3;4")
        #expect(result.errors.map(\.message) == ["unterminated quoted field", "stray '\"' inside unquoted field"])
        #expect(result.errors.map(\.line) == [2, 3])
        #expect(result.records == [CSVRecord(line: 4, fields: ["3", "4"])])
    }

    @Test func reportsRaggedRowsAfterAnEarlierErrorOnlyOnce() throws {
        // A record with both a stray quote and the wrong field count reports the first problem.
        let result = try readAll("a;b\nx\"y\n1;2")
        #expect(result.errors.map(\.message) == ["stray '\"' inside unquoted field"])
        #expect(result.records == [CSVRecord(line: 3, fields: ["1", "2"])])
    }

    @Test func readsLargeFileQuickly() throws {
        var bytes = Array("navn;skole;alder\n".utf8)
        let row = Array("\"Åse, Ø\";Østervangsskolen;15\r\n".utf8)
        for _ in 0 ..< 20_000 { bytes.append(contentsOf: row) }
        var reader = try CSVReader(bytes: bytes)
        var count = 0
        var lastLine = 0
        while let record = try reader.nextRecord() {
            count += 1
            lastLine = record.line
        }
        #expect(count == 20_000)
        #expect(lastLine == 20_001)
    }
}
