import RulesDSL

/// Values in fact slots are 64-bit integers: booleans 0/1, numbers, dates as
/// day numbers, enum values as indexes, texts as indexes into the program's
/// string table. Two sentinels mark what is not a value.
@usableFromInline package enum Slot {
    /// The fact is not known.
    @usableFromInline package static let unknown = Int64.min
    /// Known to have no value (the age of someone born after the date).
    @usableFromInline package static let none = Int64.min + 1
    /// The numbers a value can hold: what the checker accepts as a constant
    /// (`Limits.int`), and what arithmetic gives, or else `none`. Far from
    /// the sentinels, so no value is ever one.
    @usableFromInline package static let intValues = Int64(Limits.int.lowerBound)...Int64(Limits.int.upperBound)
    /// A text that matches none of the rule set's constants.
    @usableFromInline package static let otherText: Int64 = -1
}

/// Three-valued truth.
public enum Truth: UInt8, Sendable {
    case no = 0, yes = 1, unknown = 2

    @inlinable @inline(__always) package var not: Truth {
        switch self {
        case .no: return .yes
        case .yes: return .no
        case .unknown: return .unknown
        }
    }
}

/// What a node computes. Value nodes give an `Int64` (or a sentinel);
/// condition nodes give a `Truth`.
@usableFromInline package enum Op: UInt8, Sendable {
    // values
    case constant        // imm
    case today
    case fact            // a = slot
    case field           // a = field index of the current list element
    case yearsSince, monthsSince, weeksSince, daysSince   // a = date node
    case shiftDate       // a = date node, b = amount (signed), c = unit
    case add, subtract   // a, b
    case byDate          // operands[a..<a+2b]: (date constant node, value node) pairs
    case count           // a = list index, b = body node
    // conditions
    case truthOf         // a = value node (yes/no fact or assessment)
    case compare         // a, b value nodes; c = comparison (BinaryOperator raw index)
    case between         // a = x, b = lo, c = hi
    case member          // a = x, constants[b..<c]
    case notMember       // a = x, constants[b..<c]
    case not             // a
    case all, any        // operands[a..<a+b]
    case quantAny, quantAll  // a = list index, b = body node
    case named           // a = child; imm = condition index (for explanations)
}

@usableFromInline package struct Node: Sendable {
    @usableFromInline package var op: Op
    @usableFromInline package var a: Int32 = 0
    @usableFromInline package var b: Int32 = 0
    @usableFromInline package var c: Int32 = 0
    @usableFromInline package var imm: Int64 = 0
    /// Index into `Program.exprs`: the checked expression this node came from.
    @usableFromInline package var expr: Int32 = -1
    /// For the root of a derived value and a named condition: its slot in
    /// the per-profile cache, so that each is evaluated once per profile.
    @usableFromInline package var memo: Int32 = -1
}

/// Comparison operators as small integers, for `Op.compare`.
@usableFromInline package enum Comparison: Int32, Sendable {
    case eq, ne, lt, le, gt, ge

    init(_ op: BinaryOperator) {
        switch op {
        case .equal: self = .eq
        case .notEqual: self = .ne
        case .less: self = .lt
        case .lessEqual: self = .le
        case .greater: self = .gt
        default: self = .ge
        }
    }
}

/// One offer, compiled.
@usableFromInline package struct CompiledOffer: Sendable {
    @usableFromInline package var index: Int
    /// Root condition node, or -1 when the offer has no conditions. An
    /// offer's `for { … }` block comes first in it: its first `targetCount`
    /// operands are the target group's items.
    @usableFromInline package var eligible: Int32 = -1
    package var targetCount = 0
    /// The `for { … }` block alone (whom the offer is for), or -1 without one.
    package var target: Int32 = -1
    /// Required value of the municipality slot, or nil (national).
    @usableFromInline package var municipality: Int64?
    @usableFromInline package var validFrom: Int32?
    @usableFromInline package var validTo: Int32?
    @usableFromInline package var planned: Bool
    /// Assessment slots that must hold `1`.
    @usableFromInline package var requires: [Int32]
    @usableFromInline package var deadlines: [(due: Int32, earliest: Int32)]
}

/// The slots of one list fact (a citizen's children) in a profile.
@usableFromInline package struct ListLayout: Sendable {
    @usableFromInline package var fact: Int
    @usableFromInline package var record: Int
    @usableFromInline package var fieldCount: Int
}

/// A rule set compiled for evaluation: facts resolved to slots, enums to
/// small integers, texts to indexes, conditions to a flat array of nodes.
@usableFromInline package struct Program: Sendable {
    @usableFromInline package var rules: RuleSet
    @usableFromInline package var nodes: [Node] = []
    @usableFromInline package var operands: [Int32] = []
    @usableFromInline package var constants: [Int64] = []
    package var exprs: [CheckedExpr] = []
    /// Text constants; a profile's text becomes its index here.
    @usableFromInline package var strings: [String] = []
    /// Each text constant's index in `strings` (a linear search there made
    /// compiling and reading texts quadratic in a large set).
    @usableFromInline package var stringIDs: [String: Int64] = [:]
    @usableFromInline package var offers: [CompiledOffer] = []
    /// Slot of each top-level fact (`-1` for list facts), then assessments.
    @usableFromInline package var factSlot: [Int32] = []
    @usableFromInline package var assessmentSlot: [Int32] = []
    @usableFromInline package var slotCount = 0
    /// What each slot holds: a fact (by index) or an assessment (by index).
    @usableFromInline package var slotOwner: [(isAssessment: Bool, index: Int)] = []
    /// Slot of the `municipality` fact, or -1.
    @usableFromInline package var municipalitySlot: Int32 = -1
    /// List facts, indexed by the `a` operand of quantifier nodes.
    @usableFromInline package var lists: [ListLayout] = []
    @usableFromInline package var listOfFact: [Int32] = []
    /// Root nodes of derived values and named conditions (for explanations).
    @usableFromInline package var derivedNodes: [Int32] = []
    @usableFromInline package var recordDerivedNodes: [[Int32]] = []
    @usableFromInline package var conditionNodes: [Int32] = []
    /// Per top-level fact, the root of its `for { … }` block (whom it can apply to), or -1.
    package var appliesNodes: [Int32] = []
    /// The facts with a `for` block and a slot: the slot and the block's root.
    @usableFromInline package var appliesChecks: [(slot: Int32, node: Int32)] = []
    /// The list facts with a `for` block (children, a partner): the list and the block's root.
    @usableFromInline package var appliesLists: [(list: Int32, node: Int32)] = []
    /// Per offer: detail case condition nodes, list-detail nodes, ladder steps.
    @usableFromInline package var detailNodes: [[[Int32]]] = []
    @usableFromInline package var ladderStepNodes: [[Int32]] = []

    /// Derived values and named conditions cached per profile.
    @usableFromInline package var memoCount = 0

    @usableFromInline package func stringIndex(_ s: String) -> Int64 {
        stringIDs[s] ?? Slot.otherText
    }
}

extension Program {
    /// The declared range (`int 0 to 10`) of the fact node `n` reads, if any.
    @usableFromInline package func declaredRange(of n: Int32) -> ClosedRange<Int64>? {
        guard n >= 0 else { return nil }
        let node = nodes[Int(n)]
        guard node.op == .fact || node.op == .field, node.expr >= 0,
              case .fact(let ref) = exprs[Int(node.expr)].kind, let r = rules.fact(ref).range else { return nil }
        return Int64(r.lo)...Int64(r.hi)
    }
}
