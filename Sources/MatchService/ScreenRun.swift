import Matcher
import RulesDSL
import Screening

extension RuleBook {
    /// Sets up a screen of the caseload at `path` (`-`: standard input, as
    /// `ByteSource` reads it); `name` is how errors name the input. An input
    /// that cannot be opened is `input.unreadable`.
    public func screen(_ options: ScreenOptions, path: String, name: String) throws(ToolError) -> ScreenRun {
        let source: ByteSource
        do {
            source = try ByteSource(path: path, chunkSize: options.chunkSize, maxLineBytes: options.maxLineBytes)
        } catch {
            throw ToolError(.inputUnreadable, error.message)
        }
        return ScreenRun(screener: Screener(matcher: matcher, options: options), source: source, name: name)
    }
}

/// One caseload's screen, ready to run: the screener and the opened input.
public struct ScreenRun {
    package let screener: Screener
    package let source: ByteSource
    package let name: String

    /// The input's size in bytes, when known before reading (a file, not a
    /// pipe): with `progress`'s bytes read, how far the screen has come.
    public var inputSize: Int? { source.totalSize }

    /// Screens the whole input into `sink`, in input order; `error` gets each
    /// bad line as a located `profile.invalid` (the run goes on, after what
    /// came before it is written), `progress` the bytes read and profiles
    /// screened so far.
    /// `rejected` gets, for `--errors`, each skipped line as it was, ready to
    /// write to a file the analyst can fix and screen again: for a CSV, the
    /// header first (with a last column `fejl`) and each row with its
    /// message in that column; for JSON Lines, each line as it was. (A line
    /// longer than `--max-line-bytes` is not kept.)
    public func run(into sink: OutputSink, error: (ToolError) -> Void, rejected: (([UInt8]) -> Void)? = nil,
                    progress: ((Int, Int) -> Void)? = nil) -> ScreenSummary {
        var headerWritten = false
        return screener.run(source: source, into: sink, error: { e in
            if let rejected, !e.warning, let raw = e.raw {
                if let (header, sep) = screener.inputHeader {
                    if !headerWritten { rejected(header + [sep] + Array("fejl".utf8) + [10]); headerWritten = true }
                    rejected(raw + [sep] + Array(csvField(e.message.escapingControls).utf8) + [10])
                } else {
                    rejected(raw + [10])
                }
            }
            error(e.warning ? ToolError(.screenColumnsIgnored, e.message, at: .init(file: name, line: e.line), form: .warning)
                            : ToolError(.profileInvalid, e.message, at: .init(file: name, line: e.line)))
        }, progress: progress)
    }

    /// What a finished screen failed at, when lines were skipped: a count of
    /// them (the summary format counts them on standard output instead), or
    /// that `--max-errors` stopped it.
    public func failure(_ summary: ScreenSummary) -> ToolError? {
        guard summary.skipped > 0 else { return nil }
        let skipped = "\(summary.skipped) line\(summary.skipped == 1 ? "" : "s") skipped, \(summary.profiles) profile\(summary.profiles == 1 ? "" : "s") screened"
        let counted = screener.options.format == .summary
        switch summary.stop {
        case .maxErrors?:
            let m = screener.options.maxErrors
            return ToolError(.screenStopped, "stopped after \(m ?? 0) bad line\(m == 1 ? "" : "s") (--max-errors)",
                             notes: counted ? [] : [skipped], form: .remark)
        case .unreadable?:
            return ToolError(.screenStopped, "stopped at a line it cannot read past (above)",
                             notes: counted ? [] : [skipped], form: .remark)
        case nil: break
        }
        return ToolError(.screenLinesSkipped, skipped, form: counted ? .reported : .remark)
    }
}
