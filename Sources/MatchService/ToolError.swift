import RulesDSL

/// Every failure the tool reports to a person, whatever command or front end
/// met it: a stable code, a message, where it is (when it is in a file), and
/// the command whose help to point at. `ToolErrorRenderer` shows it (text or
/// JSON) and `Code.exitStatus` turns it into an exit status, each in one
/// place. The rule files' own mistakes stay `Diagnostic`s (with source line
/// and caret); a `rules.invalid` error carries them.
///
/// README.md ("Errors") lists every code; a test keeps that table true.
public struct ToolError: Error, Sendable {
    /// What went wrong, as a stable string (`usage.unknown-option`): for
    /// scripts, logs and a server's responses. Never rename one.
    public enum Code: String, CaseIterable, Sendable {
        // Bad usage: the command line itself is wrong (exit status 2).
        /// `matchctl` with no command: the list of commands is shown.
        case usageMissingCommand = "usage.missing-command"
        /// No such command (the closest one is suggested).
        case usageUnknownCommand = "usage.unknown-command"
        /// The command has no such option (the closest one is suggested).
        case usageUnknownOption = "usage.unknown-option"
        /// An option that takes a value came last.
        case usageMissingValue = "usage.missing-value"
        /// An option that takes no value was given one (`--all=yes`).
        case usageUnexpectedValue = "usage.unexpected-value"
        /// An option that may be given once was given twice.
        case usageRepeatedOption = "usage.repeated-option"
        /// A value outside what the option allows (a date, a number, a choice).
        case usageBadValue = "usage.bad-value"
        /// Options that do not go together (`--human` without `--format summary`).
        case usageConflictingOptions = "usage.conflicting-options"
        /// A required option or argument is absent (`--profile`, the offer).
        case usageMissingArgument = "usage.missing-argument"
        /// An argument the command does not take.
        case usageUnexpectedArgument = "usage.unexpected-argument"
        /// An offer id the rules do not have.
        case offerUnknown = "offer.unknown"
        /// A member id the case does not have (`explain --member`).
        case memberUnknown = "member.unknown"

        // Bad usage: a path or input that cannot be read (exit status 2).
        /// A rules path that does not exist.
        case inputNotFound = "input.not-found"
        /// A profile, caseload or rule file that cannot be read (or is a folder).
        case inputUnreadable = "input.unreadable"
        /// A folder of rules without a single `.rules` file.
        case inputNoRules = "input.no-rules"
        /// A symbolic link in a folder of rules that leads out of it (links
        /// are followed only inside the folder).
        case inputOutsideRules = "input.outside-rules"

        // An output that cannot be written (exit status 2).
        /// Writing standard output failed (a full disk, a file size limit, a
        /// closed descriptor, a pipe whose reader has gone): the output is
        /// incomplete.
        case outputUnwritable = "output.unwritable"

        // Errors found (exit status 1).
        /// The rule files have errors (their diagnostics come with it).
        case rulesInvalid = "rules.invalid"
        /// `check --warnings-as-errors` found warnings.
        case rulesWarnings = "rules.warnings"
        /// A profile (or a line or the header of a caseload) does not fit the schema.
        case profileInvalid = "profile.invalid"
        /// A test in the rule files failed.
        case testFailed = "test.failed"
        /// `test --min-coverage`: coverage is below the minimum.
        case testCoverageLow = "test.coverage-low"
        /// `test --mutate`: a bound can move without any test failing.
        case testBoundsNotPinned = "test.bounds-not-pinned"
        /// `screen` skipped bad lines (each one is its own `profile.invalid`).
        case screenLinesSkipped = "screen.lines-skipped"
        /// `screen --max-errors` reached: the rest of the input was not screened.
        case screenStopped = "screen.stopped"
        /// A warning: CSV columns that name no fact were ignored (`--strict-columns` makes it `profile.invalid`).
        case screenColumnsIgnored = "screen.columns-ignored"

