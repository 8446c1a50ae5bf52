import Foundation
import MatchService
import RulesDSL
import Testing

/// Every error code, met by running the built tool: what it prints on
/// standard error, and its exit status. A new code fails
/// `everyCodeIsMetByTheTool` until it has a case here.
@Suite(.serialized) struct ErrorCodeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var code: ToolError.Code
        var args: [String]
        var stdin: String? = nil
        /// A file for standard output (`/dev/full`) instead of a pipe.
        var stdoutTo: String? = nil
        /// Standard error, exactly.
        var stderr: String
        var testDescription: String { "\(code.rawValue): matchctl \(args.joined(separator: " "))" }
    }

    static let good = "Tests/matchctlTests/Fixtures/good"
    static let bad = "Tests/matchctlTests/Fixtures/bad"
    static let caseload = """
    {"id": "A1", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}
    {"id": "A2", "municipality": "roskilde", "birth_date": "2011-13-04"}
    {"id": "A3", "municipality": "hilleroedx"}

    """

    static let cases: [Case] = [
        Case(code: .usageUnknownCommand, args: ["chek"],
             stderr: "matchctl: error: unknown command 'chek'; did you mean 'check'?\nRun 'matchctl --help' for the commands.\n"),
        Case(code: .usageUnknownOption, args: ["match", "--frmat", "json"],
             stderr: "matchctl: error: unknown option '--frmat' for 'match'; did you mean '--format'?\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .usageMissingValue, args: ["match", "--profile"],
             stderr: "matchctl: error: option '--profile' needs a value (FILE)\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .usageUnexpectedValue, args: ["match", "--all=yes", "--profile", "-"],
             stderr: "matchctl: error: option '--all' takes no value\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .usageRepeatedOption, args: ["match", "--profile", "a.json", "--profile", "b.json"],
             stderr: "matchctl: error: option '--profile' is given twice\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .usageBadValue, args: ["match", "--profile", "-", "--lang", "de"],
             stderr: "matchctl: error: --lang must be one of da, en, not 'de'; did you mean 'da'?\nRun 'matchctl --help' for the commands.\n"),
        Case(code: .usageBadValue, args: ["screen", "-", "--jobs", "0"],
             stderr: "matchctl: error: --jobs must be a whole number from 1 to 256, not '0'\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .usageBadValue, args: ["screen", "-", "--max-errors", "x"],
             stderr: "matchctl: error: --max-errors must be a whole number of at least 1, not 'x'\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .usageBadValue, args: ["test", good, "--min-coverage", "120"],
             stderr: "matchctl: error: --min-coverage must be a percentage from 0 to 100, not '120'\nRun 'matchctl test --help' for its options.\n"),
        Case(code: .usageBadValue, args: ["offers", "--rules", good, "--municipality", "roskild"],
             stderr: "matchctl: error: --municipality must be one of roskilde, not 'roskild'; did you mean 'roskilde'?\nRun 'matchctl offers --help' for its options.\n"),
        Case(code: .usageBadValue, args: ["bench", "--profile", "-"],
             stderr: "matchctl: error: bench reads the profile many times: give a file, not '-'\nRun 'matchctl bench --help' for its options.\n"),
        Case(code: .usageConflictingOptions, args: ["screen", "-", "--human", "--format", "jsonl"],
             stderr: "matchctl: error: --human goes with --format summary\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .usageMissingArgument, args: ["explain", "--profile", "-"],
             stderr: "matchctl: error: missing the offer to explain (matchctl explain OFFER --profile FILE)\nRun 'matchctl explain --help' for its options.\n"),
        Case(code: .usageMissingArgument, args: ["screen"],
             stderr: "matchctl: error: missing the caseload to screen (a file, or '-' for standard input)\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .usageMissingArgument, args: ["bench"],
             stderr: "matchctl: error: missing --profile FILE\nRun 'matchctl bench --help' for its options.\n"),
        Case(code: .usageUnexpectedArgument, args: ["match", "--profile", "-", "extra"],
             stderr: "matchctl: error: unexpected argument 'extra'\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .usageUnexpectedArgument, args: ["explain", "a", "b", "--profile", "-"],
             stderr: "matchctl: error: explain takes one offer, not 2\nRun 'matchctl explain --help' for its options.\n"),
        Case(code: .usageUnexpectedArgument, args: ["screen", "a.jsonl", "b.jsonl"],
             stderr: "matchctl: error: screen takes one input, not 2\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .offerUnknown, args: ["explain", "fritidspas_roskile", "--rules", good, "--profile", "-"], stdin: "{}",
             stderr: "matchctl: error: unknown offer 'fritidspas_roskile'; did you mean 'fritidspas_roskilde'? ('matchctl offers' lists them)\nRun 'matchctl explain --help' for its options.\n"),
        Case(code: .screenColumnsIgnored, args: ["screen", "-", "--input-format", "csv", "--rules", good, "--date", "2021-06-01", "--format", "csv"], stdin: "id,kontakt\nA,x\n",
             stderr: "<stdin>:1: warning: ignored 1 column that names no fact: 'kontakt'\n"),
        Case(code: .memberUnknown, args: ["explain", "fritidspas_roskilde", "--member", "T-9001/child-9", "--profile", "Examples/profile-amira.json", "--date", "2021-06-01"],
             stderr: "matchctl: error: the case has no member 'T-9001/child-9'; its members are T-9001, T-9001/child-1, T-9001/child-2; did you mean 'T-9001/child-1'?\nRun 'matchctl explain --help' for its options.\n"),
        Case(code: .offerUnknown, args: ["screen", "-", "--rules", good, "--offer", "fritidspas,kib"], stdin: "",
             stderr: "matchctl: error: unknown offer 'fritidspas'\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .inputNotFound, args: ["match", "--rules", "/no/such/rules", "--profile", "-"], stdin: "{}",
             stderr: "matchctl: error: no such file or folder: /no/such/rules\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .inputNotFound, args: ["test", "/no/such/rules"],
             stderr: "matchctl: error: no such file or folder: /no/such/rules\nRun 'matchctl test --help' for its options.\n"),
        Case(code: .inputUnreadable, args: ["match", "--rules", good, "--profile", "Examples"],
             stderr: "matchctl: error: cannot read profile 'Examples': no such file or not readable\nRun 'matchctl match --help' for its options.\n"),
        Case(code: .inputUnreadable, args: ["screen", "/no/such.jsonl", "--rules", good],
             stderr: "matchctl: error: cannot open '/no/such.jsonl': No such file or directory\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .inputUnreadable, args: ["screen", "Examples", "--rules", good],
             stderr: "matchctl: error: 'Examples' is a folder, not a file\nRun 'matchctl screen --help' for its options.\n"),
        Case(code: .inputNoRules, args: ["check", "Examples"],
             stderr: "matchctl: error: no .rules files in Examples\nRun 'matchctl check --help' for its options.\n"),
        Case(code: .inputNoRules, args: ["offers", "--rules", "Examples"],
             stderr: "matchctl: error: no .rules files in Examples\nRun 'matchctl offers --help' for its options.\n"),
        // Fixtures/outside/offers.rules is a link to ../good/skema.rules.
        Case(code: .inputOutsideRules, args: ["check", "Tests/matchctlTests/Fixtures/outside"],
             stderr: "matchctl: error: 'Tests/matchctlTests/Fixtures/outside/offers.rules' is a symbolic link to '../good/skema.rules', outside 'Tests/matchctlTests/Fixtures/outside': links in a rules folder are followed only inside it\nRun 'matchctl check --help' for its options.\n"),
        // No help is pointed at: no option would help.
        Case(code: .outputUnwritable, args: ["offers", "--rules", good], stdoutTo: "/dev/full",
             stderr: "matchctl: error: cannot write standard output: No space left on device\n"),
        Case(code: .rulesInvalid, args: ["match", "--rules", bad, "--profile", "-"], stdin: "{}",
             stderr: """
             \(bad)/fejl.rules:9:9: error: unknown fact 'in_asociation'
                 not in_asociation
                     ^~~~~~~~~~~~~
             \(bad)/fejl.rules:9:9: note: did you mean 'in_association'?
             matchctl: error: the rules have 1 error; run 'matchctl check' for details

             """),
        // `check` reports the diagnostics on standard output; the error only sets the status.
        Case(code: .rulesInvalid, args: ["check", bad, "--date", "2021-06-01"], stderr: ""),
        Case(code: .rulesWarnings, args: ["check", good, "--date", "2023-01-01", "--warnings-as-errors"], stderr: ""),
        Case(code: .profileInvalid, args: ["match", "--rules", good, "--profile", "-"], stdin: #"{"municipality": "roskilde", "gender": "Female"}"#,
             stderr: "<stdin>:1:30: error: unknown fact 'gender'\n"),
        Case(code: .profileInvalid, args: ["explain", "fritidspas_roskilde", "--rules", good, "--profile", "-"], stdin: "{\n  \"birth_date\": \"2011-02-30\"\n}",
             stderr: "<stdin>:2:3: error: 'birth_date' must be a date written YYYY-MM-DD, but \"2011-02-30\" is not a calendar date\n"),
        Case(code: .profileInvalid, args: ["match", "--rules", good, "--profile", "-"], stdin: "[1]",
             stderr: "<stdin>:1:1: error: a profile must be a JSON object {\"fact\": value, …}, not a list\n"),
        // The test report on standard output says what failed.
        Case(code: .testFailed, args: ["test", "Tests/matchctlTests/Fixtures/failing"], stderr: ""),
        Case(code: .testCoverageLow, args: ["test", good, "--min-coverage", "100"], stderr: ""),
        Case(code: .testBoundsNotPinned, args: ["test", good, "--mutate"], stderr: ""),
        Case(code: .screenLinesSkipped, args: ["screen", "-", "--rules", good, "--date", "2021-06-01", "--format", "csv"], stdin: caseload,
             stderr: """
             <stdin>:2: error: 'birth_date' must be a date written YYYY-MM-DD, but "2011-13-04" is not a calendar date
             <stdin>:3: error: 'municipality' must be one of roskilde, hilleroed, but found "hilleroedx"; did you mean 'hilleroed'?
             matchctl: 2 lines skipped, 1 profile screened

             """),
        // The summary counts the skipped lines on standard output.
        Case(code: .screenLinesSkipped, args: ["screen", "-", "--rules", good, "--date", "2021-06-01"], stdin: caseload,
             stderr: """
             <stdin>:2: error: 'birth_date' must be a date written YYYY-MM-DD, but "2011-13-04" is not a calendar date
             <stdin>:3: error: 'municipality' must be one of roskilde, hilleroed, but found "hilleroedx"; did you mean 'hilleroed'?

             """),
        Case(code: .screenStopped, args: ["screen", "-", "--rules", good, "--date", "2021-06-01", "--format", "jsonl", "--max-errors", "1", "--jobs", "1"],
             stdin: "{\"id\": \"B1\"}\n{\"id\": \"B2\", \"birth_date\": \"2011-13-04\"}\n{\"id\": \"B3\"}\n",
             stderr: """
             <stdin>:2: error: 'birth_date' must be a date written YYYY-MM-DD, but "2011-13-04" is not a calendar date
             matchctl: stopped after 1 bad line (--max-errors)
             matchctl: 1 line skipped, 1 profile screened

             """),
    ]

    @Test(arguments: cases)
    func errorIsShownAndExitsWithItsStatus(_ c: Case) throws {
        let r = try matchctl(c.args, stdin: c.stdin, stdoutTo: c.stdoutTo)
        #expect(r.stderr == c.stderr)
        #expect(r.status == c.code.exitStatus)
    }

    @Test func noCommandShowsTheCommandsAndExitsWithTwo() throws {
        let r = try matchctl([])
        #expect(r.status == ToolError.Code.usageMissingCommand.exitStatus)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("matchctl \(Tool.version): eligibility and program matching"))
        for c in ["match", "explain", "offers", "screen", "check", "bench", "test"] { #expect(r.stderr.contains("\n  \(c) ")) }
    }

    @Test func everyCodeIsMetByTheTool() {
        let met = Set(Self.cases.map(\.code)).union([.usageMissingCommand])
        for code in ToolError.Code.allCases {
            #expect(met.contains(code), "no test runs into \(code.rawValue)")
        }
    }

    /// Exit status 2 is bad usage, an unreadable input and an unwritable
    /// output, for every command; 1 is an error found in what was read.
    @Test func statusFollowsTheKindOfCode() {
        for code in ToolError.Code.allCases {
            let twos = ["usage.", "input.", "offer.", "member.", "output."]
            // A warning never sets the exit status.
            let expected: Int32 = code == .screenColumnsIgnored ? 0 : (twos.contains { code.rawValue.hasPrefix($0) } ? 2 : 1)
            #expect(code.exitStatus == expected, "\(code.rawValue)")
        }
    }
}

