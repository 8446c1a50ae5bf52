import Foundation
import Testing

/// Issue 13, reading from the command line: a caseload saved by Danish Excel
/// (semicolons, BOM, CRLF, Danish column labels, dates and yes/no words) is
/// screened, and a file whose name does not say its format is read by its
/// content.
@Suite struct CSVDialectCLITests {
    static func file(_ name: String, _ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "matchctl-dialect-\(getpid())-\(name)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aDanishExcelCSVIsScreened() throws {
        // As Danish Excel saves "CSV UTF-8": BOM, semicolons, CRLF.
        let text = "\u{FEFF}Sagsnummer;Bopælskommune;Fødselsdato;Foreningsaktiv\r\n"
            + "T-1;Roskilde;04-03-2011;NEJ\r\n"
            + "T-2;roskilde;4.3.2011;SAND\r\n"
            + "T-3;Roskilde;04/03/2011;\r\n"
        for name in ["excel.csv", "excel.txt"] {
            let path = try Self.file(name, text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--offer", "fritidspas_roskilde", "--status", "eligible,undetermined,ineligible"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == "id,member,offer,status,fejl\nT-1,T-1,fritidspas_roskilde,eligible,\nT-2,T-2,fritidspas_roskilde,ineligible,\nT-3,T-3,fritidspas_roskilde,undetermined,\n", "\(name)")
        }
    }

    @Test func aTwoDigitYearIsALocatedError() throws {
        let path = try Self.file("short.csv", "id;birth_date\nT-1;16-11-00\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("\(path):2: error: 'birth_date' has a two-digit year: write the year in full (16-11-1900 or …2000), as which century is meant cannot be known (not shown: personal data)\n"), "\(r.stderr)")
    }

    @Test func jsonLinesInATextFileAreReadAsJSONLines() throws {
        let path = try Self.file("lines.txt", "\n" + #"{"id": "J-1", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}"# + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--offer", "fritidspas_roskilde"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "id,member,offer,status,fejl\nJ-1,J-1,fritidspas_roskilde,eligible,\n")
        // An id written with a JSON escape is the id it stands for, as case and as member.
        let escaped = try matchctl(["screen", "-", "--date", "2021-06-01", "--format", "csv", "--offer", "fritidspas_roskilde"],
                                   stdin: #"{"id": "J\u002d2", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}"# + "\n")
        #expect(escaped.stdout == "id,member,offer,status,fejl\nJ-2,J-2,fritidspas_roskilde,eligible,\n")
    }

    /// A column from the case system that names no fact is one warning,
    /// naming it with a suggestion, and ignored; `--strict-columns` makes it
    /// an error. The warning names no option the user did not give.
    @Test func unknownColumnsAreOneWarning() throws {
        let path = try Self.file("extra.csv", "id;Bopælskommune;Fodselsdato;Kontakt;in_association\nA;Roskilde;04-03-2011;x;nej\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--offer", "fritidspas_roskilde"])
        #expect(r.status == 0)
        #expect(r.stderr == "\(path):1: warning: ignored 2 columns that name no fact: 'Fodselsdato' (did you mean 'Fødselsdato'?), 'Kontakt'\n")
        #expect(r.stdout == "id,member,offer,status,fejl\nA,A,fritidspas_roskilde,undetermined,\n")
        let strict = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--strict-columns"])
        #expect(strict.status == 1)
        #expect(strict.stderr.hasPrefix("\(path):1: error: unknown column 'Fodselsdato': not a fact; did you mean 'Fødselsdato'?\n"))
        #expect(!strict.stderr.contains("--max-errors"))
    }

    /// `--excel` writes csv as Danish Excel reads it on a double-click: a byte
    /// order mark, `;`, CRLF, Danish headers and statuses, and no cell that
    /// Excel would run as a formula. Read back as Excel would: the separator
    /// found from the header, the BOM skipped, UTF-8 kept.
    @Test func excelOutputReadsBackAsExcelWould() throws {
        let path = try Self.file("for-excel.csv", "id;Bopælskommune;Fødselsdato;Foreningsaktiv\r\n\"=HYPERLINK(\"\"x\"\")\";Roskilde;04-03-2011;nej\r\nØ-1;Roskilde;4.3.2011;\r\n@2;Roskilde;30-02-2011;ja\r\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--excel", "--offer", "fritidspas_roskilde"])
        #expect(r.status == 1)  // one bad row
        let bytes = Array(r.stdout.utf8)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.components(separatedBy: "\r\n").count == 5)      // header, three rows, the end
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        // Excel's separator detection: `;` in the header, as our reader finds it.
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines[0] == "Sagsnummer;Medlem;Tilbud;Status;Fejl")
        #expect(lines[1] == #""'=HYPERLINK(""x"")";"'=HYPERLINK(""x"")";fritidspas_roskilde;berettiget;"#)
        #expect(lines[2] == "Ø-1;Ø-1;fritidspas_roskilde;afventer;")
        #expect(lines[3].hasPrefix(#"'@2;;;fejl;"'birth_date' must be a date"#), "\(lines[3])")
        // No cell begins with a formula character.
        for line in lines.dropFirst() {
            for cell in line.split(separator: ";", omittingEmptySubsequences: false) {
                let c = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                #expect(!(c.first.map { "=+-@\t".contains($0) } ?? false), "\(line)")
            }
        }
        // `--dialect excel-da` is the same.
        let dialect = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--dialect", "excel-da", "--offer", "fritidspas_roskilde"])
        #expect(dialect.stdout == r.stdout)
        let unknown = try matchctl(["screen", path, "--format", "csv", "--dialect", "excel"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("matchctl: error: --dialect must be one of csv, excel-da, not 'excel'"), "\(unknown.stderr)")
        let bad = try matchctl(["screen", path, "--date", "2021-06-01", "--excel"])
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("matchctl: error: --excel writes csv; give it with --format csv, not --format summary\n"))
    }

