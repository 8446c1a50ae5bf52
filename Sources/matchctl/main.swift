import Foundation
import MatchService
import RulesDSL

// matchctl: the command-line tool. Every command returns on success or
// throws a ToolError; here, in one place, the error is shown and its code
// becomes the exit status.

func mainUsage() -> String {
    var s = """
    matchctl \(Tool.version): eligibility and program matching for integration offers

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
    switch first {
    case "-h", "--help", "help":
        try Terminal.write(rest.first.flatMap(command(named:))?.help() ?? mainUsage())
    case "--version", "version":
        try Terminal.write("matchctl \(Tool.version)\n")
    default:
        guard let c = command(named: first) else {
            var msg = "unknown command '\(first)'"
            if let s = Suggest.closest(to: first, in: commands.map(\.name)) { msg += "; did you mean '\(s)'?" }
            throw ToolError(.usageUnknownCommand, msg)
        }
        do {
            try c.run(rest)
        } catch {
            // The service's errors do not know the command that met them;
            // the command line's own errors name their command (or none).
            var e = error
            if e.command == nil, !e.code.isUsage { e.command = c.name }
            throw e
        }
    }
}

func run(_ argv: [String]) -> Int32 {
    do {
        try dispatch(argv)
        return 0
    } catch {
        Terminal.error(ToolErrorRenderer(color: Terminal.useColor(2)).text(error))
        return error.exitStatus
    }
}

Terminal.reportWriteFailures()
exit(run(Array(CommandLine.arguments.dropFirst())))