/// README.md's table of error codes lists every code, with its exit status.
@Suite struct ErrorTableTests {
    /// `| `code` | meaning | status |` rows of the "Errors" section.
    static func readmeRows() throws -> [(code: String, meaning: String, status: String)] {
        let text = try String(contentsOfFile: repoRoot + "/README.md", encoding: .utf8)
        let section = try #require(text.components(separatedBy: "\n## Errors\n").dropFirst().first)
        let body = section.components(separatedBy: "\n## ").first ?? section
        return body.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { return nil }
            return (String(cells[1].dropFirst().dropLast()), cells[2], cells[3])
        }
    }

    @Test func everyCodeIsInTheREADMEWithItsExitStatus() throws {
        let rows = try Self.readmeRows()
        for code in ToolError.Code.allCases {
            let row = rows.first { $0.code == code.rawValue }
            #expect(row != nil, "README.md's error table has no row for \(code.rawValue)")
            #expect(row?.status == String(code.exitStatus), "README.md gives \(code.rawValue) exit status \(row?.status ?? "-")")
            #expect(row?.meaning.isEmpty == false)
        }
        let known = Set(ToolError.Code.allCases.map(\.rawValue))
        for row in rows { #expect(known.contains(row.code), "README.md lists \(row.code), which is no code") }
        #expect(rows.count == known.count, "a code is listed twice")
    }
}

