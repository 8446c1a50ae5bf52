import Foundation
import Testing

/// Runs the built `matchctl` and captures what it prints.
struct Run {
    var status: Int32
    var stdout: String
    var stderr: String
}

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func matchctlPath() -> String {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent(), dir.deletingLastPathComponent().deletingLastPathComponent()] {
        let p = candidate.appendingPathComponent("matchctl").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return repoRoot + "/.build/debug/matchctl"
}

/// Runs matchctl (in `directory`, by default the repository); with
/// `stdoutTo`, its standard output is that file (`/dev/full`) instead of a
/// pipe.
func matchctl(_ args: [String], stdin: String? = nil, env: [String: String] = [:], stdoutTo: String? = nil,
              in directory: String = repoRoot) throws -> Run {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: matchctlPath())
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment.removeValue(forKey: "MATCHCTL_RULES")
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe(), input = Pipe()
    let file = try stdoutTo.map { path in try #require(FileHandle(forWritingAtPath: path)) }
    p.standardOutput = file ?? out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    try file?.close()
    let o = file == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

@Suite(.serialized) struct UsageTests {
    @Test func helpListsEveryCommand() throws {
        let r = try matchctl(["--help"])
        #expect(r.status == 0)
        for c in ["match", "explain", "offers", "check", "test"] { #expect(r.stdout.contains("  \(c) ")) }
    }

    @Test(arguments: ["check", "match", "explain", "offers", "test"])
    func everyCommandHasHelp(command: String) throws {
        let r = try matchctl([command, "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("USAGE: matchctl \(command)"))
        #expect(r.stdout.contains("EXIT STATUS"))
    }

    @Test(arguments: [
        (["chek"], "matchctl: error: unknown command 'chek'; did you mean 'check'?\nRun 'matchctl --help' for the commands.\n"),
        (["check", "--frmat", "json"], "matchctl: error: unknown option '--frmat' for 'check'; did you mean '--format'?\nRun 'matchctl check --help' for its options.\n"),
        (["check", "--format", "xml"], "matchctl: error: --format must be one of text, json, not 'xml'\nRun 'matchctl --help' for the commands.\n"),
        (["check", "--date", "2021-02-30"], "matchctl: error: --date must be a date written YYYY-MM-DD, not '2021-02-30'\nRun 'matchctl --help' for the commands.\n"),
        (["check", "/no/such/rules"], "matchctl: error: no such file or folder: /no/such/rules\nRun 'matchctl check --help' for its options.\n"),
        (["match"], "matchctl: error: missing --profile FILE (use '-' for standard input)\nRun 'matchctl match --help' for its options.\n"),
        (["check", "--date"], "matchctl: error: option '--date' needs a value (YYYY-MM-DD)\nRun 'matchctl check --help' for its options.\n"),
        (["screen", "-", "--max-line-bytes", "0"], "matchctl: error: --max-line-bytes must be a whole number of bytes from 1 to 1073741824, not '0'\nRun 'matchctl screen --help' for its options.\n"),
    ])
    func usageErrorsExitWithTwo(args: [String], message: String) throws {
        let r = try matchctl(args)
        #expect(r.status == 2)
        #expect(r.stderr == message)
        #expect(r.stdout.isEmpty)
    }
}

@Suite(.serialized) struct CheckCommandTests {
    @Test func cleanRuleSetPasses() throws {
        let r = try matchctl(["check", fixtures + "/good", "--date", "2021-06-01"])
        #expect(r.status == 0)
        #expect(r.stdout == "2 files, 1 offer, 1 test: 0 errors, 0 warnings\n")
    }

    @Test func reviewWarningCountsOnlyWithWarningsAsErrors() throws {
        let r = try matchctl(["check", fixtures + "/good", "--date", "2023-01-01"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("warning: offer 'fritidspas_roskilde' was due for review on 2022-12-31, which has passed (as of 2023-01-01)"))
        let strict = try matchctl(["check", fixtures + "/good", "--date", "2023-01-01", "--warnings-as-errors"])
        #expect(strict.status == 1)
    }

    @Test func errorsAreRenderedLikeACompiler() throws {
        let r = try matchctl(["check", fixtures + "/bad", "--date", "2021-06-01"])
        #expect(r.status == 1)
        let file = fixtures + "/bad/fejl.rules"
        #expect(r.stdout == """
        \(file):9:9: error: unknown fact 'in_asociation'
            not in_asociation
                ^~~~~~~~~~~~~
        \(file):9:9: note: did you mean 'in_association'?
        1 file, 1 offer, 0 tests: 1 error, 0 warnings

        """)
    }

    @Test func jsonFormatGivesOneObjectPerDiagnostic() throws {
        let r = try matchctl(["check", fixtures + "/bad", "--format", "json", "--date", "2021-06-01"])
        #expect(r.status == 1)
        let file = fixtures + "/bad/fejl.rules"
        #expect(r.stdout == #"{"file":"\#(file)","line":9,"column":9,"end":{"line":9,"column":22},"severity":"error","code":"unknown-name","message":"unknown fact 'in_asociation'","notes":[],"fixits":[{"message":"did you mean 'in_association'?","line":9,"column":9,"end":{"line":9,"column":22},"replacement":"in_association"}]}"# + "\n")
    }
}

@Suite(.serialized) struct MatchCommandTests {
    let rules = fixtures + "/good"

    @Test func badProfileGivesAClearErrorAndNothingOnStdout() throws {
        let r = try matchctl(["match", "--rules", rules, "--profile", "-", "--date", "2021-06-01"],
                             stdin: "{\n  \"municipality\": \"roskilde\",\n  \"in_asociation\": false\n}")
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "<stdin>:3:3: error: unknown fact 'in_asociation'; did you mean 'in_association'?\n")
    }

    /// An unreadable path is bad usage (2), as README says and as `screen`
    /// and `check` treat theirs, not an error found in the profile (1).
    @Test(arguments: ["match", "explain", "bench"])
    func missingProfileFileIsBadUsage(command: String) throws {
        let args = [command] + (command == "explain" ? ["fritidspas_roskilde"] : []) + ["--rules", rules, "--profile", "/no/such.json"]
        let r = try matchctl(args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "matchctl: error: cannot read profile '/no/such.json': no such file or not readable\nRun 'matchctl \(command) --help' for its options.\n")
    }

    @Test func rulesComeFromTheEnvironmentWhenNotGiven() throws {
        let r = try matchctl(["match", "--profile", "-", "--date", "2021-06-01", "--format", "json"],
                             stdin: #"{"id": "T-1", "municipality": "roskilde"}"#, env: ["MATCHCTL_RULES": rules])
        #expect(r.status == 0)
        #expect(r.stdout.contains(#""offer":"fritidspas_roskilde""#))
    }

    @Test func jsonOutputIsOneStableObject() throws {
        let r = try matchctl(["match", "--rules", rules, "--profile", "-", "--date", "2021-06-01", "--format", "json"],
                             stdin: #"{"id": "T-2", "municipality": "roskilde", "birth_date": "2011-03-04"}"#)
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["date"] as? String == "2021-06-01")
        #expect(obj["profile"] as? String == "T-2")
        #expect((obj["rules_version"] as? String)?.hasPrefix("sha256:") == true)
        #expect(obj["matchctl_version"] as? String != nil)
        let results = try #require(obj["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let first = results[0]
        #expect(first["offer"] as? String == "fritidspas_roskilde")
        #expect(first["name"] as? String == "Fritidspas")
        #expect(first["municipality"] as? String == "roskilde")
        #expect(first["status"] as? String == "undetermined")
        let missing = try #require(first["missing"] as? [[String: Any]])
        #expect(missing.map { $0["name"] as? String } == ["in_association"])
        let questions = try #require(obj["questions"] as? [[String: Any]])
        #expect(questions.first?["question"] as? String == "Er borgeren aktivt medlem af en forening?")
        #expect(questions.first?["settles"] as? Int == 1)
    }

    @Test func textOutputInDanishAndEnglish() throws {
        let profile = #"{"id": "T-3", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}"#
        let da = try matchctl(["match", "--rules", rules, "--profile", "-", "--date", "2021-06-01"], stdin: profile)
        #expect(da.status == 0)
        #expect(da.stdout == """
        Borger T-3 – vurderet pr. 2021-06-01

        KAN TILBYDES (1)
          ✓ Fritidspas [fritidspas_roskilde]
              Berettiget fra 2021-01-01 til og med 2029-03-03
              Fordi: Alder 6–17 år (alder: 10); ikke Foreningsaktiv
              Kilde: 003_adc290ec766f27de.txt, Mål 6 – Fritidspas

        AFHÆNGER AF OPLYSNINGER ELLER VURDERINGER (0)
          (ingen)

        0 tilbud kan ikke tilbydes (vis dem med --all).

        """)
        let en = try matchctl(["match", "--rules", rules, "--profile", "-", "--date", "2021-06-01", "--lang", "en"], stdin: profile)
        #expect(en.stdout.contains("CAN BE OFFERED (1)"))
        #expect(en.stdout.contains("Because: Age 6–17 years (age: 10); not In an association"))
    }

    @Test func allShowsTheIneligibleWithTheirReason() throws {
        let r = try matchctl(["match", "--rules", rules, "--profile", "-", "--date", "2021-06-01", "--all"],
                             stdin: #"{"municipality": "hilleroed"}"#)
        #expect(r.stdout.contains("KAN IKKE TILBYDES (1)"))
        #expect(r.stdout.contains("Fordi ikke: Bopælskommune: Roskilde (bopælskommune: Hillerød)"))
    }

    @Test func explainShowsTheTree() throws {
        let r = try matchctl(["explain", "fritidspas_roskilde", "--rules", rules, "--profile", "-", "--date", "2021-06-01"],
                             stdin: #"{"municipality": "roskilde", "birth_date": "2011-03-04"}"#)
        #expect(r.status == 0)
        #expect(r.stdout.contains("Afgørelse pr. 2021-06-01: uafklaret"))
        #expect(r.stdout.contains("“målrettet ikke-foreningsaktive børn og unge i alderen 6-17 år”"))
        #expect(r.stdout.contains("? ikke Foreningsaktiv  [Foreningsaktiv: ukendt]"))
        #expect(r.stdout.contains("Mangler: Foreningsaktiv (in_association)"))
    }

    @Test func explainUnknownOffer() throws {
        let r = try matchctl(["explain", "fritidspas_roskile", "--rules", rules, "--profile", "-"], stdin: "{}")
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("matchctl: error: unknown offer 'fritidspas_roskile'; did you mean 'fritidspas_roskilde'?"))
    }

    @Test func offersCatalogueAsJSON() throws {
        let r = try matchctl(["offers", "--rules", rules, "--format", "json"])
        #expect(r.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["offer"] as? String } == ["fritidspas_roskilde"])
        let sources = try #require(list[0]["sources"] as? [[String: Any]])
        #expect(sources.first?["file"] as? String == "003_adc290ec766f27de.txt")
    }

    @Test func ruleTestsRun() throws {
        let r = try matchctl(["test", rules])
        #expect(r.status == 0)
        #expect(r.stdout == "1 tests, 1 expectations: 1 passed, 0 failed\n")
    }
}

@Suite(.serialized) struct ScreenCommandTests {
    let rules = fixtures + "/good"
    let caseload = """
    {"id": "A1", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}
    {"id": "A2", "municipality": "roskilde", "birth_date": "2011-03-04"}

    {"id": "A3", "municipality": "roskilde", "birth_date": "2011-13-04"}
    {"id": "A4", "municipality": "hilleroed", "in_asociation": true}
    {"id": "A5", "municipality": "hilleroed"}

    """

    @Test func jsonLinesInInputOrderWithErrorsOnStderr() throws {
        let r = try matchctl(["screen", "-", "--rules", rules, "--date", "2021-06-01", "--format", "jsonl", "--jobs", "2"], stdin: caseload)
        #expect(r.status == 1)
        #expect(r.stdout == """
        {"id":"A1","eligible":["fritidspas_roskilde"],"undetermined":[]}
        {"id":"A2","eligible":[],"undetermined":["fritidspas_roskilde"]}
        {"id":"A3","line":4,"error":"'birth_date' must be a date written YYYY-MM-DD, but \\"2011-13-04\\" is not a calendar date"}
        {"id":"A4","line":5,"error":"unknown fact 'in_asociation'; did you mean 'in_association'?"}
        {"id":"A5","eligible":[],"undetermined":[]}

        """)
        #expect(r.stderr == """
        <stdin>:4: error: 'birth_date' must be a date written YYYY-MM-DD, but "2011-13-04" is not a calendar date
        <stdin>:5: error: unknown fact 'in_asociation'; did you mean 'in_association'?
        matchctl: 2 lines skipped, 3 profiles screened

        """)
    }

    @Test func summaryCountsEveryStatusAndTheSkipped() throws {
        let r = try matchctl(["screen", "-", "--rules", rules, "--date", "2021-06-01"], stdin: caseload)
        #expect(r.status == 1)
        #expect(r.stdout == #"{"date":"2021-06-01","profiles":3,"skipped":2,"eligible":{"fritidspas_roskilde":1},"offers":{"fritidspas_roskilde":{"eligible":1,"undetermined":1,"ineligible":1}}}"# + "\n")
        let human = try matchctl(["screen", "-", "--rules", rules, "--date", "2021-06-01", "--human"], stdin: caseload)
        #expect(human.stdout.hasSuffix("3 profiles screened, 2 skipped\n"))
    }

    @Test func maxErrorsStopsEarly() throws {
        let r = try matchctl(["screen", "-", "--rules", rules, "--date", "2021-06-01", "--max-errors", "1", "--format", "jsonl"], stdin: caseload)
        #expect(r.status == 1)
        #expect(r.stderr.contains("matchctl: stopped after 1 bad line (--max-errors)"))
        #expect(!r.stderr.contains(":5:"))
    }

    @Test func csvInputWithSemicolonsAndBOM() throws {
        let path = NSTemporaryDirectory() + "matchctl-screen-\(getpid()).csv"
        let csv = "\u{FEFF}id;municipality;birth_date;in_association\r\nC1;roskilde;2011-03-04;nej\r\n\"C;2\";roskilde;2011-03-04;\r\n"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try matchctl(["screen", path, "--rules", rules, "--date", "2021-06-01", "--format", "csv", "--status", "eligible,undetermined"])
        #expect(r.status == 0)
        #expect(r.stdout == "id,offer,status,fejl\nC1,fritidspas_roskilde,eligible,\n\"C;2\",fritidspas_roskilde,undetermined,\n")
    }

    /// An unknown CSV column is one warning and ignored (issue 13); with
    /// `--strict-columns` it stops the screen with a clear error.
    @Test func unknownCSVColumnIsAWarningOrWithStrictColumnsAnError() throws {
        let path = NSTemporaryDirectory() + "matchctl-screen-bad-\(getpid()).csv"
        try "id,municipalty\nC1,roskilde\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try matchctl(["screen", path, "--rules", rules, "--date", "2021-06-01", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stderr == "\(path):1: warning: ignored 1 column that names no fact: 'municipalty' (did you mean 'municipality'?)\n")
        let strict = try matchctl(["screen", path, "--rules", rules, "--date", "2021-06-01", "--strict-columns"])
        #expect(strict.status == 1)
        #expect(strict.stderr.hasPrefix("\(path):1: error: unknown column 'municipalty': not a fact; did you mean 'municipality'?"))
    }

    @Test func offerAndStatusFilters() throws {
        let r = try matchctl(["screen", "-", "--rules", rules, "--date", "2021-06-01", "--offer", "fritidspas_roskilde", "--status", "eligible", "--format", "csv"], stdin: caseload)
        // The skipped lines' rows whatever --status is: every line is accounted for (issue 13).
        #expect(r.stdout == "id,offer,status,fejl\nA1,fritidspas_roskilde,eligible,\n"
            + #"A3,,error,"'birth_date' must be a date written YYYY-MM-DD, but ""2011-13-04"" is not a calendar date""# + "\n"
            + #"A4,,error,"unknown fact 'in_asociation'; did you mean 'in_association'?""# + "\n")
        let bad = try matchctl(["screen", "-", "--rules", rules, "--offer", "kib"], stdin: "")
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("matchctl: error: unknown offer 'kib'"))
        let status = try matchctl(["screen", "-", "--rules", rules, "--status", "elegible"], stdin: "")
        #expect(status.status == 2)
        #expect(status.stderr.hasPrefix("matchctl: error: --status must be eligible, undetermined or ineligible, not 'elegible'; did you mean 'eligible'?"))
    }
}

@Suite(.serialized) struct TestCommandTests {
    @Test func aFailureShowsWhereWhatAndWhy() throws {
        let r = try matchctl(["test", fixtures + "/failing"])
        #expect(r.status == 1)
        let file = fixtures + "/failing/fritidspas.rules"
        #expect(r.stdout == """
        \(file):14:3: FAIL 18-årig er ikke berettiget
          expect fritidspas_roskilde
            expected: eligible
            actual:   ineligible because age, birth_date
              ✗ Age 6–17 years  [Age: 18]
              ✓ Municipality: Roskilde  [Municipality: Roskilde]
              ✓ not In an association  [In an association: no]
        1 tests, 1 expectations: 0 passed, 1 failed

        """)
    }

    @Test func coverageListsWhatNoTestExercises() throws {
        let r = try matchctl(["test", fixtures + "/good", "--coverage", "--min-coverage", "100"])
        #expect(r.status == 1)
        let file = fixtures + "/good/fritidspas_æøå.rules"
        #expect(r.stdout.contains("\(file):1:7: not covered: offer 'fritidspas_roskilde' is never ineligible in a test\n"))
        #expect(r.stdout.contains("\(file):9:5: not covered: condition 'Age 6–17 years' is never false in a test\n"))
        #expect(r.stdout.contains("\(file):9:5: not covered: condition 'Age 6–17 years' is never tested with the value 5 (below its boundary)\n"))
        #expect(r.stdout.hasSuffix("coverage: 27.3% (3 of 11 items)\ncoverage 27.3% is below the minimum of 100.0%\n"))
        let lenient = try matchctl(["test", fixtures + "/good", "--coverage", "--min-coverage", "10"])
        #expect(lenient.status == 0)
        let bad = try matchctl(["test", fixtures + "/good", "--min-coverage", "120"])
        #expect(bad.status == 2)
    }

    @Test func mutationReportsBoundsNoTestPinsDown() throws {
        let r = try matchctl(["test", fixtures + "/good", "--mutate"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("not pinned down: no test fails when the bound 17 of 'Age 6–17 years' becomes 18"))
    }
}

@Suite(.serialized) struct DetailOutputTests {
    @Test func partnerHoursAndDurationAppearInJSONDetails() throws {
        let r = try matchctl(["match", "--profile", repoRoot + "/Examples/profile-amira.json", "--date", "2021-06-01", "--format", "json", "--rules", repoRoot + "/Rules"])
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let results = try #require(obj["results"] as? [[String: Any]])
        let stv = try #require(results.first { $0["offer"] as? String == "stv_foetex" })
        let details = try #require(stv["details"] as? [String: Any])
        let partners = try #require(details["partners"] as? [[String: Any]])
        #expect(partners.first?["name"] as? String == "Føtex Roskilde")
        #expect(partners.first?["places"] as? Int == 10)
        let hours = try #require(details["hours_per_week"] as? [String: Int])
        #expect(hours == ["min": 2, "max": 6])
        let duration = try #require(details["duration"] as? [String: String])
        #expect(duration == ["length": "3 months", "extendable_to": "6 months"])
        let company = try #require(results.first { $0["offer"] as? String == "company_oriented_effort_roskilde" })
        #expect(company["deadline"] as? String == "2021-06-07")
        #expect(company["deadline_passed"] as? Bool == false)
    }
}

@Suite(.serialized) struct BenchCommandTests {
    @Test func benchTimesEveryStep() throws {
        let r = try matchctl(["bench", "--rules", fixtures + "/good", "--profile", "-", "--date", "2021-06-01", "--iterations", "20"],
                             stdin: #"{"municipality": "roskilde", "birth_date": "2011-03-04"}"#)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("matchctl: error: bench reads the profile many times: give a file, not '-'"))
        let path = NSTemporaryDirectory() + "matchctl-bench-\(getpid()).json"
        try #"{"municipality": "roskilde", "birth_date": "2011-03-04"}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ok = try matchctl(["bench", "--rules", fixtures + "/good", "--profile", path, "--date", "2021-06-01", "--iterations", "20"])
        #expect(ok.status == 0)
        for step in ["load and check the rules", "compile", "read and validate the profile", "decide all 1 offers (batch path)", "evaluate all offers with reasons"] {
            #expect(ok.stdout.contains(step))
        }
        let bad = try matchctl(["bench", "--profile", path, "--iterations", "0"])
        #expect(bad.status == 2)
    }
}
