import RulesDSL

/// Receives every node result while an offer is explained. The batch path
/// uses `NoTrace`, which the compiler removes entirely.
@usableFromInline package protocol Tracer {
    /// Whether to evaluate every operand (for a full explanation) instead of
    /// stopping at the first that decides.
    static var complete: Bool { get }
    mutating func record(node: Int32, element: Int32, truth: Truth)
    mutating func record(node: Int32, element: Int32, value: Int64)
    /// What was recorded for a node on this element, if anything: so that a
    /// complete evaluation computes a derived value or a named condition
    /// once, however often it is used.
    func recorded(node: Int32, element: Int32) -> Truth?
    func recordedValue(node: Int32, element: Int32) -> Int64?
}

@usableFromInline package struct NoTrace: Tracer {
    @inlinable package init() {}
    @inlinable package static var complete: Bool { false }
    @inlinable @inline(__always) package mutating func record(node: Int32, element: Int32, truth: Truth) {}
    @inlinable @inline(__always) package mutating func record(node: Int32, element: Int32, value: Int64) {}
    @inlinable @inline(__always) package func recorded(node: Int32, element: Int32) -> Truth? { nil }
    @inlinable @inline(__always) package func recordedValue(node: Int32, element: Int32) -> Int64? { nil }
}

/// Evaluates compiled nodes against one citizen's facts, as of one day.
/// Three-valued throughout; no allocation, no dictionaries, no existentials
/// on the hot path: the program's arrays are read in place, by index.
///
/// What batch screening (another module) calls per profile is `@inlinable`,
/// with the internals it reads `@usableFromInline`: so it is specialized
/// for `NoTrace` and inlined there, as if it were written in that module.
@usableFromInline package struct Evaluator<T: Tracer> {
    @usableFromInline package let program: Program
    @usableFromInline package var tracer: T
    @usableFromInline package let today: Int64
    @usableFromInline let todayDay: Day
    @usableFromInline let nodes: [Node]
    @usableFromInline let operands: [Int32]
    @usableFromInline let constants: [Int64]
    @usableFromInline let lists: [ListLayout]
    @usableFromInline let ty: Int, tm: Int, td: Int
    /// Derived values and named conditions (yes/no as 1/0, unknown as
    /// `Slot.unknown`, as `value` gives a condition) of the current profile,
    /// valid where the stamp matches. Neither reads a list element's fields,
    /// so one entry serves every element.
    @usableFromInline var memo: [Memo]
    @usableFromInline var stamp: UInt32 = 1

    /// One cached derived value, and the profile (`stamp`) it belongs to.
    @usableFromInline struct Memo {
        @usableFromInline var value: Int64
        @usableFromInline var stamp: UInt32

        @inlinable init(value: Int64 = 0, stamp: UInt32 = 0) {
            self.value = value
            self.stamp = stamp
        }
    }

    @inlinable package init(program: Program, today: Day, tracer: T) {
        self.program = program
        self.tracer = tracer
        self.today = Int64(today.number)
        self.todayDay = today
        nodes = program.nodes
        operands = program.operands
        constants = program.constants
        lists = program.lists
        (ty, tm, td) = today.components
        memo = Array(repeating: Memo(), count: program.memoCount)
    }

    /// Forgets the cached derived values: call before a new profile.
    @inlinable @inline(__always) package mutating func newProfile() {
        stamp &+= 1
        if stamp == 0 { restartStamps() }
    }

    /// After 2^32 - 1 profiles, stamps start again at 1 (and no value is
    /// valid for it yet).
    @usableFromInline @inline(never) mutating func restartStamps() {
        for i in memo.indices { memo[i].stamp = 0 }
        stamp = 1
    }

    /// `element`: index of the current list element's first slot, or -1.
    @inlinable @inline(__always)
    package mutating func value(_ n: Int32, _ f: Facts, _ element: Int32 = -1) -> Int64 {
        let m = nodes[n.index].memo
        if m >= 0 {
            if !T.complete {
                let cached = memo[m.index]
                if cached.stamp == stamp { return cached.value }
                let v = computeValue(n, f, element)
                memo[m.index] = Memo(value: v, stamp: stamp)
                return v
            }
            if let v = tracer.recordedValue(node: n, element: element) { return v }
        }
        let v = computeValue(n, f, element)
        tracer.record(node: n, element: element, value: v)
        return v
    }

    /// An operand's value. Without a trace, a constant or a fact is read in
    /// place, saving a call per operand (most conditions compare a fact with
    /// a constant).
    @inlinable @inline(__always)
    mutating func operand(_ n: Int32, _ f: Facts, _ element: Int32) -> Int64 {
        if !T.complete {
            let node = nodes[n.index]
            if node.op == .constant { return node.imm }
            if node.op == .fact { return f.values[node.a.index] }
        }
        return value(n, f, element)
    }

    /// Completed years, months, weeks or days from day `d` to today.
    @inlinable @inline(__always)
    func since(_ op: Op, _ d: Int64) -> Int64 {
        switch op {
        case .yearsSince, .monthsSince:
            let (by, bm, bd) = Day.civilFromDays(Int(d))
            let early = tm < bm || (tm == bm && td < bd)
            if op == .yearsSince { return Int64(ty - by - (early ? 1 : 0)) }
            return Int64(12 * (ty - by) + (tm - bm) - (td < bd ? 1 : 0))
        case .weeksSince: return (today - d) / 7
        default: return today - d
        }
    }

    /// `a + b` or `a - b`, or `Slot.none` when the result leaves the numbers
    /// a value can hold, −2^62…2^62 (`Slot.intValues`): so that a sum never
    /// traps, never wraps, and never becomes a sentinel.
    @inlinable @inline(__always) static func arithmetic(_ op: Op, _ a: Int64, _ b: Int64) -> Int64 {
        let (r, overflow) = op == .add ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
        if overflow || r < Slot.intValues.lowerBound || r > Slot.intValues.upperBound { return Slot.none }
        return r
    }

    @inlinable
    mutating func computeValue(_ n: Int32, _ f: Facts, _ element: Int32) -> Int64 {
        let node = nodes[n.index]
        switch node.op {
        case .constant: return node.imm
        case .today: return today
        case .fact: return f.values[node.a.index]
        case .field: return element < 0 ? Slot.unknown : f.elements[element.index + node.a.index]
        case .yearsSince, .monthsSince, .weeksSince, .daysSince:
            let d = value(node.a, f, element)
            if d == Slot.unknown || d == Slot.none { return d }
            if d > today { return Slot.none }
            return since(node.op, d)
        case .shiftDate:
            let d = value(node.a, f, element)
            if d == Slot.unknown || d == Slot.none { return d }
            return shiftDay(d, by: Int(node.b), unit: Int(node.c))
        case .add, .subtract:
            let a = value(node.a, f, element), b = value(node.b, f, element)
            if a == Slot.none || b == Slot.none { return Slot.none }
            if a == Slot.unknown || b == Slot.unknown { return Slot.unknown }
            return Evaluator.arithmetic(node.op, a, b)
        case .byDate:
            var result = Slot.none
            for i in 0..<Int(node.b) {
                let d = nodes[operands[node.a.index + 2 * i].index].imm
                if d <= today { result = value(operands[node.a.index + 2 * i + 1], f, element) } else { break }
            }
            return result
        case .count:
            let li = node.a.index
            let count = f.listCount[li]
            if count < 0 { return Slot.unknown }
            let width = Int32(truncatingIfNeeded: lists[li].fieldCount)
            var k: Int64 = 0
            var unknown = false
            for e in 0..<count {
                switch truth(node.b, f, f.listStart[li] + e * width) {
                case .yes: k += 1
                case .unknown: unknown = true
                case .no: break
                }
            }
            return unknown ? Slot.unknown : k
        default:
            // A condition used as a value: yes/no as 1/0.
            switch truth(n, f, element) {
            case .yes: return 1
            case .no: return 0
            case .unknown: return Slot.unknown
            }
        }
    }

    @inlinable @inline(__always)
    package mutating func truth(_ n: Int32, _ f: Facts, _ element: Int32 = -1) -> Truth {
        let t = computeTruth(n, f, element)
        tracer.record(node: n, element: element, truth: t)
        return t
    }

    @inlinable @inline(__always) static func compare(_ a: Int64, _ b: Int64, _ c: Int32) -> Truth {
        if a == Slot.none || b == Slot.none { return .no }
        if a == Slot.unknown || b == Slot.unknown { return .unknown }
        let r: Bool
        switch c {
        case Comparison.eq.rawValue: r = a == b
        case Comparison.ne.rawValue: r = a != b
        case Comparison.lt.rawValue: r = a < b
        case Comparison.le.rawValue: r = a <= b
        case Comparison.gt.rawValue: r = a > b
        default: r = a >= b
        }
        return r ? .yes : .no
    }

    @inlinable
    mutating func computeTruth(_ n: Int32, _ f: Facts, _ element: Int32) -> Truth {
        let node = nodes[n.index]
        switch node.op {
        case .constant: return node.imm != 0 ? .yes : .no
        case .truthOf:
            let v = operand(node.a, f, element)
            if v == Slot.unknown { return .unknown }
            return v == 1 ? .yes : .no
        case .compare:
            return Evaluator.compare(operand(node.a, f, element), operand(node.b, f, element), node.c)
        case .between:
            let x = operand(node.a, f, element), lo = operand(node.b, f, element), hi = operand(node.c, f, element)
            let a = Evaluator.compare(x, lo, Comparison.ge.rawValue)
            let b = Evaluator.compare(x, hi, Comparison.le.rawValue)
            if a == .no || b == .no { return .no }
            if a == .unknown || b == .unknown { return .unknown }
            return .yes
        case .member, .notMember:
            let x = operand(node.a, f, element)
            if x == Slot.none { return .no }
            if x == Slot.unknown { return .unknown }
            var found = false
            var i = node.b.index
            while i < node.c.index {
                if constants[i] == x { found = true; break }
                i += 1
            }
            return (found == (node.op == .member)) ? .yes : .no
        case .not:
            return truth(node.a, f, element).not
        case .all:
            var result = Truth.yes
            for i in 0..<Int(node.b) {
                switch truth(operands[node.a.index + i], f, element) {
                case .no:
                    result = .no
                    if !T.complete { return .no }
                case .unknown: if result == .yes { result = .unknown }
                case .yes: break
                }
            }
            return result
        case .any:
            var result = Truth.no
            for i in 0..<Int(node.b) {
                switch truth(operands[node.a.index + i], f, element) {
                case .yes:
                    result = .yes
                    if !T.complete { return .yes }
                case .unknown: if result == .no { result = .unknown }
                case .no: break
                }
            }
            return result
        case .quantAny, .quantAll:
            let li = node.a.index
            let count = f.listCount[li]
            if count < 0 { return .unknown }
            let width = Int32(truncatingIfNeeded: lists[li].fieldCount)
            let decisive: Truth = node.op == .quantAny ? .yes : .no
            var result: Truth = decisive.not
            for e in 0..<count {
                let t = truth(node.b, f, f.listStart[li] + e * width)
                if t == decisive {
                    result = decisive
                    if !T.complete { return result }
                } else if t == .unknown, result != decisive {
                    result = .unknown
                }
            }
            return result
        case .named:
            if !T.complete {
                let cached = memo[node.memo.index]
                if cached.stamp == stamp { return cached.value == 1 ? .yes : (cached.value == 0 ? .no : .unknown) }
                let t = truth(node.a, f, element)
                memo[node.memo.index] = Memo(value: t == .yes ? 1 : (t == .no ? 0 : Slot.unknown), stamp: stamp)
                return t
            }
            if let t = tracer.recorded(node: n, element: element) { return t }
            return truth(node.a, f, element)
        default:
            // A value used as a condition (a yes/no derived value).
            let v = value(n, f, element)
            if v == Slot.unknown { return .unknown }
            return v == 1 ? .yes : .no
        }
    }
}