/// The one renderer: text for a person, one JSON object for a server.
@Suite struct ToolErrorRendererTests {
    let renderer = ToolErrorRenderer()

    @Test func textNamesTheFileLineAndColumnWhenLocated() {
        let e = ToolError(.profileInvalid, "unknown fact 'x'", at: .init(file: "p.json", line: 3, column: 5), notes: ["the schema has no such fact"])
        #expect(renderer.text(e) == "p.json:3:5: error: unknown fact 'x'\np.json:3:5: note: the schema has no such fact\n")
        let line = ToolError(.profileInvalid, "unknown fact 'x'", at: .init(file: "c.jsonl", line: 7))
        #expect(renderer.text(line) == "c.jsonl:7: error: unknown fact 'x'\n")
    }

    @Test func badUsageEndsWithWhereHelpIs() {
        #expect(renderer.text(ToolError(.usageBadValue, "--x must be y", command: "screen")) == "matchctl: error: --x must be y\nRun 'matchctl screen --help' for its options.\n")
        #expect(renderer.text(ToolError(.usageBadValue, "--x must be y")) == "matchctl: error: --x must be y\nRun 'matchctl --help' for the commands.\n")
        #expect(renderer.text(ToolError(.rulesWarnings, "the rules have 1 warning")) == "matchctl: error: the rules have 1 warning\n")
    }

