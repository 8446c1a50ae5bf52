import Foundation
import Testing
@testable import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening

/// Issue 15, finding 3: rule files that `check` accepted trapped at run time
/// (SIGILL, no message). Constants out of range are now located errors, and
/// arithmetic the checker cannot bound gives *no value* (docs/LANGUAGE.md).
@Suite struct ArithmeticLimitTests {
    static let today = Day("2021-06-01")!

    /// The errors of `schema + rules`.
    static func errors(_ rules: String) -> [Diagnostic] {
        Frontend.load([SourceFile(path: "t.rules", text: schema + rules)], today: today).1.filter { $0.severity == .error }
    }

    /// The original inputs: each is an `out-of-range` error on the literal.
    @Test(arguments: [
        ("age < 9223372036854775807", "9223372036854775807"),
        ("arrival_date + 999999999999 years < 2030-01-01", "999999999999 years"),
        ("count children where { in_association } >= 9223372036854775807", "9223372036854775807"),
        ("age > -9223372036854775807", "-9223372036854775807"),
        ("age < 4611686018427387905", "4611686018427387905"),
        ("arrival_date - 10000 years < 2030-01-01", "10000 years"),
        ("arrival_date + 3652059 days < 2030-01-01", "3652059 days"),
    ])
    func constantOutOfRangeIsALocatedError(condition: String, literal: String) throws {
        let rules = offer("o", "eligible when { \(condition) }")
        let errors = Self.errors(rules)
        #expect(errors.count == 1, "\(errors.map(\.message))")
        let e = try #require(errors.first)
        #expect(e.code == "out-of-range")
        let text = Array((schema + rules).utf8)
        #expect(String(decoding: text[e.range.start ..< e.range.end], as: UTF8.self) == literal)
    }

    @Test func theEndsOfTheRangesAreAccepted() {
        for c in ["age < 4611686018427387904", "age > -4611686018427387904", "arrival_date + 9999 years < 2030-01-01",
                  "arrival_date - 3652058 days < 2030-01-01", "arrival_date + 87649392 hours < 2030-01-01"] {
            #expect(Self.errors(offer("o", "eligible when { \(c) }")).isEmpty, "\(c)")
        }
        #expect(Day.first == Day(year: 1, month: 1, day: 1))
        #expect(Day.last == Day(year: 9999, month: 12, day: 31))
        #expect(Day(validNumber: Int64(Day.first.number) - 1) == nil)
        #expect(Day(validNumber: Int64(Day.last.number) + 1) == nil)
        #expect(Day(validNumber: Int64.min) == nil)
    }

    /// What the checker cannot bound: sums beyond ±2^62 (which once wrapped,
    /// even to the `unknown` marker) and dates moved off the calendar (which
    /// once trapped). Each has no value: the comparison is false, its
    /// negation true, on the explained path, the batch path and screening's plan.
    @Test(arguments: [
        "age + 4611686018427387904 > 0",
        "age - 4611686018427387904 - 4611686018427387904 < 0",
        "0 - 4611686018427387904 - 4611686018427387904 - age < 0",
        "arrival_date + 9999 years > 2000-01-01",
        "arrival_date - 9999 years < 2000-01-01",
        "arrival_date + 3652058 days > 2000-01-01",
        "years_since(arrival_date + 9000 years) < 1000",
    ])
    func unboundedArithmeticHasNoValue(condition: String) throws {
        let m = matcher(offer("o", "eligible when { \(condition) }") + offer("n", "eligible when { not (\(condition)) }"))
        let json = #"{"municipality": "roskilde", "birth_date": "1980-01-01", "arrival_date": "2015-03-01"}"#
        let p = try profile(m, json)
        let f = Facts(program: m.program, profile: p)
        #expect(try result(m, "o", json).status == .ineligible)
        #expect(try result(m, "n", json).status == .eligible)
        #expect(m.statuses(facts: f, today: Self.today) == [.ineligible, .eligible])
        _ = m.explain(offer: 0, profile: p, today: Self.today)
        let plan = BatchPlan(matcher: m, today: Self.today, reported: [0, 1])
        let sets = PlanSets(groups: plan.groups)
        var ev = Evaluator(program: m.program, today: Self.today, tracer: NoTrace())
        ev.newProfile()
        #expect(plan.decide(f, &ev, into: sets.pointer))
        #expect(BatchPlan.status(0, sets.pointer) == .ineligible)
        #expect(BatchPlan.status(1, sets.pointer) == .eligible)
    }

