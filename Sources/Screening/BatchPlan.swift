import Matcher
import Profiles
import RulesDSL

/// The batch path's decision for every offer of one profile at once.
///
/// An offer's status is the three-valued "and" of its parts: being active
/// on the day, the municipality, each operand of its top-level `all`
/// condition, and each required assessment. A part that reads only one fact
/// slot with few possible values (a yes/no, an enum, a small number range,
/// one of the rule set's texts) is tabulated when the plan is built, by
/// running the evaluator itself on each possible value and on "unknown":
/// per value, a bitmask of the offers the part rules out and one of the
/// offers it leaves undetermined. A profile then costs one table row per
/// such slot, and only the offers still possible evaluate their remaining
/// parts (ages, children, several facts) with the evaluator. The outcome is
/// `Matcher.status`'s for every offer (a test compares them), because "and"
/// does not depend on the order of its parts.
///
/// A slot value outside its table (which the readers never produce) makes
/// `decide` answer false, and the caller decides that profile part by part.
final class BatchPlan: @unchecked Sendable {
    /// Offer sets are kept in groups of 128 offers, one `SIMD4` per group:
    /// lanes 0 and 1 the offers ruled out, lanes 2 and 3 those undetermined
    /// (offer `128 g + 64 h + b` is bit `b` of lanes `h` and `2 + h` of group `g`).
    typealias Group = SIMD4<UInt64>
    let groups: Int
    /// False when some municipality or required assessment cannot be
    /// tabulated; every profile is then decided the usual way.
    let usable: Bool
    /// A tabulated slot: which slot, its lowest value, its number of values
    /// (row `count` is "unknown"), and its first row.
    struct Column {
        var slot: Int
        var low: Int64
        var count: UInt64
        var firstRow: Int
    }
    let columns: RawArray<Column>
    /// Per row, `groups` groups: the offers the row's value rules out or leaves undetermined.
    let rows: RawArray<Group>
    /// The same before any slot is read (inactive offers, constant parts).
    let initial: RawArray<Group>
    /// Per 64-offer word: the offers reported, and those of them with parts left for the evaluator.
    let reported: RawArray<UInt64>
    let hasRest: RawArray<UInt64>
    /// Per offer, its remaining condition nodes: `rest[restStart[i] ..< restStart[i + 1]]`.
    let restStart: RawArray<Int>
    let rest: RawArray<Int32>

    /// Slots with at most this many values are tabulated.
    static let maxValues = 1024

