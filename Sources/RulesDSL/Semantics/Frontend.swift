/// The whole front end in one call: parse every file, then check them as
/// one rule set.
public enum Frontend {
    /// Parses `files` and checks them as one rule set, as of `today` (an offer
    /// past its review date is warned about). Returns the rules, the
    /// diagnostics in the order found (see `inSourceOrder`) and the files by id.
    public static func load(_ files: [SourceFile], today: Day) -> (RuleSet, [Diagnostic], SourceManager) {
        var sources = SourceManager()
        var parsed: [SyntaxFile] = []
        var diagnostics: [Diagnostic] = []
        for f in files {
            let id = sources.add(f)
            let (syntax, ds) = Parser.parse(f, id: id)
            parsed.append(syntax)
            diagnostics += ds
        }
        let (rules, checkDiags) = Checker.check(parsed, sources: sources, options: .init(today: today))
        diagnostics += checkDiags
        return (rules, diagnostics, sources)
    }
}
