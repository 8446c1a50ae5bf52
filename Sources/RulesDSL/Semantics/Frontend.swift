/// The whole front end in one call: parse every file, then check them as
/// one rule set.
public enum Frontend {
    /// How many errors are reported at most (see `limitErrors`).
    public static let errorLimit = 1_000

    /// Parses `files` and checks them as one rule set, as of `today` (an offer
    /// past its review date is warned about). Returns the rules, the
    /// diagnostics (see `inSourceOrder`; at most `maxErrors` errors, see
    /// `limitErrors`) and the files by id.
    public static func load(_ files: [SourceFile], today: Day, maxErrors: Int = errorLimit) -> (RuleSet, [Diagnostic], SourceManager) {
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
        return (rules, limitErrors(diagnostics, maxErrors), sources)
    }

    /// The diagnostics in source order up to and including the `max`th
    /// error. If more errors follow, what follows is dropped and a note
    /// `too-many-errors` ("too many errors; stopped after 1,000") is added
    /// where the next error is, so that no one renders or reads
    /// 50,000 messages for one broken line. Otherwise the diagnostics are
    /// returned as found.
    static func limitErrors(_ diagnostics: [Diagnostic], _ max: Int) -> [Diagnostic] {
        var errors = 0
        for d in diagnostics where d.severity == .error { errors += 1 }
        guard errors > max else { return diagnostics }
        var kept: [Diagnostic] = []
        errors = 0
        for d in diagnostics.inSourceOrder {
            if d.severity == .error {
                if errors == max {
                    kept.append(Diagnostic(.note, "too-many-errors", "too many errors; stopped after \(grouped(max))", at: d.range))
                    break
                }
                errors += 1
            }
            kept.append(d)
        }
        return kept
    }

    /// 1000 as `1,000`.
    static func grouped(_ n: Int) -> String {
        var digits = String(n), out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return digits + out
    }
}
