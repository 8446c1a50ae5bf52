/// A name as written, with where it was written.
public struct Name: Sendable, Hashable {
    public var text: String
    public var range: SourceRange

    public init(_ text: String, _ range: SourceRange) {
        self.text = text
        self.range = range
    }
}

public enum BinaryOperator: String, Sendable {
    case and, or
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case plus = "+", minus = "-"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return true
        default: return false
        }
    }

    /// The comparison that holds exactly when this one does not.
    public var negated: BinaryOperator {
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
    public var flipped: BinaryOperator {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

public enum Quantifier: String, Sendable {
    case any, all, count
}

/// The right-hand side of `in`: a literal list or a named set.
public enum SetSyntax: Sendable {
    case list([Expr])
    case named(Name)
}

/// An expression or condition, as parsed.
public indirect enum ExprKind: Sendable {
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

public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange

    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
