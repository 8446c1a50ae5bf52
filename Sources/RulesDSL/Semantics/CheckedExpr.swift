/// A constant value in a checked expression.
package enum Constant: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case date(Day)
    case string(String)
    case enumValue(type: Int, value: Int)
    case duration(Duration)
}

package enum Builtin: String, Sendable, CaseIterable {
    case yearsSince = "years_since"
    case monthsSince = "months_since"
    case weeksSince = "weeks_since"
    case daysSince = "days_since"
}

/// What a checked expression is.
package indirect enum CheckedKind: Sendable {
    case constant(Constant)
    case today
    case fact(FactRef)
    case assessment(Int)
    /// A derived value: top-level (record nil) or of a record's element.
    case derived(record: Int?, index: Int)
    case condition(Int)
    case call(Builtin, CheckedExpr)
    /// `date ± duration`.
    case shiftDate(CheckedExpr, Duration, sign: Int)
    /// `int ± int`, or negation as `0 - x`.
    case arithmetic(BinaryOperator, CheckedExpr, CheckedExpr)
    case compare(BinaryOperator, CheckedExpr, CheckedExpr)
    case between(CheckedExpr, CheckedExpr, CheckedExpr)
    case member(CheckedExpr, [Constant], negated: Bool, setName: String?)
    case not(CheckedExpr)
    /// Every item holds (a block, or `and`).
    case all([CheckedExpr])
    /// At least one item holds (`any of`, or `or`).
    case any([CheckedExpr])
    /// `unless C` inside a block: holds when C does not.
    case unless(CheckedExpr)
    case quantifier(Quantifier, fact: Int, record: Int, body: CheckedExpr)
    case byDate([(Day, CheckedExpr)])
}

/// A typed, resolved expression with the source range it was written at.
package struct CheckedExpr: Sendable {
    package var kind: CheckedKind
    package var type: ValueType
    package var range: SourceRange

    package init(_ kind: CheckedKind, _ type: ValueType, _ range: SourceRange) {
        self.kind = kind
        self.type = type
        self.range = range
    }

    package static func error(_ range: SourceRange) -> CheckedExpr {
        CheckedExpr(.constant(.bool(false)), .error, range)
    }

    /// Calls `visit` on this expression and every sub-expression, depth first.
    package func walk(_ visit: (CheckedExpr) -> Void) {
        visit(self)
        switch kind {
        case .constant, .today, .fact, .assessment, .derived, .condition: break
        case .call(_, let a), .not(let a), .unless(let a), .shiftDate(let a, _, _): a.walk(visit)
        case .arithmetic(_, let a, let b), .compare(_, let a, let b): a.walk(visit); b.walk(visit)
        case .between(let a, let b, let c): a.walk(visit); b.walk(visit); c.walk(visit)
        case .member(let a, _, _, _): a.walk(visit)
        case .all(let xs), .any(let xs): for x in xs { x.walk(visit) }
        case .quantifier(_, _, _, let body): body.walk(visit)
        case .byDate(let entries): for (_, e) in entries { e.walk(visit) }
        }
    }
}
