import Foundation
import MatchService
import Matcher
import Reports
import Profiles
import Screening
import RulesDSL

/// Shared by the commands that read rules and profiles.
struct Session {
    let rules: RuleSet
    let sources: SourceManager
    let matcher: Matcher
    let today: Day

    /// `--rules DIR`, else `$MATCHCTL_RULES`, else `./Rules`.
    static func rulesPaths(_ a: ParsedArguments) -> [String] {
        if let r = a.value("--rules") { return [r] }
        if let env = ProcessInfo.processInfo.environment["MATCHCTL_RULES"], !env.isEmpty { return [env] }
        return ["Rules"]
    }

    static func open(_ a: ParsedArguments, command: String) throws(UsageError) -> Session? {
        let today = try parseDate(a.value("--date"))
        guard let (rules, sources) = try loadCheckedRules(rulesPaths(a), today: today, command: command) else { return nil }
        return Session(rules: rules, sources: sources, matcher: Matcher(rules: rules), today: today)
    }

    /// Reads and validates the profile; prints a clear error and returns nil
    /// when it does not fit the schema.
    func profile(_ path: String, command: String) throws(UsageError) -> Profile? {
        let bytes: [UInt8]
        if path == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            guard let data = FileManager.default.contents(atPath: path) else {
                Terminal.error("matchctl: error: cannot read profile '\(path)': no such file or not readable\n")
                return nil
            }
            bytes = [UInt8](data)
        }
        let name = path == "-" ? "<stdin>" : path
        do {
            return try ProfileDecoder(rules: rules).decode(bytes, today: today)
        } catch {
            let loc = SourceFile(path: name, bytes: bytes).location(of: error.offset)
            Terminal.error("\(name):\(loc.line):\(loc.column): error: \(error.message)\n")
            return nil
        }
    }
}

let ruleOptions = [
    OptionSpec(name: "--rules", value: "DIR", help: "Rule files (default: $MATCHCTL_RULES, else ./Rules)"),
    OptionSpec(name: "--date", value: "YYYY-MM-DD", help: "Evaluation date (default: today)"),
]

/// `--profile FILE`, which match and explain require.
func profilePath(_ a: ParsedArguments, command: String) throws(UsageError) -> String {
    guard let path = a.value("--profile") else {
        throw UsageError(message: "missing --profile FILE (use '-' for standard input)", command: command)
    }
    return path
}

func language(_ a: ParsedArguments) throws(UsageError) -> Language {
    Language(rawValue: try choice(a.value("--lang"), option: "--lang", allowed: ["da", "en"], default: "da"))!
}

enum MatchCommand {
    static let options = ruleOptions + [
        OptionSpec(name: "--profile", value: "FILE", help: "The citizen's profile (JSON); '-' reads standard input"),
        OptionSpec(name: "--lang", value: "da|en", help: "Language of the output (default: da)"),
        OptionSpec(name: "--format", value: "text|json", help: "text (default) or json"),
        OptionSpec(name: "--all", value: nil, help: "Also list the offers the citizen cannot get, with the reason"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl match --profile FILE [options]

        Decides every offer for one citizen: eligible offers first (soonest
        deadline first), then those that depend on missing facts or
        assessments, and the questions to ask next.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 success, 1 bad profile or rules, 2 bad usage.

        """
    }

    static func run(_ args: [String]) throws(UsageError) -> Int32 {
        let a = try parseArguments(args, specs: options, command: "match")
        if a.flag("--help") { Terminal.write(help); return 0 }
        let lang = try language(a)
        let format = try choice(a.value("--format"), option: "--format", allowed: ["text", "json"], default: "text")
        let path = try profilePath(a, command: "match")
        if let extra = a.positional.first { throw UsageError(message: "unexpected argument '\(extra)'", command: "match") }
        guard let s = try Session.open(a, command: "match"), let profile = try s.profile(path, command: "match") else { return 1 }
        let report = MatchReport(matcher: s.matcher, profile: profile, date: s.today,
                                 rulesVersion: s.sources.contentHash, toolVersion: version)
        if format == "json" {
            Terminal.write(JSONReport(rules: s.rules, language: lang).render(report) + "\n")
        } else {
            Terminal.write(TextReport(rules: s.rules, language: lang, color: Terminal.useColor(1), showIneligible: a.flag("--all")).render(report))
        }
        return 0
    }
}