    /// A profile for `rules` with a value for every fact (every list with one
    /// element), and one with only the municipality.
    static func profiles(_ rules: RuleSet) -> [String] {
        func value(_ t: ValueType, _ range: (lo: Int, hi: Int)?) -> String? {
            switch t {
            case .bool: return "true"
            case .int: return String(range.map { $0.lo + ($0.hi - $0.lo) / 2 } ?? 3)
            case .date: return "\"2010-02-28\""
            case .string: return "\"x\""
            case .enumeration(let e): return "\"\(rules.enums[e].values.last!)\""
            default: return nil
            }
        }
        var fields: [String] = []
        for fact in rules.facts {
            if case .list(let r) = fact.type {
                let inner = rules.records[r].fields.compactMap { f in value(f.type, f.range).map { "\"\(f.name)\": \($0)" } }
                fields.append("\"\(fact.name)\": [{\(inner.joined(separator: ", "))}]")
            } else if let v = value(fact.type, fact.range) {
                fields.append("\"\(fact.name)\": \(v)")
            }
        }
        return ["{" + fields.joined(separator: ", ") + "}", "{\"municipality\": \"roskilde\"}"]
    }

    /// The fuzzing that found it, kept small: 100 numbers of the shipped rule
    /// files, each replaced by a large, extreme or small number (seeded).
    /// Each mutant is either an error of `check` or decided, explained and
    /// screened for a few profiles without a trap.
    @Test func randomNumberMutationsOfShippedFilesNeverTrap() throws {
        let dir = repository + "/Rules"
        let paths = try FileManager.default.subpathsOfDirectory(atPath: dir).filter { $0.hasSuffix(".rules") && !$0.hasSuffix("_tests.rules") }.sorted()
        let files = try paths.map { (path: $0, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)))) }
        // Numbers: digit runs not inside a date or a word, and not in a string.
        var numbers: [(file: Int, start: Int, end: Int)] = []
        for (k, f) in files.enumerated() {
            var i = 0, inString = false, inComment = false
            let b = f.bytes
            func digit(_ j: Int) -> Bool { j >= 0 && j < b.count && b[j] >= 48 && b[j] <= 57 }
            func wordy(_ j: Int) -> Bool { j >= 0 && j < b.count && (digit(j) || b[j] == 45 || b[j] == 95 || (b[j] | 32 >= 97 && b[j] | 32 <= 122)) }
            while i < b.count {
                let c = b[i]
                if c == 10 { inComment = false; inString = false }
                if inComment { i += 1; continue }
                if c == 34 { inString.toggle() } else if c == 35, !inString { inComment = true }
                if !inString, digit(i), !wordy(i - 1) {
                    var j = i
                    while digit(j) { j += 1 }
                    if !(j < b.count && b[j] == 45) { numbers.append((k, i, j)) }
                    i = j
                    continue
                }
                i += 1
            }
        }
        #expect(numbers.count > 50)
        let replacements = ["9223372036854775807", "4611686018427387904", "4611686018427387905", "999999999999",
                            "3652058", "3652059", "9999", "10000", "87649392", "2147483648", "0", "1"]
        var rng = InputFuzz.SplitMix64(seed: 15)
        var rejected = 0
        for _ in 0 ..< 100 {
            let n = numbers[rng.below(numbers.count)]
            let r = replacements[rng.below(replacements.count)]
            var sources: [SourceFile] = []
            for (k, f) in files.enumerated() {
                var bytes = f.bytes
                if k == n.file { bytes.replaceSubrange(n.start ..< n.end, with: Array(r.utf8)) }
                sources.append(SourceFile(path: f.path, bytes: bytes))
            }
            let (set, diags, _) = Frontend.load(sources, today: Self.today)
            if diags.contains(where: { $0.severity == .error }) { rejected += 1; continue }
            let m = Matcher(rules: set)
            for date in ["2021-06-01"] {
                let day = Day(date)!
                let plan = BatchPlan(matcher: m, today: day, reported: Array(m.program.offers.indices))
                let sets = PlanSets(groups: plan.groups)
                var ev = Evaluator(program: m.program, today: day, tracer: NoTrace())
                for json in Self.profiles(set) {
                    guard let p = try? ProfileDecoder(rules: set).decode(Array(json.utf8), today: day) else { continue }
                    let f = Facts(program: m.program, profile: p)
                    _ = m.evaluateAll(profile: p, today: day)
                    _ = m.statuses(facts: f, today: day)
                    ev.newProfile()
                    _ = plan.decide(f, &ev, into: sets.pointer)
                }
            }
        }
        #expect(rejected > 0 && rejected < 100)
    }
}
