import RulesDSL

/// Runs the tests written in the rules language.
public struct RuleTestRunner {
    /// How an expectation failed: what was expected and what was found,
    /// as values (the Reports module writes them in the rules' own terms).
    public enum Mismatch: Sendable {
        /// Another status, or the status without the expected deciding fact `because`.
        case status(expected: String, because: String?)
        /// The expected missing facts differ from the actual ones.
        case missing(expected: String, names: [String], actual: [String])
        /// The first deadline falls on another day (`actual` nil: none could be computed).
        case deadline(expected: Day, actual: Day?)
        /// The ladder recommends another step (`actual` nil: none yet).
        case step(expected: String, actual: String?)
        /// A `lists` detail lists other elements.
        case lists(detail: String, expected: [Int], actual: [Int])
        /// A text detail chose another text (`actual`: its Danish text, or nil when unknown).
        case detailText(detail: String, expected: String, actual: String?)
    }

    /// One expectation that does not hold.
    public struct Failure: Sendable {
        /// The test, by its index among the rule set's tests.
        public package(set) var test: Int
        package var expectation: TestCase.Expectation
        /// What was expected and what was found.
        public package(set) var mismatch: Mismatch
        /// The offer's result the expectation was checked against.
        public package(set) var result: OfferResult?
    }

    /// What a run of the tests found.
    public struct Report: Sendable {
        /// How many tests ran.
        public package(set) var tests = 0
        /// How many expectations they checked.
        public package(set) var expectations = 0
        /// The expectations that do not hold, test by test.
        public package(set) var failures: [Failure] = []
        /// Every offer result the tests produced, for coverage.
        package var observed: [(test: Int, result: OfferResult, facts: Facts, day: Day)] = []
    }

    /// The matcher of the rules whose tests are run.
    public let matcher: Matcher

    /// Runs the tests of `matcher`'s rule set.
    public init(matcher: Matcher) { self.matcher = matcher }

    var rules: RuleSet { matcher.rules }

    /// Runs every test; `defaultDate` stands in for a test without a date.
    public func run(defaultDate: Day, keepResults: Bool = false) -> Report {
        var report = Report()
        for (ti, t) in rules.tests.enumerated() {
            report.tests += 1
            let day = t.date ?? defaultDate
            // The case holder, then (when an expectation names one) each member, decided on its own profile.
            var profiles: [TestCase.Member: (Profile, Facts)] = [:]
            func decidedOn(_ m: TestCase.Member) -> (Profile, Facts) {
                let key: TestCase.Member = m == .household ? .holder : m
                if let p = profiles[key] { return p }
                let profile = RuleTestRunner.profile(of: key, in: t.profile, matcher)
                let p = (profile, matcher.facts(profile, today: day))
                profiles[key] = p
                return p
            }
            struct Key: Hashable { var offer: Int; var member: TestCase.Member }
            var cache: [Key: OfferResult] = [:]
            var order: [Key] = []
            for e in t.expectations {
                report.expectations += 1
                let key = Key(offer: e.offer, member: e.member == .household ? .holder : e.member)
                let (profile, facts) = decidedOn(key.member)
                let r = cache[key] ?? matcher.evaluate(offer: e.offer, facts: facts, profile: profile, today: day)
                if cache[key] == nil { order.append(key) }
                cache[key] = r
                if let mismatch = check(e.expect, r) {
                    report.failures.append(Failure(test: ti, expectation: e, mismatch: mismatch, result: r))
                }
            }
            if keepResults {
                let sorted = order.enumerated().sorted { a, b in
                    a.element.offer != b.element.offer ? a.element.offer < b.element.offer : a.offset < b.offset
                }
                for (_, key) in sorted { report.observed.append((ti, cache[key]!, decidedOn(key.member).1, day)) }
            }
        }
        return report
    }

    /// The profile an expectation about `member` is decided on: the case's
    /// for the holder and the household, else the member's own.
    static func profile(of member: TestCase.Member, in profile: Profile, _ matcher: Matcher) -> Profile {
        guard member != .holder, member != .household else { return profile }
        return matcher.members(of: profile).first { x in
            switch member {
            case .partner: return x.role == .partner
            case .child(let k): return x.role == .child && x.number == k
            default: return false
            }
        }?.profile ?? profile
    }

    /// nil when the expectation holds; else how it failed.
    func check(_ expect: TestCase.Expect, _ r: OfferResult) -> Mismatch? {
        switch expect {
        case .status(let s, let because, let missing):
            if r.status.rawValue != s.rawValue { return .status(expected: s.rawValue, because: nil) }
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
                if !hit { return .status(expected: s.rawValue, because: name) }
            }
            if let missing {
                let actual = Set(r.missing.map(\.name))
                if actual != Set(missing) { return .missing(expected: s.rawValue, names: missing.sorted(), actual: actual.sorted()) }
            }
            return nil
        case .deadline(let d):
            let actual = r.deadlines.first?.due
            return actual != d ? .deadline(expected: d, actual: actual) : nil
        case .step(let s):
            let actual = r.ladder?.recommended
            return actual != s ? .step(expected: s, actual: actual) : nil
        case .detail(let name, let text, let elements):
            let d = r.details.first { $0.name == name }
            if let elements {
                let actual = d?.numbers ?? []
                return actual != elements ? .lists(detail: name, expected: elements, actual: actual) : nil
            }
            if let text, d?.chosen?.da != text, d?.chosen?.en != text {
                return .detailText(detail: name, expected: text, actual: d?.chosen?.da)
            }
            return nil
        }
    }
}
