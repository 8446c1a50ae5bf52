import Testing
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// Deterministic input mutation for the reader fuzz tests.
enum InputFuzz {
    /// SplitMix64: a tiny, seedable, platform-independent PRNG.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A value in `0 ..< bound` (`bound > 0`).
        mutating func below(_ bound: Int) -> Int {
            Int(next() % UInt64(bound))
        }

        /// True `percent` times in a hundred.
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

        /// One of `xs` (not empty).
        mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
    }

    /// Bytes that stress the readers' structure handling.
    static let specialBytes: [UInt8] = Array(#"{["]},:\;"#.utf8) + [0x0A, 0x0D, 0xFF, 0xC3, 0xED, 0x00, 0x75]

    /// Applies one to four random mutations: bit flips, truncation, special
    /// byte insertions, slice duplication, slice deletion, random bytes.
    static func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0 ... rng.below(4) {
            let index = bytes.isEmpty ? 0 : rng.below(bytes.count)
            switch rng.below(6) {
            case 0 where !bytes.isEmpty:
                bytes[index] ^= UInt8(1 << rng.below(8))
            case 1:
                bytes.removeSubrange(rng.below(bytes.count + 1)...)
            case 2:
                bytes.insert(specialBytes[rng.below(specialBytes.count)], at: rng.below(bytes.count + 1))
            case 3 where !bytes.isEmpty:
                let end = index + 1 + rng.below(min(64, bytes.count - index))
                bytes.insert(contentsOf: bytes[index ..< end], at: rng.below(bytes.count + 1))
            case 4 where !bytes.isEmpty:
                bytes.removeSubrange(index ..< index + 1 + rng.below(min(16, bytes.count - index)))
            default:
                bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(bytes.count + 1))
            }
        }
        return bytes
    }

    /// Pieces random CSV cells are built from: Danish text, separators,
    /// quotes, line breaks and astral characters.
    static let cellPieces = ["a", "Ø", "æøå", "Østervangsskolen", ";", ",", "\"", "\"\"", "\n", "\r\n", " ", "x y", "😀", "\r"]

    /// A random table: unique header names, then rows of optional cells.
    /// Single-column tables get no `nil` cells and no cells of only spaces
    /// (those would be blank lines, which the reader skips).
    static func randomTable(using rng: inout SplitMix64) -> (header: [String], rows: [[String?]]) {
        let columns = 1 + rng.below(5)
        let header = (0 ..< columns).map { "kolonne_\($0)_ø" }
        let rows = (0 ..< rng.below(6)).map { _ in
            (0 ..< columns).map { _ -> String? in
                if columns > 1, rng.below(6) == 0 { return nil }
                let cell = (0 ..< rng.below(5)).map { _ in cellPieces[rng.below(cellPieces.count)] }.joined()
                return columns == 1 && !cell.isEmpty && cell.allSatisfy({ $0 == " " }) ? cell + "a" : cell
            }
        }
        return (header, rows)
    }

    /// Writes a table as RFC 4180 CSV: `nil` → empty cell, `""` → `\"\"`,
    /// cells with separators, quotes or line breaks quoted.
    static func writeCSV(_ table: (header: [String], rows: [[String?]]), separator: Character, lineBreak: String,
                         finalLineBreak: Bool, byteOrderMark: Bool) -> String {
        func cell(_ value: String?) -> String {
            guard let value else { return "" }
            let needsQuotes = value.isEmpty || value.unicodeScalars.contains { "\"\r\n".unicodeScalars.contains($0) }
                || value.contains(separator)
            guard needsQuotes else { return value }
            var quoted = "\""
            for scalar in value.unicodeScalars {
                quoted.unicodeScalars.append(scalar)
                if scalar == "\"" { quoted.unicodeScalars.append(scalar) }
            }
            return quoted + "\""
        }
        let lines = [table.header.map(cell)] + table.rows.map { $0.map(cell) }
        var text = (byteOrderMark ? "\u{FEFF}" : "") + lines.map { $0.joined(separator: String(separator)) }.joined(separator: lineBreak)
        if finalLineBreak { text += lineBreak }
        return text
    }
}

@Suite struct InputFuzzTests {
    static let iterations = 3000

    static let jsonSeeds: [String] = [
        #"{"navn": "Åse Ørum", "skole": "Østervangsskolen", "alder": 15, "køn": null}"#,
        #"[1, -3, 1e3, 2.5, 12345678901234567890, true, false, null, "\u00e6\uD83D\uDE00\n\"\\"]"#,
        #"{"a": {"b": [{"c": [[], {}]}], "d": "\/"}, "e": [0.5e-3, -0]}"#,
        "\u{FEFF}  [\"æøå\", {\"x\": \"y\"}]\r\n",
    ]

    static let csvSeeds: [String] = [
        "navn;skole;alder\r\nÅse;Østervangsskolen;15\r\nBo;;7\r\n",
        "id,note\n1,\"he said \"\"hej\"\", ok\nline2\"\n2,\"\"\n3,plain\n",
        "\u{FEFF}a;b\n\n\"x;y\";\"z\"\n;\n",
    ]

