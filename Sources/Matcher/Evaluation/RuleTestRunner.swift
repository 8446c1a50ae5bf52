import RulesDSL

/// Runs the tests written in the rules language.
public struct RuleTestRunner {
    public struct Failure: Sendable {
        public var test: Int
        package var expectation: TestCase.Expectation
        public var expected: String
        public var actual: String
        public var result: OfferResult?
    }

    public struct Report: Sendable {
        public var tests = 0
        public var expectations = 0
        public var failures: [Failure] = []
        /// Every offer result the tests produced, for coverage.
        public var observed: [(test: Int, result: OfferResult, facts: Facts, day: Day)] = []
    }

    public let matcher: Matcher

    public init(matcher: Matcher) { self.matcher = matcher }

    var rules: RuleSet { matcher.rules }

    /// Runs every test; `defaultDate` stands in for a test without a date.
    public func run(defaultDate: Day, keepResults: Bool = false) -> Report {
        var report = Report()
        for (ti, t) in rules.tests.enumerated() {
            report.tests += 1
            let day = t.date ?? defaultDate
            let facts = Facts(program: matcher.program, profile: t.profile)
            var cache: [Int: OfferResult] = [:]
            for e in t.expectations {
                report.expectations += 1
                let r = cache[e.offer] ?? matcher.evaluate(offer: e.offer, facts: facts, profile: t.profile, today: day, language: .en)
                cache[e.offer] = r
                if let (expected, actual) = check(e.expect, r) {
                    report.failures.append(Failure(test: ti, expectation: e, expected: expected, actual: actual, result: r))
                }
            }
            if keepResults {
                for (_, r) in cache.sorted(by: { $0.key < $1.key }) { report.observed.append((ti, r, facts, day)) }
            }
        }
        return report
    }

    /// nil when the expectation holds; else (expected, actual) descriptions.
    func check(_ expect: TestCase.Expect, _ r: OfferResult) -> (String, String)? {
        switch expect {
        case .status(let s, let because, let missing):
            let actualStatus = r.status.rawValue
            if r.status.rawValue != s.rawValue {
                return (s.rawValue, actualStatus + describe(r))
            }
            for name in because {
                let deciding: Truth = r.status == .ineligible ? .no : (r.status == .undetermined ? .unknown : .yes)
                let hit = r.reasons.contains { reason in
                    guard reason.outcome == deciding else { return false }
                    switch name {
                    case "validity": return reason.kind == .validity
                    case "planned": return reason.kind == .planned
                    default: return reason.facts.contains(name)
                    }
                }
                if !hit {
                    return ("\(s.rawValue) because \(name)", actualStatus + describe(r))
                }
            }
            if let missing {
                let actual = Set(r.missing.map(\.name))
                if actual != Set(missing) {
                    return ("\(s.rawValue) missing \(missing.sorted().joined(separator: ", "))",
                            "\(actualStatus) missing \(actual.sorted().joined(separator: ", "))")
                }
            }
            return nil
        case .deadline(let d):
            let actual = r.deadlines.first?.due
            if actual != d { return ("deadline \(d)", "deadline \(actual?.description ?? "none")") }
            return nil
        case .step(let s):
            let actual = r.ladder?.recommended
            if actual != s { return ("step \(s)", "step \(actual ?? "none")") }
            return nil
        case .detail(let name, let text, let elements):
            let d = r.details.first { $0.name == name }
            if let elements {
                let actual = d?.numbers ?? []
                func show(_ xs: [Int]) -> String { xs.isEmpty ? "none" : xs.map(String.init).joined(separator: ", ") }
                if actual != elements { return ("detail \(name) lists \(show(elements))", "detail \(name) lists \(show(actual))") }
                return nil
            }
            if let text, d?.chosen?.da != text, d?.chosen?.en != text {
                return ("detail \(name) \"\(text)\"", "detail \(name) \(d?.chosen?.da.map { "\"\($0)\"" } ?? "unknown")")
            }
            return nil
        }
    }

    func describe(_ r: OfferResult) -> String {
        switch r.status {
        case .ineligible:
            let failed = r.reasons.filter { $0.outcome == .no }.flatMap(\.facts)
            return failed.isEmpty ? "" : " because \(failed.joined(separator: ", "))"
        case .undetermined:
            return " missing \(r.missing.map(\.name).joined(separator: ", "))"
        case .eligible: return ""
        }
    }
}
