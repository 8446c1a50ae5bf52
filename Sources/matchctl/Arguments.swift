import Foundation
import MatchService
import Matcher
import Profiles
import RulesDSL

// A command-line mistake is a `ToolError` with a `usage.*` code (exit status
// 2); one that names its command points at that command's --help.

/// One option a command accepts.
struct OptionSpec {
    var name: String          // "--date"
    var value: String?        // "D" if it takes a value
    var help: String
    var repeatable = false
}

/// A command's arguments: options by name, then positional arguments.
struct ParsedArguments {
    var values: [String: [String]] = [:]
    var positional: [String] = []

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { values[name] != nil }
}

/// Splits argv against a command's options: `--name value`, `--name=value`,
/// `--` ends options. Unknown options get a suggestion.
func parseArguments(_ args: [String], specs: [OptionSpec], command: String) throws(ToolError) -> ParsedArguments {
    var out = ParsedArguments()
    var i = 0
    var onlyPositional = false
    while i < args.count {
        let a = args[i]
        i += 1
        if onlyPositional || !a.hasPrefix("-") || a == "-" {
            out.positional.append(a)
            continue
        }
        if a == "--" { onlyPositional = true; continue }
        var name = a
        var inline: String?
        if let eq = a.firstIndex(of: "=") {
            name = String(a[..<eq])
            inline = String(a[a.index(after: eq)...])
        }
        if name == "-h" { name = "--help" }
        guard let spec = specs.first(where: { $0.name == name }) else {
            var msg = "unknown option '\(name)' for '\(command)'"
            if let s = Suggest.closest(to: name, in: specs.map(\.name)) { msg += "; did you mean '\(s)'?" }
            throw ToolError(.usageUnknownOption, msg, command: command)
        }
        if let v = spec.value {
            let value: String
            if let inline { value = inline } else {
                guard i < args.count else { throw ToolError(.usageMissingValue, "option '\(name)' needs a value (\(v))", command: command) }
                value = args[i]
                i += 1
            }
            if !spec.repeatable, out.values[name] != nil {
                throw ToolError(.usageRepeatedOption, "option '\(name)' is given twice", command: command)
            }
            out.values[name, default: []].append(value)
        } else {
            if inline != nil { throw ToolError(.usageUnexpectedValue, "option '\(name)' takes no value", command: command) }
            out.values[name] = []
        }
    }
    return out
}

/// Parses `--date` (default: today's date in the local time zone).
func parseDate(_ text: String?, option: String = "--date") throws(ToolError) -> Day {
    guard let text else { return Clock.today() }
    guard let d = Day(text) else {
        throw ToolError(.usageBadValue, "\(option) must be a date written YYYY-MM-DD, not '\(text)'")
    }
    return d
}

/// Checks an option's value against its allowed values.
func choice(_ value: String?, option: String, allowed: [String], default def: String) throws(ToolError) -> String {
    guard let value else { return def }
    guard allowed.contains(value) else {
        var msg = "\(option) must be one of \(allowed.joined(separator: ", ")), not '\(value)'"
        if let s = Suggest.closest(to: value, in: allowed) { msg += "; did you mean '\(s)'?" }
        throw ToolError(.usageBadValue, msg)
    }
    return value
}

let ruleOptions = [
    OptionSpec(name: "--rules", value: "DIR", help: "Rule files (default: $MATCHCTL_RULES, else ./Rules)"),
    OptionSpec(name: "--date", value: "YYYY-MM-DD", help: "Evaluation date (default: today)"),
]

/// The rules `--rules DIR` names (else `$MATCHCTL_RULES`, else `./Rules`),
/// checked as of `date`.
func loadRules(_ a: ParsedArguments, date: Day) throws(ToolError) -> RuleBook {
    try RuleBook.load(paths: RuleBook.paths(given: a.value("--rules")), date: date)
}

/// `--profile FILE`, which match and explain require.
func profilePath(_ a: ParsedArguments, command: String) throws(ToolError) -> String {
    guard let path = a.value("--profile") else {
        throw ToolError(.usageMissingArgument, "missing --profile FILE (use '-' for standard input)", command: command)
    }
    return path
}

/// Reads and validates the profile at `path`; `-` is standard input.
func readProfile(_ path: String, _ s: RuleBook, date: Day) throws(ToolError) -> Profile {
    if path == "-" {
        return try s.profile(from: [UInt8](FileHandle.standardInput.readDataToEndOfFile()), name: "<stdin>", date: date)
    }
    return try s.profile(atPath: path, date: date)
}

func language(_ a: ParsedArguments) throws(ToolError) -> Language {
    Language(rawValue: try choice(a.value("--lang"), option: "--lang", allowed: ["da", "en"], default: "da"))!
}