    /// `--errors FILE` writes the skipped rows as they were, with a last
    /// column `fejl` holding each message, so that the analyst can fix them
    /// and screen the file again (its `fejl` column is read as nothing).
    @Test func rejectedRowsGoToAFileThatScreensAgain() throws {
        let path = try Self.file("rejects.csv", "id;Bopælskommune;Fødselsdato;Køn\nA;Roskilde;04-03-2011;kvinde\nB;Roskilde;31-02-2011;kvinde\nC;Roskilde;04-03-2011;femal\n")
        let errors = path + ".fejl.csv"
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: errors) }
        let r = try matchctl(["screen", path, "--date", "2021-06-01", "--format", "csv", "--errors", errors])
        #expect(r.status == 1)
        let written = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(written == """
        id;Bopælskommune;Fødselsdato;Køn;fejl
        B;Roskilde;31-02-2011;kvinde;"'birth_date' must be a date written YYYY-MM-DD, but the text found is not a calendar date (not shown: personal data)"
        C;Roskilde;04-03-2011;femal;"'gender' must be one of female, male, but found ""femal""; did you mean 'female'?"

        """)
        // Fixed and screened again: the two rows go through, the `fejl` column unremarked.
        let fixed = errors + ".fixed.csv"
        defer { try? FileManager.default.removeItem(atPath: fixed) }
        try written.replacingOccurrences(of: "31-02-2011", with: "28-02-2011").replacingOccurrences(of: ";femal;", with: ";kvinde;")
            .write(toFile: fixed, atomically: true, encoding: .utf8)
        let again = try matchctl(["screen", fixed, "--date", "2021-06-01", "--format", "csv", "--offer", "fritidspas_roskilde", "--status", "eligible,undetermined,ineligible"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.isEmpty)
        #expect(again.stdout.split(separator: "\n").count == 3)
        // JSON Lines: the lines as they were.
        let lines = try matchctl(["screen", "-", "--date", "2021-06-01", "--format", "csv", "--errors", errors], stdin: "{\"id\":\"A\",\"gender\":\"x\"}\n{\"id\":\"B\"}\n")
        #expect(lines.status == 1)
        #expect(try String(contentsOfFile: errors, encoding: .utf8) == "{\"id\":\"A\",\"gender\":\"x\"}\n")
        // A file that cannot be written is the usual error.
        let bad = try matchctl(["screen", "-", "--errors", "/no/such/dir/f.csv"], stdin: "")
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("matchctl: error: cannot write /no/such/dir/f.csv: No such file or directory"), "\(bad.stderr)")
    }
}
