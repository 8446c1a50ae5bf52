import MatchService

/// One command of the tool. The table below is the only list of commands:
/// the main help, `matchctl help COMMAND`, dispatch and the suggestion for a
/// misspelt command all read it.
struct Command: Sendable {
    let name: String
    /// One line, for `matchctl --help`.
    let summary: String
    /// The command's own `--help`, built when asked (building every
    /// command's help at start-up cost some 750,000 instructions a run).
    let help: @Sendable () -> String
    /// Runs with the arguments after the command's name; returns on success
    /// and throws every failure (its code gives the exit status).
    let run: @Sendable ([String]) throws(ToolError) -> Void
}

let commands: [Command] = [
    Command(name: "match", summary: "Decide every offer for one citizen, with reasons and questions",
            help: { MatchCommand.help }, run: MatchCommand.run),
    Command(name: "explain", summary: "Show the whole evaluation of one offer for one citizen",
            help: { ExplainCommand.help }, run: ExplainCommand.run),
    Command(name: "offers", summary: "List the catalogue of offers (text, json or markdown)",
            help: { OffersCommand.help }, run: OffersCommand.run),
    Command(name: "screen", summary: "Screen a whole caseload (JSON Lines or CSV), fast",
            help: { ScreenCommand.help }, run: ScreenCommand.run),
    Command(name: "check", summary: "Check rule files and report errors and warnings",
            help: { CheckCommand.help }, run: CheckCommand.run),
    Command(name: "bench", summary: "Time loading, compiling and evaluating in one process",
            help: { BenchCommand.help }, run: BenchCommand.run),
    Command(name: "test", summary: "Run the tests written in the rule files, with --coverage",
            help: { TestCommand.help }, run: TestCommand.run),
]

func command(named name: String) -> Command? { commands.first { $0.name == name } }
