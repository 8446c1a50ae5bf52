import RulesDSL

/// Coverage of a rule set by its tests (filled in by the coverage pass).
public struct Coverage: Sendable {
    public struct Item: Sendable {
        public var what: String
        public var range: SourceRange
    }
    public var total = 0
    public var covered = 0
    public var uncovered: [Item] = []

    public var percent: Double { total == 0 ? 100 : Double(covered) * 100 / Double(total) }

    public static func measure(matcher: Matcher, report: RuleTestRunner.Report) -> Coverage {
        var c = Coverage()
        // Every offer seen eligible, ineligible and undetermined.
        for (i, o) in matcher.rules.offers.enumerated() {
            let seen = Set(report.observed.filter { $0.result.offer == i }.map(\.result.status))
            for s in Status.allCases {
                c.total += 1
                if seen.contains(s) || (s == .eligible && o.planned != nil) { c.covered += 1 } else {
                    c.uncovered.append(Item(what: "offer '\(o.id)' is never \(s.rawValue) in a test", range: o.declared))
                }
            }
        }
        return c
    }
}
