import Foundation
import Testing

/// Runs the built `matchctl` on a file `name` holding `content`, in a
/// folder of its own, with its output in files (so that a long stderr cannot
/// block it), and kills it after `timeout` (so that a run that takes too
/// long fails instead of hanging the tests).
func runOnFile(_ name: String, _ content: [UInt8], _ args: [String], timeout: Duration = .seconds(60)) throws -> Run {
    let dir = NSTemporaryDirectory() + "matchctl-screen-input-\(getpid())-\(UInt32.random(in: 0 ... UInt32.max))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let out = dir + "/out", err = dir + "/err"
    _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(content))
    _ = FileManager.default.createFile(atPath: out, contents: nil)
    _ = FileManager.default.createFile(atPath: err, contents: nil)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: matchctlPath())
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    p.environment = environment
    p.standardOutput = FileHandle(forWritingAtPath: out)
    p.standardError = FileHandle(forWritingAtPath: err)
    try p.run()
    let start = ContinuousClock.now
    while p.isRunning, ContinuousClock.now - start < timeout { usleep(10_000) }
    if p.isRunning {
        p.terminate()
        Issue.record("matchctl \(args.prefix(2).joined(separator: " ")) took longer than \(timeout)")
    }
    p.waitUntilExit()
    let o = FileManager.default.contents(atPath: out) ?? Data(), e = FileManager.default.contents(atPath: err) ?? Data()
    return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// `matchctl screen` on the shipped rules, JSON Lines out (eligible offers
/// unless `args` say otherwise).
func screenFile(_ name: String, _ content: [UInt8], _ args: [String] = []) throws -> Run {
    try runOnFile(name, content, ["screen", name, "--rules", repoRoot + "/Rules", "--date", "2021-06-01", "--format", "jsonl", "--status", "eligible"] + args)
}

/// The ids on `screen`'s JSON Lines output.
/// The ids of the profiles screened (the rows of skipped lines left out: see `errorRows`).
func ids(_ r: Run) -> [String] {
    r.stdout.split(separator: "\n").filter { !$0.contains(#","error":"#) }.map { line in
        String(line.dropFirst(#"{"id":""#.count).prefix { $0 != "\"" })
    }
}

/// The rows of skipped lines in jsonl output, `{"id":…,"line":N,"error":"…"}` (issue 13).
func errorRows(_ r: Run) -> [String] { r.stdout.split(separator: "\n").map(String.init).filter { $0.contains(#","error":"#) } }

/// Issue 15, finding 11, through the built tool: `screen`'s messages go to
/// logs, and show no value of a fact the shipped schema marks personal.
@Suite(.serialized) struct ScreenPrivacyTests {
    static let good = #"{"id": "c1", "municipality": "roskilde", "birth_date": "1990-04-12"}"#

    /// The reported input: a CPR number typed into `birth_date`.
    @Test func aCPRNumberInTheBirthDateLeavesNoDigitOfItInTheLog() throws {
        let caseload = [Self.good, #"{"id": "c2", "municipality": "roskilde", "birth_date": "010203-1234"}"#].joined(separator: "\n") + "\n"
        let r = try screenFile("caseload.jsonl", Array(caseload.utf8))
        #expect(r.status == 1)
        #expect(r.stderr.hasSuffix("caseload.jsonl:2: error: 'birth_date' must be a date written YYYY-MM-DD, but the text found is not a calendar date (not shown: personal data)\nmatchctl: 1 line skipped, 1 profile screened\n"), "\(r.stderr)")
        let message = r.stderr.components(separatedBy: " error: ").dropFirst().first?.prefix { $0 != "\n" } ?? ""
        let digits = message.filter { $0.isNumber }
        #expect(digits.isEmpty, "\(message)")
        for piece in ["010203", "1234", "0102"] { #expect(!r.stderr.contains(piece)) }
        #expect(ids(r) == ["c1"])
        // The same in CSV (header `id;birth_date`).
        let csv = try screenFile("caseload.csv", Array("id;birth_date\nc2;010203-1234\n".utf8))
        #expect(csv.stderr.contains("caseload.csv:2: error: 'birth_date' must be a date written YYYY-MM-DD, but the text found is not a calendar date (not shown: personal data)\n"), "\(csv.stderr)")
        for piece in ["010203", "1234"] { #expect(!csv.stderr.contains(piece)) }
    }

    /// `match`, for one citizen in front of a caseworker, shows the value,
    /// cut short.
    @Test func matchShowsTheValueShortened() throws {
        func match(_ profile: String) throws -> Run {
            try runOnFile("p.json", Array(profile.utf8), ["match", "--profile", "p.json", "--rules", repoRoot + "/Rules", "--date", "2021-06-01"])
        }
        let r = try match(#"{"birth_date": "010203-1234"}"#)
        #expect(r.stderr == "p.json:1:2: error: 'birth_date' must be a date written YYYY-MM-DD, but \"010203-1234\" is not a calendar date\n")
        let long = try match(#"{"gender": ""# + String(repeating: "x", count: 100_000) + #""}"#)
        #expect(long.stderr == "p.json:1:2: error: 'gender' must be one of female, male, but found \"\(String(repeating: "x", count: 40))…\"\n")
    }

    /// A 10 MB value gives a message of under 200 bytes, and the run goes on.
    @Test func aTenMegabyteValueGivesAShortMessage() throws {
        let huge = String(repeating: "1", count: 10 << 20), long = String(repeating: "1", count: 1 << 20)
        for line in [#"{"id": "c2", "birth_date": ""# + huge + #""}"#, #"{"id": "c2", "gender": ""# + huge + #""}"#,
                     #"{"id": "c2", ""# + long + #"": 1}"#, #"{"id": "c2", "school": "# + long + "x}"] {
            let r = try screenFile("caseload.jsonl", Array((Self.good + "\n" + line + "\n" + Self.good.replacingOccurrences(of: "c1", with: "c3") + "\n").utf8))
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 2 && lines[0].hasPrefix("caseload.jsonl:2: error: ") && lines[0].utf8.count < 200, "\(r.stderr.prefix(300))")
            #expect(ids(r) == ["c1", "c3"])
        }
    }
}