        /// The one mapping from failures to exit statuses, the same for every
        /// command: 1 errors found, 2 bad usage or an input or output the
        /// tool cannot use (success is 0). An output that cannot be written
        /// is 2, not 1, so that a script that accepts `screen`'s 1 (some
        /// lines skipped) never takes an incomplete output for a result.
        public var exitStatus: Int32 {
            switch self {
            case .usageMissingCommand, .usageUnknownCommand, .usageUnknownOption, .usageMissingValue,
                 .usageUnexpectedValue, .usageRepeatedOption, .usageBadValue, .usageConflictingOptions,
                 .usageMissingArgument, .usageUnexpectedArgument, .offerUnknown, .memberUnknown,
                 .inputNotFound, .inputUnreadable, .inputNoRules, .inputOutsideRules, .outputUnwritable:
                return 2
            case .rulesInvalid, .rulesWarnings, .profileInvalid, .testFailed, .testCoverageLow,
                 .testBoundsNotPinned, .screenLinesSkipped, .screenStopped:
                return 1
            case .screenColumnsIgnored:
                return 0  // a warning: it never sets the exit status
            }
        }

        /// Raised by the command line's own parsing (not by the service).
        public var isUsage: Bool { rawValue.hasPrefix("usage.") }

        /// The text form ends with where the help is: bad usage and an input
        /// the tool cannot use, but not an output (no option would help).
        public var pointsAtHelp: Bool { exitStatus == 2 && self != .outputUnwritable }
    }

    /// Where in an input the error is: a line, and a column when known.
    public struct Location: Sendable, Equatable {
        /// The input as the error names it: a path, `<stdin>`.
        public package(set) var file: String
        /// The line, from 1.
        public package(set) var line: Int
        /// The column, from 1, in Unicode scalars.
        public package(set) var column: Int?

        package init(file: String, line: Int, column: Int? = nil) {
            self.file = file
            self.line = line
            self.column = column
        }
    }

    /// How the text form shows the error.
    public enum Form: Sendable, Equatable {
        /// `file:line:col: error: …`, else `matchctl: error: …`.
        case error
        /// `matchctl: …`: a count of errors already shown one by one.
        case remark
        /// `file:line: warning: …`: worth knowing, not a failure.
        case warning
        /// Nothing: the command's own output already says it (a test report,
        /// `check`'s diagnostics, the usage text). JSON still gives it.
        case reported
    }

    /// What went wrong, for programs; it decides the exit status.
    public package(set) var code: Code
    /// What went wrong, for people, without the `error:` prefix.
    public package(set) var message: String
    /// Where in an input the error is, when it is in one.
    public package(set) var location: Location?
    /// Further lines, after the message.
    public package(set) var notes: [String]
    /// The command whose `--help` a bad-usage error points at; nil points at
    /// the list of commands.
    public package(set) var command: String?
    /// How the text form shows the error.
    public package(set) var form: Form
    /// For `rules.invalid`: the rule files' errors, shown (as `check` shows
    /// them) before the message.
    public package(set) var diagnostics: [Diagnostic]
    /// The rule files the `diagnostics` point into.
    public package(set) var sources: SourceManager?

    package init(_ code: Code, _ message: String, at location: Location? = nil, notes: [String] = [],
                command: String? = nil, form: Form = .error, diagnostics: [Diagnostic] = [], sources: SourceManager? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.notes = notes
        self.command = command
        self.form = form
        self.diagnostics = diagnostics
        self.sources = sources
    }

    /// The exit status the code gives: 1 errors found, 2 bad usage.
    public var exitStatus: Int32 { code.exitStatus }

    /// `output.unwritable`: `cannot write OUTPUT: REASON`, where `output`
    /// names it (`standard output`) and `reason` is the system's wording
    /// of the failure (`No space left on device`).
    package static func unwritable(_ output: String, reason: String) -> ToolError {
        ToolError(.outputUnwritable, "cannot write \(output): \(reason)")
    }
}
