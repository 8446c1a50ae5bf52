import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import Reports
import RulesDSL

enum ScreenCommand {
    /// The input format a path says (`.csv`; `.jsonl`, `.json`, `.ndjson`),
    /// else what its content looks like (issue 13): JSON Lines when the
    /// first character that is not blank (after a byte order mark) is `{`,
    /// else CSV. Standard input, which cannot be looked at twice, is JSON
    /// Lines unless `--input-format csv` says otherwise.
    static func inputFormat(of path: String) -> String {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") { return "csv" }
        if path == "-" || [".jsonl", ".json", ".ndjson"].contains(where: { lower.hasSuffix($0) }) { return "jsonl" }
        guard let handle = FileHandle(forReadingAtPath: path) else { return "jsonl" }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)) ?? Data()
        var bytes = [UInt8](head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return "jsonl" }
        return first == 0x7B ? "jsonl" : "csv"
    }

    static let options = ruleOptions + [
        OptionSpec(name: "--offer", value: "ID", help: "Only these offers (repeat, or separate by commas)", repeatable: true),
        OptionSpec(name: "--status", value: "S", help: "Statuses to list per citizen: eligible, undetermined, ineligible (default: eligible,undetermined)", repeatable: true),
        OptionSpec(name: "--format", value: "jsonl|csv|summary", help: "jsonl: a line per citizen; csv: a row per citizen and offer; summary (default): counts"),
        OptionSpec(name: "--human", value: nil, help: "With --format summary: a table instead of JSON"),
        OptionSpec(name: "--input-format", value: "jsonl|csv", help: "Input format (default: from the file name; jsonl for stdin)"),
        OptionSpec(name: "--jobs", value: "N", help: "Parallel jobs (default: every core)"),
        OptionSpec(name: "--max-errors", value: "N", help: "Stop at the Nth bad line (in input order, whatever --jobs is)"),
        OptionSpec(name: "--max-line-bytes", value: "N", help: "Skip (and report) a line longer than N bytes (default: 1048576, 1 MiB)"),
        OptionSpec(name: "--excel", value: nil, help: "csv for Danish Excel: semicolons, a byte order mark, CRLF, Danish headers and statuses"),
        OptionSpec(name: "--dialect", value: "csv|excel-da", help: "The csv written: csv (default, for tools) or excel-da (as --excel)"),
        OptionSpec(name: "--errors", value: "FILE", help: "Write the skipped lines to FILE as they were, to fix and screen again (a CSV gets a last column 'fejl' with each message)"),
        OptionSpec(name: "--strict-columns", value: nil, help: "A CSV column that names no fact is an error (default: one warning, and the column is ignored)"),
        OptionSpec(name: "--quiet", value: nil, help: "No progress line"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl screen FILE|- [options]

        Screens a caseload: one profile per line (JSON Lines, as 'match' reads)
        or per row (CSV with a header of fact names, ',' or ';' separated).
        Streams: output starts before the input ends and memory stays flat
        (a line longer than --max-line-bytes is a bad line, never kept whole).
        Output is in input order whatever --jobs is, and names citizens only
        by their id. A bad line is reported on stderr as FILE:LINE: error: …,
        skipped and counted.

        OPTIONS:
        \(optionsHelp(options))
        EXIT STATUS: 0 every line screened, 1 some lines were skipped (or the
        rules have errors), 2 bad usage or unreadable input.

        """
    }

    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "screen")
        if a.flag("--help") { try Terminal.write(help); return }
        guard a.positional.count == 1 else {
            throw a.positional.isEmpty
                ? ToolError(.usageMissingArgument, "missing the caseload to screen (a file, or '-' for standard input)", command: "screen")
                : ToolError(.usageUnexpectedArgument, "screen takes one input, not \(a.positional.count)", command: "screen")
        }
        let path = a.positional[0]
        let format = try choice(a.value("--format"), option: "--format", allowed: ScreenOptions.Format.allCases.map(\.rawValue), default: "summary")
        let guessed = ScreenCommand.inputFormat(of: path)
        let inputFormat = try choice(a.value("--input-format"), option: "--input-format", allowed: ScreenOptions.InputFormat.allCases.map(\.rawValue), default: guessed)
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        if let j = a.value("--jobs") {
            guard let n = Int(j), n >= 1, n <= 256 else { throw ToolError(.usageBadValue, "--jobs must be a whole number from 1 to 256, not '\(j)'", command: "screen") }
            jobs = n
        }
        var maxErrors: Int?
        if let m = a.value("--max-errors") {
            guard let n = Int(m), n >= 1 else { throw ToolError(.usageBadValue, "--max-errors must be a whole number of at least 1, not '\(m)'", command: "screen") }
            maxErrors = n
        }
        var maxLineBytes: Int?
        if let m = a.value("--max-line-bytes") {
            guard let n = Int(m), n >= 1, n <= 1 << 30 else {
                throw ToolError(.usageBadValue, "--max-line-bytes must be a whole number of bytes from 1 to 1073741824, not '\(m)'", command: "screen")
            }
            maxLineBytes = n
        }
        var statuses: Set<Status> = [.eligible, .undetermined]
        let given = list(a.all("--status"))
        if !given.isEmpty {
            statuses = []
            for s in given {
                guard let st = Status(rawValue: s) else {
                    var msg = "--status must be eligible, undetermined or ineligible, not '\(s)'"
                    if let sug = Suggest.closest(to: s, in: Status.allCases.map(\.rawValue)) { msg += "; did you mean '\(sug)'?" }
                    throw ToolError(.usageBadValue, msg, command: "screen")
                }
                statuses.insert(st)
            }
        }
        if a.flag("--human"), format != "summary" { throw ToolError(.usageConflictingOptions, "--human goes with --format summary", command: "screen") }
        let today = try parseDate(a.value("--date"))
        let s = try loadRules(a, date: today)
        var offers: [Int] = []
        for id in list(a.all("--offer")) {
            let i = try s.offer(id)
            if !offers.contains(i) { offers.append(i) }
        }
        var opts = ScreenOptions(date: today)
        opts.offers = offers
        opts.statuses = statuses
        opts.format = ScreenOptions.Format(rawValue: format)!
        opts.inputFormat = ScreenOptions.InputFormat(rawValue: inputFormat)!
        opts.strictColumns = a.flag("--strict-columns")
        let dialect = try choice(a.value("--dialect"), option: "--dialect", allowed: ["csv", "excel-da"], default: "csv")
        if a.flag("--excel") || dialect == "excel-da" {
            guard opts.format == .csv else {
                throw ToolError(.usageConflictingOptions, "\(a.flag("--excel") ? "--excel" : "--dialect excel-da") writes csv; give it with --format csv, not --format \(opts.format.rawValue)", command: "screen")
            }
            opts.excel = true
        }
        opts.jobs = jobs
        opts.maxErrors = maxErrors
        if let maxLineBytes { opts.maxLineBytes = maxLineBytes }
        let screen = try s.screen(opts, path: path, name: path == "-" ? "<stdin>" : path)
        let screener = screen.screener
        let out = OutputSink()
        let showProgress = !a.flag("--quiet") && Terminal.isTTY(2)
        let progress = Progress(total: screen.source.totalSize)
        let renderer = ToolErrorRenderer(color: Terminal.useColor(2))
        // --errors FILE: the skipped lines, to fix and screen again.
        var rejected: OutputSink?
        var rejectedFD: Int32 = -1
        if let errorsPath = a.value("--errors") {
            rejectedFD = open(errorsPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard rejectedFD >= 0 else { throw ToolError.unwritable(errorsPath, reason: String(cString: strerror(errno))) }
            rejected = OutputSink(fd: rejectedFD)
        }
        defer { if rejectedFD >= 0 { close(rejectedFD) } }
        let summary = screen.run(into: out, error: { e in
            Terminal.error(renderer.text(e))
        }, rejected: rejected.map { sink in { sink.write($0) } },
           progress: showProgress ? { bytes, profiles in progress.update(bytes: bytes, profiles: profiles) } : nil)
        if let rejected, let errorsPath = a.value("--errors") { try Terminal.finish(rejected, name: errorsPath) }
        if showProgress { progress.finish() }
        if opts.format == .summary {
            let report = ScreenReport(rules: s.rules, offers: screener.options.offers)
            out.write(Array((a.flag("--human") ? report.table(summary) : report.json(summary, date: today)).utf8))
        }
        // An output cut short is worse than skipped lines (each one is
        // already on standard error): it comes first.
        try Terminal.finish(out)
        if let failure = screen.failure(summary) { throw failure }
    }
}

/// A progress line on a terminal's stderr, a few times a second.
final class Progress {
    let total: Int?
    let start = Date()
    var last = Date.distantPast

    init(total: Int?) { self.total = total }

    func update(bytes: Int, profiles: Int) {
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.25 else { return }
        last = now
        let elapsed = max(0.001, now.timeIntervalSince(start))
        let rate = Double(profiles) / elapsed
        var line = "\r\(profiles) profiles, \(Int(rate))/s"
        if let total, bytes > 0, total > bytes {
            let left = elapsed * Double(total - bytes) / Double(bytes)
            line += ", about \(Int(left.rounded(.up))) s left"
        }
        Terminal.error(line + "\u{1B}[K")
    }

    func finish() { Terminal.error("\r\u{1B}[K") }
}
