import Testing
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// Splits `bytes` and flattens each line to `[lineNumber, lowerBound, upperBound]`.
private func split(_ bytes: [UInt8]) -> [[Int]] {
    LineSplitter(bytes).map { [$0.lineNumber, $0.range.lowerBound, $0.range.upperBound] }
}

private func split(_ text: String) -> [[Int]] {
    split(Array(text.utf8))
}

@Suite struct LineSplitterTests {
    @Test(arguments: [
        ("", [[Int]]()),
        ("\n\n", []),
        ("a", [[1, 0, 1]]),
        ("a\nb\n", [[1, 0, 1], [2, 2, 3]]),
        ("a\r\nbc\r\n", [[1, 0, 1], [2, 3, 5]]),
        ("a\r\nbc", [[1, 0, 1], [2, 3, 5]]),
        ("abc\r", [[1, 0, 3]]),
        ("\n\n x \n", [[3, 2, 5]]),
        ("  \r\n\t\n{}", [[3, 6, 8]]),
        ("a\rb\n", [[1, 0, 3]]),
        ("{}\n\n\n{}\n", [[1, 0, 2], [4, 5, 7]]),
    ])
    func splitsLines(_ text: String, _ expected: [[Int]]) {
        #expect(split(text) == expected)
    }

    @Test func skipsByteOrderMarkOnlyAtStart() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(split(bom + Array("x\ny".utf8)) == [[1, 3, 4], [2, 5, 6]])
        #expect(split(bom) == [])
        #expect(split(Array("x\n".utf8) + bom) == [[1, 0, 1], [2, 2, 5]])
    }

    @Test func keepsDanishTextAndInvalidBytesIntact() {
        let bytes = Array("Østervangsskolen\r\næøå\n".utf8) + [0xFF, 0x0A]
        let lines = Array(LineSplitter(bytes))
        #expect(lines.count == 3)
        #expect(String(decoding: bytes[lines[0].range], as: UTF8.self) == "Østervangsskolen")
        #expect(String(decoding: bytes[lines[1].range], as: UTF8.self) == "æøå")
        #expect(Array(bytes[lines[2].range]) == [0xFF])
    }

    @Test func feedsJSONParserWithFileLineNumbers() throws {
        let text = "{\"navn\": \"Åse\"}\r\n\n{\"navn\": \"Bo\", \"navn\": \"Ib\"}\n[1, 2]"
        let bytes = Array(text.utf8)
        var values: [JSONValue] = []
        var errors: [JSONError] = []
        for (lineNumber, range) in LineSplitter(bytes) {
            do {
                values.append(try JSONParser.parse(bytes, range: range, firstLine: lineNumber))
            } catch {
                errors.append(error)
            }
        }
        #expect(values == [
            .object([JSONMember(key: "navn", value: .string("Åse"), offset: 1)]),
            .array([.number(JSONNumber(text: "1", int: 1)), .number(JSONNumber(text: "2", int: 2))]),
        ])
        #expect(errors == [JSONError(message: "duplicate key 'navn'", offset: 34, line: 3, column: 16)])
    }

    @Test func splitsManyLinesQuickly() {
        let line = Array("{\"a\": 1}\n".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.count * 100_000)
        for _ in 0 ..< 100_000 { bytes.append(contentsOf: line) }
        var count = 0
        var last = 0
        var wrongLengths = 0
        for (lineNumber, range) in LineSplitter(bytes) {
            count += 1
            last = lineNumber
            if range.count != 8 { wrongLengths += 1 }
        }
        #expect(count == 100_000)
        #expect(last == 100_000)
        #expect(wrongLengths == 0)
    }
}