    @Test func jsonParserSurvivesMutations() {
        var rng = InputFuzz.SplitMix64(seed: 0x4A53_4F4E)
        let seeds = Self.jsonSeeds.map { Array($0.utf8) }
        var parsed = 0, failed = 0, badErrors = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0 ..< Self.iterations {
                let input = InputFuzz.mutate(seeds[rng.below(seeds.count)], using: &rng)
                do throws(JSONError) {
                    _ = try JSONParser.parse(input)
                    parsed += 1
                } catch {
                    failed += 1
                    let sane = !error.message.isEmpty && (0 ... input.count).contains(error.offset)
                        && error.line >= 1 && error.column >= 1
                    if !sane { badErrors += 1 }
                }
            }
        }
        #expect(parsed + failed == Self.iterations)
        #expect(failed > 0)
        #expect(badErrors == 0)
        #expect(elapsed < .seconds(10))
    }

    @Test func csvReaderSurvivesMutationsAndAlwaysTerminates() {
        var rng = InputFuzz.SplitMix64(seed: 0x4353_56)
        let seeds = Self.csvSeeds.map { Array($0.utf8) }
        var headerErrors = 0, records = 0, recordErrors = 0, problems = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0 ..< Self.iterations {
                let input = InputFuzz.mutate(seeds[rng.below(seeds.count)], using: &rng)
                guard var reader = try? CSVReader(bytes: input) else {
                    headerErrors += 1
                    continue
                }
                var calls = 0
                var lastLine = 0
                var finished = false
                while calls <= input.count + 1 {  // every call consumes at least one byte
                    calls += 1
                    do throws(CSVError) {
                        guard let record = try reader.nextRecord() else {
                            finished = true
                            break
                        }
                        records += 1
                        if record.fields.count != reader.header.count || record.line <= lastLine { problems += 1 }
                        lastLine = record.line
                    } catch {
                        recordErrors += 1
                        if error.message.isEmpty || !(0 ... input.count).contains(error.offset)
                            || error.line < error.recordLine || error.column < 1 { problems += 1 }
                        lastLine = error.recordLine
                    }
                }
                if !finished { problems += 1 }
            }
        }
        #expect(problems == 0)
        #expect(headerErrors > 0)
        #expect(recordErrors > 0)
        #expect(records > 0)
        #expect(elapsed < .seconds(10))
    }

    @Test func csvRoundTripsRandomTables() throws {
        var rng = InputFuzz.SplitMix64(seed: 0x5254)
        var mismatches = 0, totalRows = 0
        for _ in 0 ..< 500 {
            let table = InputFuzz.randomTable(using: &rng)
            let separator: Character = table.header.count > 1 && rng.below(2) == 0 ? "," : ";"
            let lineBreak = rng.below(2) == 0 ? "\n" : "\r\n"
            let text = InputFuzz.writeCSV(table, separator: separator, lineBreak: lineBreak,
                                          finalLineBreak: rng.below(2) == 0, byteOrderMark: rng.below(4) == 0)
            var reader = try CSVReader(text: text)
            var rows: [[String?]] = []
            var lines: [Int] = []
            totalRows += table.rows.count
            while let record = try reader.nextRecord() {
                rows.append(record.fields)
                lines.append(record.line)
            }
            // Expected start lines: 2, then one more per line feed in the previous row.
            var expectedLines: [Int] = []
            var line = 2
            for row in table.rows {
                expectedLines.append(line)
                line += 1 + row.reduce(0) { $0 + ($1 ?? "").utf8.filter { $0 == 0x0A }.count }
            }
            if reader.header != table.header || rows != table.rows || lines != expectedLines
                || reader.separator != UInt8(ascii: separator == "," ? "," : ";") { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(totalRows > 1000)
    }

    @Test func lineSplitterSurvivesMutations() {
        var rng = InputFuzz.SplitMix64(seed: 0x4C49_4E45)
        let seeds = (Self.jsonSeeds + Self.csvSeeds).map { Array($0.utf8) }
        var problems = 0
        for _ in 0 ..< Self.iterations {
            let input = InputFuzz.mutate(seeds[rng.below(seeds.count)], using: &rng)
            let newlines = input.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            var previousLine = 0, previousEnd = 0
            for (lineNumber, range) in LineSplitter(input) {
                let valid = lineNumber > previousLine && lineNumber <= newlines + 1
                    && range.lowerBound >= previousEnd && range.upperBound <= input.count && !range.isEmpty
                    && !input[range].contains(0x0A)
                if !valid { problems += 1 }
                previousLine = lineNumber
                previousEnd = range.upperBound
            }
        }
        #expect(problems == 0)
    }

    @Test func jsonParserSurvivesRandomBytes() {
        var rng = InputFuzz.SplitMix64(seed: 7)
        let alphabet: [UInt8] = Array(#"{}[]",:\-0123456789.eEtrufalsn "#.utf8) + [0xFF, 0xC3, 0xA6, 0x0A]
        var outcomes = 0
        for _ in 0 ..< Self.iterations {
            let input = (0 ..< rng.below(40)).map { _ in alphabet[rng.below(alphabet.count)] }
            do {
                _ = try JSONParser.parse(input)
            } catch {
                #expect(error.offset <= input.count)
            }
            outcomes += 1
        }
        #expect(outcomes == Self.iterations)
    }
}