    @Test func remarksAndReportedErrors() {
        #expect(renderer.text(ToolError(.screenStopped, "stopped", notes: ["1 line skipped"], form: .remark)) == "matchctl: stopped\nmatchctl: 1 line skipped\n")
        #expect(renderer.text(ToolError(.testFailed, "1 of 2 tests failed", form: .reported)) == "")
    }

    @Test func jsonIsOneObjectWithEveryKey() {
        let e = ToolError(.profileInvalid, "'gender' must be one of female, male, but found \"Female\"",
                          at: .init(file: "<stdin>", line: 1, column: 2), command: "match")
        #expect(renderer.json(e) == #"{"code":"profile.invalid","message":"'gender' must be one of female, male, but found \"Female\"","exit_status":1,"location":{"file":"<stdin>","line":1,"column":2},"notes":[],"command":"match","diagnostics":[]}"#)
        let usage = ToolError(.usageUnknownCommand, "unknown command 'chek'", notes: ["did you mean 'check'?"], form: .reported)
        #expect(renderer.json(usage) == #"{"code":"usage.unknown-command","message":"unknown command 'chek'","exit_status":2,"location":null,"notes":["did you mean 'check'?"],"command":null,"diagnostics":[]}"#)
        let line = ToolError(.profileInvalid, "bad", at: .init(file: "c.jsonl", line: 4))
        #expect(renderer.json(line).contains(#""location":{"file":"c.jsonl","line":4,"column":null}"#))
    }

    @Test func jsonOfInvalidRulesCarriesTheirDiagnostics() throws {
        let file = SourceFile(path: "x.rules", text: "offer broken {\n")
        let e: ToolError
        do {
            _ = try RuleBook.load(files: [file], date: Day("2021-06-01")!)
            Issue.record("broken rules loaded")
            return
        } catch {
            e = error
        }
        #expect(e.code == .rulesInvalid)
        #expect(!e.diagnostics.isEmpty)
        let json = renderer.json(e)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(obj["code"] as? String == "rules.invalid")
        #expect(obj["exit_status"] as? Int == 1)
        let ds = try #require(obj["diagnostics"] as? [[String: Any]])
        #expect(ds.count == e.diagnostics.count)
        #expect(ds.first?["file"] as? String == "x.rules")
        #expect(ds.first?["severity"] as? String == "error")
        #expect(renderer.text(e).hasSuffix("matchctl: error: the rules have \(e.diagnostics.count) error\(e.diagnostics.count == 1 ? "" : "s"); run 'matchctl check' for details\n"))
    }
}
