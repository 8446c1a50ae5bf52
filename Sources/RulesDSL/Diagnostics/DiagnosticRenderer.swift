/// Renders diagnostics: compiler-style text with the source line and a caret,
/// or one JSON object per diagnostic. The only place diagnostics become text.
/// The text escapes control characters in paths, messages and source lines
/// (`escapingControls`; the caret moves with them), JSON by `JSONWriter`.
public struct DiagnosticRenderer: Sendable {
    package var sources: SourceManager
    package var color: Bool

    /// A renderer for diagnostics of the files in `sources`; `color` adds ANSI terminal colours to text.
    public init(sources: SourceManager, color: Bool = false) {
        self.sources = sources
        self.color = color
    }

    private func paint(_ s: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }

    private func position(_ range: SourceRange) -> (String, SourceLocation?) {
        guard let file = sources.file(range.file) else { return ("<command line>", nil) }
        return (file.path, file.location(of: range.start))
    }

    /// `file:line:col: error: message`, the line, a caret line, notes, fix-its.
    public func text(_ d: Diagnostic) -> String {
        var out = header(d.severity, d.message, d.range)
        out += snippet(d.range)
        for fix in d.fixIts {
            out += header(.note, fix.message, fix.range)
        }
        for note in d.notes {
            if let r = note.range, sources.file(r.file) != nil {
                out += header(.note, note.message, r)
                out += snippet(r)
            } else {
                out += paint("note: ", "1;30") + note.message.escapingControls + "\n"
            }
        }
        return out
    }

    private func header(_ severity: Severity, _ message: String, _ range: SourceRange) -> String {
        let (path, loc) = position(range)
        let where_ = (loc.map { "\(path):\($0.line):\($0.column): " } ?? "\(path): ").escapingControls
        let sev: String
        switch severity {
        case .error: sev = paint("error:", "1;31")
        case .warning: sev = paint("warning:", "1;35")
        case .note: sev = paint("note:", "1;30")
        }
        return paint(where_, "1") + sev + " " + message.escapingControls + "\n"
    }

    private func snippet(_ range: SourceRange) -> String {
        guard let file = sources.file(range.file) else { return "" }
        let start = file.location(of: range.start)
        var line: String
        // Very long lines are shown around the caret only, and only that
        // part is decoded (many diagnostics on one long line stay linear).
        var caretColumn = start.column
        let count = file.lineScalarCount(start.line)
        if count > 200 {
            let from = max(0, caretColumn - 60)
            let to = min(count, from + 120)
            line = (from > 0 ? "…" : "") + file.lineWindow(start.line, scalars: from..<to) + (to < count ? "…" : "")
            caretColumn = caretColumn - from + (from > 0 ? 1 : 0)
        } else {
            line = file.lineText(start.line)
        }
        let cells = Array(line.unicodeScalars.map { $0 == "\t" ? " " : $0 })
        let end = file.location(of: range.end)
        let width = end.line == start.line ? max(1, end.column - start.column) : 1
        let shown = max(1, min(width, cells.count - caretColumn + 1))
        // Other control characters are shown escaped, wider than one
        // column: the caret and its tildes count them as shown.
        func columns(_ s: ArraySlice<Unicode.Scalar>) -> Int {
            s.reduce(0) { $0 + (ControlCharacters.contains($1) ? ControlCharacters.escape($1).count : 1) }
        }
        let before = max(0, caretColumn - 1)
        let indent = columns(cells.prefix(before)) + max(0, before - cells.count)
        let under = max(1, columns(cells.dropFirst(before).prefix(shown)))
        let caret = String(repeating: " ", count: indent) + "^" + String(repeating: "~", count: under - 1)
        return String(String.UnicodeScalarView(cells)).escapingControls + "\n" + paint(caret, "1;32") + "\n"
    }

    /// One JSON object (a single line) describing a diagnostic.
    public func json(_ d: Diagnostic) -> String {
        let (path, loc) = position(d.range)
        let endLoc = sources.file(d.range.file)?.location(of: d.range.end)
        let o = JSONWriter()
        o.object {
            o.field("file", path)
            o.field("line", loc?.line ?? 0)
            o.field("column", loc?.column ?? 0)
            o.fieldObject("end") {
                o.field("line", endLoc?.line ?? 0)
                o.field("column", endLoc?.column ?? 0)
            }
            o.field("severity", d.severity.rawValue)
            o.field("code", d.code)
            o.field("message", d.message)
            o.fieldArray("notes") {
                for n in d.notes {
                    o.element {
                        o.object {
                            o.field("message", n.message)
                            if let r = n.range, let f = sources.file(r.file) {
                                let l = f.location(of: r.start)
                                o.field("file", f.path)
                                o.field("line", l.line)
                                o.field("column", l.column)
                            }
                        }
                    }
                }
            }
            o.fieldArray("fixits") {
                for f in d.fixIts {
                    let s = sources.file(f.range.file)?.location(of: f.range.start)
                    let e = sources.file(f.range.file)?.location(of: f.range.end)
                    o.element {
                        o.object {
                            o.field("message", f.message)
                            o.field("line", s?.line ?? 0)
                            o.field("column", s?.column ?? 0)
                            o.fieldObject("end") {
                                o.field("line", e?.line ?? 0)
                                o.field("column", e?.column ?? 0)
                            }
                            o.field("replacement", f.replacement)
                        }
                    }
                }
            }
        }
        return o.output
    }
}