    init(matcher: Matcher, today: Day, reported reportedOffers: [Int]) {
        let program = matcher.program
        let groups = max(1, (program.offers.count + 127) / 128)
        self.groups = groups
        var ev = Evaluator(program: program, today: today, tracer: NoTrace())
        let domains = (0 ..< program.slotCount).map { BatchPlan.domain(program, slot: $0) }

        var initial = [Group](repeating: Group(), count: groups)
        var reported = [UInt64](repeating: 0, count: 2 * groups), hasRest = reported
        for i in reportedOffers { reported[i / 64] |= 1 << UInt64(i % 64) }
        var tables: [Int: [Group]] = [:]  // slot → (values + 1) × groups
        var restStart = [0], rest: [Int32] = []
        var usable = true
        /// Facts with every slot unknown but the one a part is evaluated on.
        var blank = Facts(program: program)

        /// Sets offer i's bit in `g` for truth `t` (.no: ruled out, .unknown: undetermined).
        func mark(_ g: inout [Group], _ at: Int, _ i: Int, _ t: Truth) {
            guard t != .yes else { return }
            let lane = (i % 128) / 64 + (t == .no ? 0 : 2)
            g[at + i / 128][lane] |= 1 << UInt64(i % 64)
        }
        /// Records the part's truth for every value of slot `s` (and unknown) for offer i.
        func tabulate(_ s: Int, offer i: Int, _ truth: (Int64) -> Truth) {
            let d = domains[s]!
            for r in 0 ... Int(d.count) {
                let t = truth(r < Int(d.count) ? d.low + Int64(r) : Slot.unknown)
                // (Marked in place: a copy of the table per offer made 10,000 offers slow to plan.)
                mark(&tables[s, default: [Group](repeating: Group(), count: (Int(d.count) + 1) * groups)], r * groups, i, t)
            }
        }

        for (i, o) in program.offers.enumerated() {
            if !matcher.active(i, Int64(today.number)) { mark(&initial, 0, i, .no) }
            // The municipality and required assessments read one slot each.
            let m = matcher.fast.municipality[i]
            if m != Slot.unknown {
                let s = Int(program.municipalitySlot)
                if domains[s] == nil { usable = false } else {
                    tabulate(s, offer: i) { v in v == Slot.unknown ? .unknown : (v == m ? .yes : .no) }
                }
            }
            for r in o.requires {
                if domains[Int(r)] == nil { usable = false } else { tabulate(Int(r), offer: i, Matcher.requirement) }
            }
            // The condition, part by part.
            for part in o.eligible >= 0 ? BatchPlan.conjuncts(program, o.eligible) : [] {
                var read = Set<Int>()
                if !BatchPlan.slotsRead(program, part, into: &read) || read.count > 1
                    || read.first.map({ domains[$0] == nil }) == true {
                    rest.append(part)
                    hasRest[i / 64] |= 1 << UInt64(i % 64)
                    continue
                }
                let evaluate = { (s: Int?, v: Int64) -> Truth in
                    if let s { blank.values[s] = v }
                    defer { if let s { blank.values[s] = Slot.unknown } }
                    ev.newProfile()
                    return ev.untracedTruth(part, blank)
                }
                if let s = read.first {
                    tabulate(s, offer: i) { evaluate(s, $0) }
                } else {
                    mark(&initial, 0, i, evaluate(nil, 0))
                }
            }
            restStart.append(rest.count)
        }

        var columns: [Column] = [], all: [Group] = []
        for s in tables.keys.sorted() {
            let d = domains[s]!
            columns.append(Column(slot: s, low: d.low, count: UInt64(d.count), firstRow: all.count / groups))
            all += tables[s]!
        }
        self.usable = usable
        self.columns = RawArray(columns)
        rows = RawArray(all)
        self.initial = RawArray(initial)
        self.reported = RawArray(reported)
        self.hasRest = RawArray(hasRest)
        self.restStart = RawArray(restStart)
        self.rest = RawArray(rest)
    }

    /// Decides every reported offer for the profile in `f` into `sets`
    /// (`groups` groups; a reported offer in neither set is eligible).
    /// False when a slot holds a value outside its table.
    @inline(__always)
    func decide(_ f: Facts, _ ev: inout Evaluator<NoTrace>, into sets: UnsafeMutablePointer<Group>) -> Bool {
        let known = f.values.withUnsafeBufferPointer { values -> Bool in
            /// Column `c`'s row for the profile's value, or nil for a value outside its table.
            @inline(__always) func row(_ c: Column) -> Int? {
                let v = values[c.slot]
                var r = UInt64(bitPattern: v &- c.low)
                if r >= c.count {
                    guard v == Slot.unknown else { return nil }
                    r = c.count
                }
                return c.firstRow &+ Int(truncatingIfNeeded: r)
            }
            if groups == 1 {
                // The common case (up to 128 offers): one group, in registers.
                var acc = initial[0]
                for k in 0 ..< columns.count {
                    guard let r = row(columns[k]) else { return false }
                    acc |= rows[r]
                }
                sets[0] = acc
                return true
            }
            sets.update(from: initial.base, count: groups)
            for k in 0 ..< columns.count {
                guard let r = row(columns[k]) else { return false }
                let groupsOfRow = rows.base + r &* groups
                for g in 0 ..< groups { sets[g] |= groupsOfRow[g] }
            }
            return true
        }
        guard known else { return false }
        // The offers still possible with parts left: evaluate those parts.
        for w in 0 ..< 2 &* groups {
            let (g, h) = (w &>> 1, w & 1)
            var open = ~sets[g][h] & reported[w] & hasRest[w]
            while open != 0 {
                let bit = open & (0 &- open)
                let i = w &* 64 &+ open.trailingZeroBitCount
                open ^= bit
                for k in restStart[i] ..< restStart[i &+ 1] {
                    let t = ev.untracedTruth(rest[k], f)
                    if t == .no {
                        sets[g][h] |= bit
                        break
                    }
                    if t == .unknown { sets[g][2 &+ h] |= bit }
                }
            }
        }
        return true
    }