extension Evaluator where T == NoTrace {
    /// `truth` and `value` for the callers without a trace (batch screening
    /// and its plan, `Matcher.status`, the ladder, values shown in reasons),
    /// all of them: non-generic and inlinable, so the evaluator has one
    /// specialization for `NoTrace` in the binary. (Called both from here and
    /// straight from non-inlinable code, it had two, which the compiler merged
    /// into one function taking its callees as arguments: some 10 more
    /// instructions per screened line.)
    @inlinable @inline(__always)
    package mutating func untracedTruth(_ n: Int32, _ f: Facts, _ element: Int32 = -1) -> Truth {
        truth(n, f, element)
    }

    @inlinable @inline(__always)
    package mutating func untracedValue(_ n: Int32, _ f: Facts, _ element: Int32 = -1) -> Int64 {
        value(n, f, element)
    }
}

extension Int32 {
    /// A node, operand or slot number as an array index. Zero-extended, so
    /// that the bounds check is one comparison (a negative number becomes an
    /// index past the end, and fails it all the same).
    @inlinable @inline(__always) var index: Int { Int(UInt32(bitPattern: self)) }
}

/// Day `d` moved by `amount` of unit `unit` (an index of
/// `DurationUnit.allCases`), or `Slot.none` when the day reached is outside
/// the calendar (`Day.first … Day.last`). Not inlined: dates are shifted
/// rarely, and calendar arithmetic lives in RulesDSL.
@usableFromInline package func shiftDay(_ d: Int64, by amount: Int, unit: Int) -> Int64 {
    guard let day = Day(validNumber: d),
          let shifted = Duration(Int(amount.magnitude), DurationUnit.allCases[unit]).added(to: day, sign: amount < 0 ? -1 : 1)
    else { return Slot.none }
    return Int64(shifted.number)
}
