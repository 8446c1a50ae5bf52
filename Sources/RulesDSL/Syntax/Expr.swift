/// A name as written, with where it was written.
package struct Name: Sendable, Hashable {
    package var text: String
    package var range: SourceRange

    package init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
}

package enum BinaryOperator: String, Sendable {
    case and, or
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case plus = "+", minus = "-"

    package var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }

    /// The comparison that holds exactly when this one does not.
    package var negated: BinaryOperator {
        switch self {
        case .equal: return .notEqual
        case .notEqual: return .equal
        case .less: return .greaterEqual
        case .lessEqual: return .greater
        case .greater: return .lessEqual
        case .greaterEqual: return .less
        default: return self
        }
    }

    /// `a op b` ⇔ `b flipped a`.
    package var flipped: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

package enum Quantifier: String, Sendable {
    case any, all, count
}

/// The right-hand side of `in`: a literal list or a named set.
package enum SetSyntax: Sendable {
    case list([Expr])
    case named(Name)
}

/// An expression or condition, as parsed.
package indirect enum ExprKind: Sendable {
    case integer(Int)
    case date(Day?)            // nil: not a calendar day (already diagnosed)
    case duration(Duration)
    case string(String)
    case bool(Bool)
    case today
    case name(Name)
    case call(Name, [Expr])
    case not(Expr)
    case negate(Expr)
    case binary(BinaryOperator, Expr, Expr)
    case between(Expr, Expr, Expr)
    case member(Expr, SetSyntax, negated: Bool)
    case quantifier(Quantifier, Name, Expr)
    case byDate([(Day?, Expr)])
    /// A block: every item must hold.
    case all([Expr])
    /// `any of { … }`: at least one item holds.
    case anyOf([Expr])
    /// `unless C` inside a block: C must not hold.
    case unless(Expr)
    /// Could not be parsed (already diagnosed).
    case error
}

package struct Expr: Sendable {
    package var kind: ExprKind
    package var range: SourceRange

    package init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
