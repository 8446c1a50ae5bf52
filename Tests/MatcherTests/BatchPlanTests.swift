import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// The batch plan (tabulated parts plus the evaluator for the rest) decides
/// every offer exactly as `Matcher.status` does, on random facts.
@Suite struct BatchPlanTests {
    /// Random slot values: unknown, every value of small domains, days
    /// around the evaluation date, small numbers; lists of 0–3 elements or unknown.
    static func randomFacts(_ p: Program, _ rng: inout InputFuzz.SplitMix64, today: Day) -> Facts {
        var f = Facts(program: p)
        func value(_ type: ValueType, range: (lo: Int, hi: Int)?) -> Int64 {
            if rng.below(5) == 0 { return Slot.unknown }
            switch type {
            case .bool: return Int64(rng.below(2))
            case .enumeration(let e): return Int64(rng.below(p.rules.enums[e].values.count))
            case .int:
                if let range { return Int64(range.lo + rng.below(range.hi - range.lo + 1)) }
                return Int64(rng.below(40)) - 5
            case .date: return Int64(today.number) - Int64(rng.below(60 * 366)) + 400
            case .string: return Int64(rng.below(p.strings.count + 1)) - 1
            default: return Slot.unknown
            }
        }
        for (slot, owner) in p.slotOwner.enumerated() {
            if owner.isAssessment {
                let a = p.rules.assessments[owner.index]
                f.values[slot] = value(a.enumType.map { .enumeration($0) } ?? .bool, range: nil)
            } else {
                let fact = p.rules.facts[owner.index]
                f.values[slot] = value(fact.type, range: fact.range)
            }
        }
        for (li, list) in p.lists.enumerated() {
            if rng.below(4) == 0 { continue }
            let n = rng.below(4)
            f.listStart[li] = Int32(f.elements.count)
            f.listCount[li] = Int32(n)
            for _ in 0 ..< n {
                for field in p.rules.records[list.record].fields.prefix(list.fieldCount) {
                    f.elements.append(value(field.type, range: field.range))
                }
            }
        }
        return f
    }

    func agree(_ m: Matcher, dates: [String], profiles: Int, reported: [Int]? = nil) {
        var rng = InputFuzz.SplitMix64(seed: 11)
        for d in dates {
            let today = Day(d)!
            let offers = reported ?? Array(m.program.offers.indices)
            let plan = BatchPlan(matcher: m, today: today, reported: offers)
            #expect(plan.usable)
            let sets = PlanSets(groups: plan.groups)
            var ev = Evaluator(program: m.program, today: today, tracer: NoTrace())
            var mismatches: [String] = []
            for _ in 0 ..< profiles {
                let f = Self.randomFacts(m.program, &rng, today: today)
                ev.newProfile()
                #expect(plan.decide(f, &ev, into: sets.pointer))
                for i in offers {
                    let want = m.status(offer: i, facts: f, today: today)
                    let got = BatchPlan.status(i, sets.pointer)
                    if got != want, mismatches.count < 5 { mismatches.append("\(m.rules.offers[i].id) on \(d): \(got) ≠ \(want)") }
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches)")
        }
    }

    @Test func shippedRulesAgreeWithThePerOfferDecision() throws {
        let s = try #require(shipped)
        agree(Matcher(rules: s.rules), dates: ["2016-01-01", "2021-06-01", "2024-09-15"], profiles: 3_000)
    }

    @Test func benchmarkRulesAgreeAndAreMostlyTabulated() throws {
        let (rules, _, _) = try RuleLoader.load(paths: [repository + "/Benchmarks/rules"], today: Day("2021-06-01")!)
        let m = Matcher(rules: rules)
        agree(m, dates: ["2016-01-01", "2021-06-01"], profiles: 5_000)
        // Only parts on ages, arrival and children are left to the evaluator.
        let plan = BatchPlan(matcher: m, today: Day("2021-06-01")!, reported: Array(m.program.offers.indices))
        let rest = m.program.offers.indices.map { i in
            (m.rules.offers[i].id, plan.restStart[i + 1] - plan.restStart[i])
        }.filter { $0.1 > 0 }.map(\.0)
        #expect(rest == ["fritidspas_roskilde", "fritidspas_frederikssund", "fritidspas_hilleroed", "stv_foetex",
                         "retention_mentor", "new_paths_to_jobs", "special_effort_after_integration", "unaccompanied_home"])
        #expect(plan.columns.count == 17)
    }

    @Test func moreThan128OffersUseSeveralGroups() {
        var rules = ""
        for k in 0 ..< 300 {
            let body: String
            switch k % 4 {
            case 0: body = "eligible when { gender = female\n age >= \(k % 30) }"
            case 1: body = "eligible when { in_association = \(k % 8 == 1) }\nrequires needs_mentor"
            case 2: body = "eligible when { any children where age < \(k % 18) }"
            default: body = "valid from 2020-01-01 to 2021-12-31\neligible when { school = \"S\(k % 5)\" or employed }"
            }
            rules += offer("o\(k)", body)
        }
        let m = matcher(rules)
        let plan = BatchPlan(matcher: m, today: Day("2021-06-01")!, reported: [])
        #expect(plan.groups == 3)
        agree(m, dates: ["2019-06-01", "2021-06-01"], profiles: 400)
        agree(m, dates: ["2021-06-01"], profiles: 200, reported: [0, 63, 64, 127, 128, 200, 299])
    }

    @Test func aValueOutsideItsTableIsLeftToTheCaller() {
        let m = matcher(offer("kibb", "eligible when { gender = female }"))
        let plan = BatchPlan(matcher: m, today: Day("2021-06-01")!, reported: [0])
        var f = Facts(program: m.program)
        var ev = Evaluator(program: m.program, today: Day("2021-06-01")!, tracer: NoTrace())
        let sets = PlanSets(groups: plan.groups)
        f.values[Int(m.program.factSlot[m.rules.factIndex("gender")!])] = 7
        #expect(!plan.decide(f, &ev, into: sets.pointer))
        f.values[Int(m.program.factSlot[m.rules.factIndex("gender")!])] = 0
        #expect(plan.decide(f, &ev, into: sets.pointer))
        #expect(BatchPlan.status(0, sets.pointer) == .undetermined)  // municipality unknown
    }
}
