import Foundation
import Testing

/// Issue 15, finding 13, through the built tool: blank lines, a CSV's
/// leading blank line, numbers in CSV and ids.
@Suite(.serialized) struct ScreenInputTests {
    /// Lines of nothing but spaces, tabs and CRs are skipped in JSON Lines
    /// (the fast path and the strict path alike), are not errors, and count
    /// in line numbers.
    @Test func blankLinesAreSkippedAndCountedInLineNumbers() throws {
        let text = "{\"id\": \"a\", \"municipality\": \"roskilde\"}\n   \n\r\n\r\r\n \t\r \n\r"
            + "\n{\"id\": \"b\", \"gender\": \"Female\"}\n\t\n{\"id\": \"c\"}\r\n   "
        let r = try screenFile("caseload.jsonl", Array(text.utf8), ["--status", "eligible,undetermined"])
        #expect(r.stderr == "caseload.jsonl:7: error: 'gender' must be one of female, male, but found \"Female\"; did you mean 'female'?\nmatchctl: 1 line skipped, 2 profiles screened\n")
        #expect(ids(r) == ["a", "c"])
    }

    /// A CSV that starts with blank lines (or a byte order mark and blank
    /// lines) is read from its first non-blank line, the header; line
    /// numbers count the blank lines.
    @Test(arguments: ["\n", "\r\n \t\r\n", "\u{FEFF}\n\n"])
    func aCSVMayStartWithBlankLines(_ lead: String) throws {
        let text = lead + "id,municipality,school_grade\na,roskilde,3\nb,roskilde,+1\n  \nc,roskilde,01\nd,roskilde,1e0\n"
        let r = try screenFile("caseload.csv", Array(text.utf8), ["--status", "eligible,undetermined"])
        let first = lead.filter { $0 == "\n" || $0 == "\r\n" }.count + 1  // the header's line
        #expect(r.stderr == """
            caseload.csv:\(first + 2): error: 'school_grade' must be a whole number, but found the text "+1"
            caseload.csv:\(first + 4): error: 'school_grade' must be a whole number, but found the text "01"
            matchctl: 2 lines skipped, 2 profiles screened

            """, "\(r.stderr)")
        #expect(ids(r) == ["a", "d"])
    }

    /// `+1` and `01` are errors in JSON as in CSV; a number where the id goes
    /// is an error in JSON (`true` was already), and a CSV id is always text.
    @Test func numbersAgreeBetweenJSONAndCSV() throws {
        let json = try screenFile("caseload.jsonl", Array(#"""
            {"id": "a", "school_grade": +1}
            {"id": "b", "school_grade": 01}
            {"id": 12345}
            {"id": true}
            {"id": "12345", "school_grade": 1e0}

            """#.utf8), ["--status", "eligible,undetermined"])
        #expect(json.stderr == """
            caseload.jsonl:1: error: invalid JSON: expected a value, found '+'
            caseload.jsonl:2: error: invalid JSON: invalid number: leading zeros are not allowed
            caseload.jsonl:3: error: 'id' must be a text (the case reference), but found a number (not shown: personal data)
            caseload.jsonl:4: error: 'id' must be a text (the case reference), but found a yes/no value (not shown: personal data)
            matchctl: 4 lines skipped, 1 profile screened

            """, "\(json.stderr)")
        #expect(ids(json) == ["12345"])
        let numberID = try screenFile("ids.jsonl", Array(#"{"id": 102031234}"#.utf8) + [10])
        #expect(numberID.stderr.hasPrefix("ids.jsonl:1: error: 'id' must be a text (the case reference), but found a number (not shown: personal data)\n"))
        #expect(!numberID.stderr.contains("1234"))
        let csv = try screenFile("caseload.csv", Array("id;school_grade\n12345;1\n".utf8), ["--status", "eligible,undetermined"])
        #expect(csv.status == 0 && ids(csv) == ["12345"])
    }

    /// An unranged int fact (the benchmark's rules have none, so a rule set
    /// of one) reads −2^62…2^62; the engine's markers for unknown and no
    /// value, just below, are refused with the range.
    @Test func anUnrangedNumberNeverReadsAsUnknown() throws {
        let dir = NSTemporaryDirectory() + "matchctl-unranged-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            fact id: string { label da "Sagsnummer" }
            fact income: int { label da "Indkomst" }
            offer low {
              name da "Lav indkomst"
              municipality national
              source "s.txt"
              eligible when { income < 100 }
            }

            """.write(toFile: dir + "/r.rules", atomically: true, encoding: .utf8)
        let profiles = [
            #"{"id": "min", "income": -9223372036854775808}"#, #"{"id": "none", "income": -9223372036854775807}"#,
            #"{"id": "max", "income": 9223372036854775807}"#, #"{"id": "lo", "income": -4611686018427387904}"#,
            #"{"id": "hi", "income": 4611686018427387904}"#,
        ]
        let r = try matchctl(["screen", "-", "--rules", dir, "--format", "jsonl", "--status", "eligible,undetermined"],
                             stdin: profiles.joined(separator: "\n") + "\n")
        let range = "from -4611686018427387904 to 4611686018427387904"
        #expect(r.stderr == """
            <stdin>:1: error: 'income' must be \(range), but found -9223372036854775808
            <stdin>:2: error: 'income' must be \(range), but found -9223372036854775807
            <stdin>:3: error: 'income' must be \(range), but found 9223372036854775807
            matchctl: 3 lines skipped, 2 profiles screened

            """, "\(r.stderr)")
        #expect(ids(r) == ["lo", "hi"])
        #expect(errorRows(r).map { String($0.prefix { $0 != "," }) + "," + String($0.split(separator: ",")[1]) } == [#"{"id":"min","line":1"#, #"{"id":"none","line":2"#, #"{"id":"max","line":3"#])
        let match = try matchctl(["match", "--rules", dir, "--profile", "-"], stdin: profiles[0])
        #expect(match.status == 1 && match.stderr == "<stdin>:1:15: error: 'income' must be \(range), but found -9223372036854775808\n")
    }
}
