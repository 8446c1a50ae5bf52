import RulesDSL

/// Decides offers for citizens. `status` is the fast path (batch screening);
/// `evaluate` adds reasons, missing facts, deadlines, windows and details.
public struct Matcher: Sendable {
    @usableFromInline package let program: Program
    /// The offers' decision inputs as flat arrays, for the batch path.
    @usableFromInline package let fast: FastOffers
    @usableFromInline let municipalitySlot: Int32
    /// The steps after a citizen's dates where time can change a decision (`WindowFinder.steps`).
    let windowSteps: [Int]

    @usableFromInline package init(program: Program) {
        self.program = program
        self.fast = FastOffers(program)
        self.municipalitySlot = program.municipalitySlot
        self.windowSteps = WindowFinder.steps(program)
    }

    /// Compiles checked rules for deciding.
    public init(rules: RuleSet) { self.init(program: Compiler.compile(rules)) }

    /// The rules it decides.
    public var rules: RuleSet { program.rules }

    /// The parts of a decision, each three-valued.
    struct Parts {
        var planned: Bool
        var valid: Bool
        var municipality: Truth
        var conditions: Truth
        var requires: [Truth]

        var overall: Truth {
            if planned || !valid || municipality == .no || conditions == .no || requires.contains(.no) { return .no }
            if municipality == .unknown || conditions == .unknown || requires.contains(.unknown) { return .unknown }
            return .yes
        }
    }

    // The three parts of a decision before its conditions, shared by the
    // batch path and the explained one.

    /// Inside the validity window and not merely planned.
    @inlinable @inline(__always)
    package func active(_ i: Int, _ today: Int64) -> Bool {
        !fast.planned[i] && today >= fast.validFrom[i] && today <= fast.validTo[i]
    }

    /// Whether the citizen lives in the offer's municipality (yes for national offers).
    @inlinable @inline(__always)
    func municipalityTruth(_ i: Int, _ f: Facts) -> Truth {
        let m = fast.municipality[i]
        if m == Slot.unknown { return .yes }
        let v = f.values[municipalitySlot.index]
        if v == Slot.unknown { return .unknown }
        return v == m ? .yes : .no
    }

    /// A required assessment's slot value as a condition: recorded as met, not met, or not yet made.
    @inlinable @inline(__always)
    package static func requirement(_ v: Int64) -> Truth {
        v == Slot.unknown ? .unknown : (v == 1 ? .yes : .no)
    }

    /// The status of one offer, evaluating as little as possible.
    @usableFromInline package func status(offer i: Int, facts f: Facts, today: Day) -> Status {
        var ev = Evaluator(program: program, today: today, tracer: NoTrace())
        return status(offer: i, f, &ev)
    }

    /// The batch path: one offer's status from flat arrays (no copies).
    /// Inlinable, like the evaluator, for batch screening in another module.
    @inlinable @inline(__always)
    package func status(offer i: Int, _ f: Facts, _ ev: inout Evaluator<NoTrace>) -> Status {
        if !active(i, ev.today) { return .ineligible }
        var result = municipalityTruth(i, f)
        if result == .no { return .ineligible }
        let root = fast.eligible[i]
        if root >= 0 {
            let c = ev.untracedTruth(root, f)
            if c == .no { return .ineligible }
            if c == .unknown { result = .unknown }
        }
        for k in fast.requiresStart[i]..<fast.requiresStart[i + 1] {
            switch Matcher.requirement(f.values[fast.requires[k].index]) {
            case .no: return .ineligible
            case .unknown: result = .unknown
            case .yes: break
            }
        }
        return Status(result)
    }

    /// Every offer's status for one citizen, in rule-set order.
    @usableFromInline package func statuses(facts f: Facts, today: Day) -> [Status] {
        var ev = Evaluator(program: program, today: today, tracer: NoTrace())
        return program.offers.indices.map { status(offer: $0, f, &ev) }
    }

    func parts(_ o: CompiledOffer, _ f: Facts, _ ev: inout Evaluator<ExplainTrace>) -> Parts {
        let cond: Truth = o.eligible >= 0 ? ev.truth(o.eligible, f) : .yes
        let req = o.requires.map { Matcher.requirement(f.values[Int($0)]) }
        let i = o.index
        let valid = ev.today >= fast.validFrom[i] && ev.today <= fast.validTo[i]
        return Parts(planned: o.planned, valid: valid, municipality: municipalityTruth(i, f), conditions: cond, requires: req)
    }

    /// The full result for one offer: reasons, missing facts, deadlines,
    /// window and details, as values.
    @usableFromInline package func evaluate(offer i: Int, facts f: Facts, profile: Profile, today: Day) -> OfferResult {
        let o = program.offers[i]
        var ev = Evaluator(program: program, today: today, tracer: ExplainTrace())
        let p = parts(o, f, &ev)
        let status = Status(p.overall)
        let x = Explainer(program: program, trace: ev.tracer, facts: f, profile: profile, today: today)
        var result = OfferResult(offer: i, status: status, reasons: x.reasons(o, p), missing: [], deadlines: [], window: nil,
                                 eligibleFrom: nil, details: [], ladder: nil)
        if status == .undetermined { result.missing = x.missing(o, p) }
        if status != .ineligible || !p.valid {
            result.deadlines = x.deadlines(o, &ev)
        }
        if status != .ineligible {
            result.details = x.details(i, &ev)
            result.ladder = x.ladder(i, f)
        }
        let w = WindowFinder(matcher: self, facts: f, trace: ev.tracer)
        if status == .eligible { result.window = w.window(o, today: today) }
        if status == .ineligible, !o.planned { result.eligibleFrom = w.eligibleFrom(o, today: today) }
        return result
    }

    /// Every offer's result for one citizen.
    public func evaluateAll(profile: Profile, today: Day) -> [OfferResult] {
        let f = facts(profile, today: today)
        return program.offers.indices.map { evaluate(offer: $0, facts: f, profile: profile, today: today) }
    }
}

/// Per offer, what the batch path reads, as flat arrays (one load per
/// decision input, instead of one `CompiledOffer` with arrays inside).
@usableFromInline package struct FastOffers: Sendable {
    @usableFromInline let planned: [Bool]
    @usableFromInline let validFrom: [Int64]
    @usableFromInline let validTo: [Int64]
    /// The required municipality value, or `Slot.unknown` for none.
    @usableFromInline package let municipality: [Int64]
    @usableFromInline let eligible: [Int32]
    /// Offer i's required assessment slots: `requires[requiresStart[i] ..< requiresStart[i + 1]]`.
    @usableFromInline let requiresStart: [Int]
    @usableFromInline let requires: [Int32]

    init(_ p: Program) {
        planned = p.offers.map(\.planned)
        validFrom = p.offers.map { $0.validFrom.map(Int64.init) ?? Int64.min }
        validTo = p.offers.map { $0.validTo.map(Int64.init) ?? Int64.max }
        municipality = p.offers.map { p.municipalitySlot >= 0 ? ($0.municipality ?? Slot.unknown) : Slot.unknown }
        eligible = p.offers.map(\.eligible)
        var starts = [0]
        var all: [Int32] = []
        for o in p.offers {
            all += o.requires
            starts.append(all.count)
        }
        requiresStart = starts
        requires = all
    }
}
