import RulesDSL

/// A command-line mistake: printed as `matchctl: error: …`, exit status 2.
struct UsageError: Error {
    var message: String
    var command: String?
}

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
func parseArguments(_ args: [String], specs: [OptionSpec], command: String) throws(UsageError) -> ParsedArguments {
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
            throw UsageError(message: msg, command: command)
        }
        if let v = spec.value {
            let value: String
            if let inline { value = inline } else {
                guard i < args.count else { throw UsageError(message: "option '\(name)' needs a value (\(v))", command: command) }
                value = args[i]
                i += 1
            }
            if !spec.repeatable, out.values[name] != nil {
                throw UsageError(message: "option '\(name)' is given twice", command: command)
            }
            out.values[name, default: []].append(value)
        } else {
            if inline != nil { throw UsageError(message: "option '\(name)' takes no value", command: command) }
            out.values[name] = []
        }
    }
    return out
}

/// Parses `--date` (default: today's date in the local time zone).
func parseDate(_ text: String?, option: String = "--date") throws(UsageError) -> Day {
    guard let text else { return Clock.today() }
    guard let d = Day(text) else {
        throw UsageError(message: "\(option) must be a date written YYYY-MM-DD, not '\(text)'")
    }
    return d
}

/// Checks an option's value against its allowed values.
func choice(_ value: String?, option: String, allowed: [String], default def: String) throws(UsageError) -> String {
    guard let value else { return def }
    guard allowed.contains(value) else {
        var msg = "\(option) must be one of \(allowed.joined(separator: ", ")), not '\(value)'"
        if let s = Suggest.closest(to: value, in: allowed) { msg += "; did you mean '\(s)'?" }
        throw UsageError(message: msg)
    }
    return value
}
