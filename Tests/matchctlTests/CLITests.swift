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

func matchctl(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Run {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: matchctlPath())
    p.arguments = args
    p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    environment.removeValue(forKey: "MATCHCTL_RULES")
    for (k, v) in env { environment[k] = v }
    p.environment = environment
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
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
