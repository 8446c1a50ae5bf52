import Testing
@testable import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import Reports

/// Issue 15, finding 5: named conditions were evaluated at every use, so 28
/// conditions, each using the previous one twice, hung `match` and `screen`
/// (time doubled per level). Each is now evaluated once per profile and date,
/// on the batch path (the evaluator's memo), the explained path (the trace)
/// and in the explanation (built once per node).
@Suite struct SharedConditionTests {
    static let levels = 28
    static let today = Day("2021-06-01")!

    /// The original input: 28 conditions of two lines each, and an offer.
    static var doubling: String {
        "condition c0 { label da \"C\"\n  gender = female\n}\n"
            + (1..<levels).map { "condition c\($0) { label da \"C\"\n  c\($0 - 1) or not c\($0 - 1)\n}\n" }.joined()
            + offer("top", "eligible when { c\(levels - 1) }")
            + offer("kids", "eligible when { any children where { in_association or c\(levels - 1) } }")
    }

    /// Counts the node results an evaluation records.
    struct Counting<Inner: Tracer>: Tracer {
        var inner: Inner
        var records = 0
        static var complete: Bool { Inner.complete }
        mutating func record(node: Int32, element: Int32, truth: Truth) { records += 1; inner.record(node: node, element: element, truth: truth) }
        mutating func record(node: Int32, element: Int32, value: Int64) { records += 1; inner.record(node: node, element: element, value: value) }
        func recorded(node: Int32, element: Int32) -> Truth? { inner.recorded(node: node, element: element) }
        func recordedValue(node: Int32, element: Int32) -> Int64? { inner.recordedValue(node: node, element: element) }
    }

    /// Gender unknown, so every operand is evaluated; three children.
    static let json = #"{"municipality": "roskilde", "birth_date": "1980-01-01", "children": [{"birth_date": "2010-01-01"}, {"birth_date": "2012-01-01"}, {"birth_date": "2014-01-01"}]}"#

    @Test func eachNamedConditionIsEvaluatedOncePerProfile() throws {
        let m = matcher(Self.doubling)
        let p = try profile(m, Self.json)
        let f = Facts(program: m.program, profile: p)
        let nodes = m.program.nodes.count
        // Untraced (batch screening, Matcher.status): each node computed once
        // per profile (a cached one still records each use), without the memo 2^28.
        var fast = Evaluator(program: m.program, today: Self.today, tracer: Counting(inner: NoTrace()))
        fast.newProfile()
        for o in m.program.offers { #expect(fast.truth(o.eligible, f) == .unknown) }
        #expect(fast.tracer.records <= 2 * nodes, "\(fast.tracer.records) records for \(nodes) nodes")
        // Explained (match, explain): likewise, every node once per element.
        var full = Evaluator(program: m.program, today: Self.today, tracer: Counting(inner: ExplainTrace()))
        for o in m.program.offers { #expect(full.truth(o.eligible, f) == .unknown) }
        #expect(full.tracer.records <= 6 * nodes, "\(full.tracer.records) records for \(nodes) nodes")
    }

    /// Every path decides the file (each would run for hours, 2^28 times
    /// over, without the memo), and the explanation says why.
    @Test func theDoublingFileIsDecidedOnEveryPath() throws {
        let m = matcher(Self.doubling)
        let p = try profile(m, Self.json)
        let f = Facts(program: m.program, profile: p)
        #expect(m.statuses(facts: f, today: Self.today) == [.undetermined, .undetermined])
        let results = m.evaluateAll(profile: p, today: Self.today)
        #expect(results.map(\.status) == [.undetermined, .undetermined])
        #expect(results[0].missing.map(\.path) == ["gender"])
        let (_, tree) = m.explain(offer: 0, profile: p, today: Self.today)
        #expect(tree.count >= 1)
        let plan = BatchPlan(matcher: m, today: Self.today, reported: [0, 1])
        let sets = PlanSets(groups: plan.groups)
        var ev = Evaluator(program: m.program, today: Self.today, tracer: NoTrace())
        ev.newProfile()
        #expect(plan.decide(f, &ev, into: sets.pointer))
        #expect(BatchPlan.status(0, sets.pointer) == .undetermined)
        // A known gender decides both.
        let woman = try profile(m, #"{"municipality": "roskilde", "birth_date": "1980-01-01", "gender": "female", "children": []}"#)
        #expect(m.evaluateAll(profile: woman, today: Self.today).map(\.status) == [.eligible, .ineligible])
    }

    /// The memo is per profile: a new profile reads the new facts.
    @Test func theMemoForgetsThePreviousProfile() throws {
        let m = matcher(Self.doubling)
        var ev = Evaluator(program: m.program, today: Self.today, tracer: NoTrace())
        for (gender, want) in [("female", Truth.yes), ("male", .yes), ("female", .yes)] {
            let p = try profile(m, #"{"gender": "\#(gender)"}"#)
            ev.newProfile()
            #expect(ev.untracedTruth(m.program.offers[0].eligible, Facts(program: m.program, profile: p)) == want)
            ev.newProfile()
            #expect(ev.untracedTruth(m.program.conditionNodes[0], Facts(program: m.program, profile: p)) == (gender == "female" ? .yes : .no))
        }
    }

    /// `explain` prints a shared condition where it is first used and refers
    /// back to it at every later use: 2^28 lines before, now a few per level.
    @Test func explainPrintsASharedConditionOnce() throws {
        let m = matcher(Self.doubling)
        let p = try profile(m, Self.json)
        for (offer, language, note) in [(0, Language.da, "(se ovenfor)"), (1, .en, "(see above)")] {
            let (result, tree) = m.explain(offer: offer, profile: p, today: Self.today)
            let text = ExplainReport(rules: m.rules, sources: m.rules.sources, language: language, color: false)
                .render(result, tree: tree, date: Self.today)
            let lines = text.split(separator: "\n")
            // Each level: the condition, its `or`, its two operands (one of them negated).
            #expect(lines.count < 12 * Self.levels * (offer == 0 ? 1 : 4), "\(lines.count) lines")
            let again = lines.filter { $0.contains(note) }
            #expect(again.count >= Self.levels - 1)
            // Each element of the list gets its own expansion: c0 is expanded
            // once per child, not once in all.
            let expansions = lines.filter { $0.contains(": female") }.count  // `gender = female`, in c0
            #expect(expansions == (offer == 0 ? 1 : 3), "\(text)")
        }
    }
}
