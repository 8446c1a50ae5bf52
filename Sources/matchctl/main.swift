import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import RulesDSL

// matchctl: the command-line tool. Every command returns on success or
// throws a ToolError; here, in one place, the error is shown and its code
// becomes the exit status.

let version = Tool.version

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

func dispatch(_ argv: [String]) throws(ToolError) {
    guard let first = argv.first else {
        Terminal.error(mainUsage())
        throw ToolError(.usageMissingCommand, "missing the command", form: .reported)
    }
    let rest = Array(argv.dropFirst())
    do throws(ToolError) {
        switch first {
        case "-h", "--help", "help":
            if let c = rest.first, let h = helpText(c) { Terminal.write(h) } else { Terminal.write(mainUsage()) }
        case "--version", "version":
            Terminal.write("matchctl \(version)\n")
        case "check": try CheckCommand.run(rest)
        case "bench": try BenchCommand.run(rest)
        case "screen": try ScreenCommand.run(rest)
        case "offers": try OffersCommand.run(rest)
        case "explain": try ExplainCommand.run(rest)
        case "match": try MatchCommand.run(rest)
        case "test": try TestCommand.run(rest)
        default:
            var msg = "unknown command '\(first)'"
            if let s = Suggest.closest(to: first, in: commands.map(\.name)) { msg += "; did you mean '\(s)'?" }
            throw ToolError(.usageUnknownCommand, msg)
        }
    } catch {
        // The service's errors do not know the command that met them;
        // the command line's own errors name their command (or none).
        var e = error
        if e.command == nil, !e.code.isUsage { e.command = first }
        throw e
    }
}

func run(_ argv: [String]) -> Int32 {
    do throws(ToolError) {
        try dispatch(argv)
        return 0
    } catch {
        Terminal.error(ToolErrorRenderer(color: Terminal.useColor(2)).text(error))
        return error.exitStatus
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