    /// The status of reported offer `i` in sets filled by `decide`.
    @inline(__always)
    static func status(_ i: Int, _ sets: UnsafeMutablePointer<Group>) -> Status {
        let g = sets[i / 128], h = (i % 128) / 64, bit = UInt64(1) << UInt64(i % 64)
        return g[h] & bit != 0 ? .ineligible : (g[2 + h] & bit != 0 ? .undetermined : .eligible)
    }

    /// The values a slot can hold, when few: yes/no, an enum, a small
    /// number range, or a text (the rule set's texts and "other").
    static func domain(_ p: Program, slot: Int) -> (low: Int64, count: Int64)? {
        let owner = p.slotOwner[slot]
        let type: ValueType
        if owner.isAssessment {
            type = p.rules.assessments[owner.index].enumType.map { .enumeration($0) } ?? .bool
        } else {
            let fact = p.rules.facts[owner.index]
            type = fact.type
            if case .int = type, let r = fact.range, Int64(r.hi) - Int64(r.lo) < Int64(maxValues) {
                return (Int64(r.lo), Int64(r.hi) - Int64(r.lo) + 1)
            }
        }
        switch type {
        case .bool: return (0, 2)
        case .enumeration(let e) where p.rules.enums[e].values.count <= maxValues:
            return (0, Int64(p.rules.enums[e].values.count))
        case .string where p.strings.count < maxValues: return (Slot.otherText, Int64(p.strings.count) + 1)
        default: return nil
        }
    }

    /// The operands of a condition's top-level "and" (through named conditions and nested "and"s).
    /// A named condition is followed once (`c and c` is `c`): one used twice
    /// at each of many levels would otherwise be followed 2^levels times.
    static func conjuncts(_ p: Program, _ n: Int32) -> [Int32] {
        var named: Set<Int32> = []
        var out: [Int32] = []
        func visit(_ n: Int32) {
            let node = p.nodes[Int(n)]
            switch node.op {
            case .named: if named.insert(n).inserted { visit(node.a) }
            case .all: for k in 0 ..< Int(node.b) { visit(p.operands[Int(node.a) + k]) }
            default: out.append(n)
            }
        }
        visit(n)
        return out
    }

    /// Adds the fact slots node `n` reads to `read`; false if it reads a
    /// list (then it is never tabulated).
    static func slotsRead(_ p: Program, _ n: Int32, into read: inout Set<Int>) -> Bool {
        var named: [Int32: Bool] = [:]
        return slotsRead(p, n, into: &read, named: &named)
    }

    /// `named`: what each named condition already followed gave (each is
    /// followed once, however often it is used).
    static func slotsRead(_ p: Program, _ n: Int32, into read: inout Set<Int>, named: inout [Int32: Bool]) -> Bool {
        let node = p.nodes[Int(n)]
        func slotsRead(_ p: Program, _ n: Int32, into read: inout Set<Int>) -> Bool {
            BatchPlan.slotsRead(p, n, into: &read, named: &named)
        }
        func operands(_ from: Int32, _ count: Int) -> Bool {
            (0 ..< count).allSatisfy { slotsRead(p, p.operands[Int(from) + $0], into: &read) }
        }
        if node.op == .named, let known = named[n] { return known }
        switch node.op {
        case .constant, .today: return true
        case .fact:
            read.insert(Int(node.a))
            return true
        case .field, .count, .quantAny, .quantAll: return false
        case .named:
            let r = slotsRead(p, node.a, into: &read)
            named[n] = r
            return r
        case .yearsSince, .monthsSince, .weeksSince, .daysSince, .shiftDate, .truthOf, .member, .notMember, .not:
            return slotsRead(p, node.a, into: &read)
        case .add, .subtract, .compare:
            return slotsRead(p, node.a, into: &read) && slotsRead(p, node.b, into: &read)
        case .between:
            return slotsRead(p, node.a, into: &read) && slotsRead(p, node.b, into: &read) && slotsRead(p, node.c, into: &read)
        case .byDate: return operands(node.a, 2 * Int(node.b))
        case .all, .any: return operands(node.a, Int(node.b))
        }
    }
}
