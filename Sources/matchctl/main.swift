import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import RulesDSL

// matchctl: the command-line tool. Every command returns its exit status;
// every usage error is reported here, in one place, with status 2.

let version = "0.1.0"

let commands: [(name: String, summary: String)] = [
    ("match", "Decide every offer for one citizen, with reasons and questions"),
    ("explain", "Show the whole evaluation of one offer for one citizen"),
    ("offers", "List the catalogue of offers (text, json or markdown)"),
    ("screen", "Screen a whole caseload (JSON Lines or CSV), fast"),
    ("check", "Check rule files and report errors and warnings"),
    ("bench", "Time loading, compiling and evaluating in one process"),
    ("test", "Run the tests written in the rule files, with --coverage"),
]

func mainUsage() -> String {
    var s = """
    matchctl \(version): eligibility and program matching for integration offers

    USAGE: matchctl <command> [options]

    COMMANDS:

    """
    for c in commands { s += "  " + c.name.padding(12) + c.summary + "\n" }
    s += """

    OPTIONS:
      -h, --help  Show help (also: matchctl <command> --help)
      --version   Show the version

    EXIT STATUS: 0 success, 1 errors found (in rules, profiles or tests), 2 bad usage.

    """
    return s
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

func run(_ argv: [String]) -> Int32 {
    guard let first = argv.first else {
        Terminal.error(mainUsage())
        return 2
    }
    let rest = Array(argv.dropFirst())
    do throws(UsageError) {
        switch first {
        case "-h", "--help", "help":
            if let c = rest.first, let h = helpText(c) { Terminal.write(h) } else { Terminal.write(mainUsage()) }
            return 0
        case "--version", "version":
            Terminal.write("matchctl \(version)\n")
            return 0
        case "check": return try CheckCommand.run(rest)
        case "bench": return try BenchCommand.run(rest)
        case "screen": return try ScreenCommand.run(rest)
        case "offers": return try OffersCommand.run(rest)
        case "explain": return try ExplainCommand.run(rest)
        case "match": return try MatchCommand.run(rest)
        case "test": return try TestCommand.run(rest)
        default:
            var msg = "unknown command '\(first)'"
            if let s = Suggest.closest(to: first, in: commands.map(\.name)) { msg += "; did you mean '\(s)'?" }
            throw UsageError(message: msg)
        }
    } catch {
        let e = error
        Terminal.error("matchctl: error: \(e.message)\n")
        if let c = e.command { Terminal.error("Run 'matchctl \(c) --help' for its options.\n") } else {
            Terminal.error("Run 'matchctl --help' for the commands.\n")
        }
        return 2
    }
}

func helpText(_ command: String) -> String? {
    switch command {
    case "check": return CheckCommand.help
    case "bench": return BenchCommand.help
    case "screen": return ScreenCommand.help
    case "offers": return OffersCommand.help
    case "explain": return ExplainCommand.help
    case "match": return MatchCommand.help
    case "test": return TestCommand.help
    default: return nil
    }
}

exit(run(Array(CommandLine.arguments.dropFirst())))
