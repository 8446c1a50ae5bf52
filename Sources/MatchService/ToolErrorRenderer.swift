import RulesDSL

/// Shows a `ToolError`: the one place that decides what an error looks like,
/// as text for a person or as one JSON object (for a server).
public struct ToolErrorRenderer: Sendable {
    /// Colour for the rule diagnostics that come with `rules.invalid`.
    package var color: Bool

    /// A renderer; with `color`, the rule diagnostics in the text form are coloured.
    public init(color: Bool = false) { self.color = color }

    /// `file:line:col: error: message` when the error is in a file (the
    /// column when known), else `matchctl: error: message`; then its notes;
    /// a bad-usage error (exit status 2, not an unwritable output) ends
    /// with where to find help. Control characters in the message, notes
    /// and path (a profile's value, an argument) are escaped: an error
    /// never forges a line in a log.
    public func text(_ e: ToolError) -> String {
        switch e.form {
        case .reported:
            return ""
        case .remark:
            return ([e.message] + e.notes).map { "matchctl: \($0.escapingControls)\n" }.joined()
        case .warning:
            let prefix = e.location.map { l in "\(l.file.escapingControls):\(l.line)" } ?? "matchctl"
            return "\(prefix): warning: \(e.message.escapingControls)\n"
        case .error:
            var out = ""
            if let sources = e.sources, !e.diagnostics.isEmpty {
                let r = DiagnosticRenderer(sources: sources, color: color)
                out += e.diagnostics.map(r.text).joined()
            }
            let prefix = e.location.map { l in "\(l.file.escapingControls):\(l.line)" + (l.column.map { ":\($0)" } ?? "") } ?? "matchctl"
            out += "\(prefix): error: \(e.message.escapingControls)\n"
            for n in e.notes { out += "\(prefix): note: \(n.escapingControls)\n" }
            if e.code.pointsAtHelp {
                out += e.command.map { "Run 'matchctl \($0) --help' for its options.\n" } ?? "Run 'matchctl --help' for the commands.\n"
            }
            return out
        }
    }

    /// One object: `code`, `message`, `exit_status`, `location`
    /// (`{file, line, column}` or null), `notes`, `command` (or null) and
    /// `diagnostics` (as `check --format json` gives them). Every key is
    /// always there, whatever the error's text form.
    public func json(_ e: ToolError) -> String {
        let w = JSONWriter()
        w.object {
            w.field("code", e.code.rawValue)
            w.field("message", e.message)
            w.field("exit_status", Int(e.exitStatus))
            if let l = e.location {
                w.fieldObject("location") {
                    w.field("file", l.file)
                    w.field("line", l.line)
                    if let c = l.column { w.field("column", c) } else { w.fieldNull("column") }
                }
            } else {
                w.fieldNull("location")
            }
            w.fieldArray("notes") { for n in e.notes { w.element(n) } }
            w.field("command", e.command)
            let r = e.sources.map { DiagnosticRenderer(sources: $0) }
            w.fieldRaw("diagnostics", "[" + (r.map { r in e.diagnostics.map(r.json).joined(separator: ",") } ?? "") + "]")
        }
        return w.output
    }
}
