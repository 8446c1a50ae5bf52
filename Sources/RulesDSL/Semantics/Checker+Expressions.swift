extension Checker {
    func source(_ r: SourceRange) -> String {
        let s = rules.sources.file(r.file)?.text(r) ?? ""
        return s.count > 40 ? String(s.prefix(40)) + "…" : s
    }

    /// Checks an expression that must be a condition (yes/no).
    mutating func checkCondition(_ e: Expr, _ scope: Scope) -> CheckedExpr {
        let c = checkExpr(e, scope, expected: .bool)
        if c.type != .bool, c.type != .error {
            notACondition(e, c)
            return .error(e.range)
        }
        return c
    }

    mutating func notACondition(_ e: Expr, _ c: CheckedExpr) {
        var hint = ""
        if c.type == .int { hint = "; compare it, e.g. '\(source(e.range)) >= 18'" }
        if case .enumeration(let en) = c.type, let v = rules.enums[en].values.first { hint = "; compare it, e.g. '\(source(e.range)) = \(v)'" }
        diagnostics.error("type-mismatch", "'\(source(e.range))' is \(c.type.describe(rules)), not a condition\(hint)", at: e.range)
    }

    /// Checks an expression whose value is used (any type).
    mutating func checkValue(_ e: Expr, _ scope: Scope, expected: ValueType? = nil) -> CheckedExpr {
        checkExpr(e, scope, expected: expected)
    }

    /// Checks one expression. Names are followed by recursion through the
    /// derived values and conditions they name, so this function is kept
    /// small and each larger case has a function of its own: an unoptimised
    /// build gives a function one stack frame for all its cases, and a long
    /// chain of names stacks many of them.
    mutating func checkExpr(_ e: Expr, _ scope: Scope, expected: ValueType?) -> CheckedExpr {
        let r = e.range
        switch e.kind {
        case .error, .integer, .date, .duration, .string, .bool, .today:
            return checkLiteral(e)
        case .name(let n):
            return checkName(n, scope, expected: expected, r)
        case .call(let f, let args):
            return checkCall(f, args, scope, r)
        case .negate(let inner):
            return checkNegate(inner, scope, r)
        case .not(let inner):
            let a = checkCondition(inner, scope)
            return CheckedExpr(.not(a), .bool, r)
        case .unless(let inner):
            let a = checkCondition(inner, scope)
            return CheckedExpr(.unless(a), .bool, r)
        case .all(let items):
            return CheckedExpr(.all(checkConditions(items, scope)), .bool, r)
        case .anyOf(let items):
            if items.isEmpty { diagnostics.error("empty-block", "'any of' needs at least one condition", at: r) }
            return CheckedExpr(.any(checkConditions(items, scope)), .bool, r)
        case .binary(let op, let a, let b):
            return checkBinary(op, a, b, scope, r)
        case .between(let x, let lo, let hi):
            return checkBetween(x, lo, hi, scope, r)
        case .member(let x, let set, let negated):
            return checkMember(x, set, negated, scope, r)
        case .quantifier(let q, let listName, let body):
            return checkQuantifier(q, listName, body, scope, r)
        case .byDate(let entries):
            return checkByDate(entries, scope, expected: expected, r)
        }
    }

    mutating func checkLiteral(_ e: Expr) -> CheckedExpr {
        let r = e.range
        switch e.kind {
        case .integer(let v):
            guard Limits.int.contains(v) else {
                diagnostics.error("out-of-range", "\(v) is outside the numbers a rule can hold (\(Limits.int.lowerBound) to \(Limits.int.upperBound))", at: r)
                return .error(r)
            }
            return CheckedExpr(.constant(.int(v)), .int, r)
        case .date(let d):
            guard let d else { return .error(r) }
            return CheckedExpr(.constant(.date(d)), .date, r)
        case .duration(let d):
            guard d.amount.magnitude <= UInt(Duration.limit(d.unit)) else {
                diagnostics.error("out-of-range", "\(d) is longer than the calendar (at most \(Duration(Duration.limit(d.unit), d.unit)), the span of years 1 to 9999)", at: r)
                return .error(r)
            }
            return CheckedExpr(.constant(.duration(d)), .duration, r)
        case .string(let s):
            return CheckedExpr(.constant(.string(s)), .string, r)
        case .bool(let b):
            return CheckedExpr(.constant(.bool(b)), .bool, r)
        case .today:
            return CheckedExpr(.today, .date, r)
        default:
            return .error(r)
        }
    }

    mutating func checkConditions(_ items: [Expr], _ scope: Scope) -> [CheckedExpr] {
        var out: [CheckedExpr] = []
        out.reserveCapacity(items.count)
        for item in items { out.append(checkCondition(item, scope)) }
        return out
    }

    mutating func checkName(_ n: Name, _ scope: Scope, expected: ValueType?, _ r: SourceRange) -> CheckedExpr {
        if let c = resolveName(n, scope, expected: expected) { return c }
        return unresolved(n, scope, expected: expected, r)
    }

    mutating func unresolved(_ n: Name, _ scope: Scope, expected: ValueType?, _ r: SourceRange) -> CheckedExpr {
        if setDecls[n.text] != nil {
            diagnostics.error("type-mismatch", "'\(n.text)' is a set; use it with 'in', e.g. 'school in \(n.text)'", at: n.range)
            return .error(r)
        }
        var notes: [Note] = []
        if case .enumeration(let en)? = expected {
            notes.append(Note("allowed values: " + rules.enums[en].values.joined(separator: ", ")))
        }
        unknown(n, expected.map { if case .enumeration = $0 { return "value" } else { return "name" } } ?? "name", candidates: candidateNames(scope, expected: expected), extra: notes)
        return .error(r)
    }

    mutating func checkCall(_ f: Name, _ args: [Expr], _ scope: Scope, _ r: SourceRange) -> CheckedExpr {
        guard let b = Builtin(rawValue: f.text) else {
            unknown(f, "function", candidates: Builtin.allCases.map(\.rawValue))
            return .error(r)
        }
        guard args.count == 1 else {
            diagnostics.error("arguments", "'\(f.text)' takes one date, not \(args.count) arguments", at: r)
            return .error(r)
        }
        let a = checkValue(args[0], scope)
        if a.type != .date, a.type != .error {
            diagnostics.error("type-mismatch", "'\(f.text)' needs a date, but '\(source(a.range))' is \(a.type.describe(rules))", at: a.range)
            return .error(r)
        }
        return CheckedExpr(.call(b, a), .int, r)
    }

    mutating func checkNegate(_ inner: Expr, _ scope: Scope, _ r: SourceRange) -> CheckedExpr {
        let a = checkValue(inner, scope)
        if a.type != .int, a.type != .error {
            diagnostics.error("type-mismatch", "'-' needs a number, but '\(source(a.range))' is \(a.type.describe(rules))", at: a.range)
            return .error(r)
        }
        return CheckedExpr(.arithmetic(.minus, CheckedExpr(.constant(.int(0)), .int, r), a), .int, r)
    }

    mutating func checkBetween(_ x: Expr, _ lo: Expr, _ hi: Expr, _ scope: Scope, _ r: SourceRange) -> CheckedExpr {
        let cx = checkValue(x, scope)
        let clo = checkValue(lo, scope, expected: cx.type)
        let chi = checkValue(hi, scope, expected: cx.type)
        for (bound, c) in [(lo, clo), (hi, chi)] { _ = checkComparable(.lessEqual, cx, c, at: bound.range) }
        if case .constant(let a) = clo.kind, case .constant(let b) = chi.kind, Checker.order(a, b) == 1 {
            diagnostics.error("inverted-range", "inverted range: \(source(lo.range)) is greater than \(source(hi.range)), so this never holds", at: lo.range.to(hi.range),
                              fixIts: [FixIt(range: lo.range.to(hi.range), replacement: "\(source(hi.range)) and \(source(lo.range))", message: "swap the bounds")])
        }
        checkInRange(cx, clo)
        checkInRange(cx, chi)
        return CheckedExpr(.between(cx, clo, chi), .bool, r)
    }

    mutating func checkMember(_ x: Expr, _ set: SetSyntax, _ negated: Bool, _ scope: Scope, _ r: SourceRange) -> CheckedExpr {
        let cx = checkValue(x, scope)
        var values: [Constant] = []
        var setName: String?
        switch set {
        case .list(let items):
            for item in items {
                let c = checkValue(item, scope, expected: cx.type)
                guard case .constant(let k) = c.kind else {
                    if c.type != .error { diagnostics.error("not-constant", "a list after 'in' holds fixed values, not '\(source(item.range))'", at: item.range) }
                    continue
                }
                if checkComparable(.equal, cx, c, at: item.range) { values.append(k); checkInRange(cx, c) }
            }
        case .named(let n):
            if tooDeep.contains(n.text), setDecls[n.text] != nil {
                used.insert(n.text)
                return .error(r)  // reported by limitReferenceDepth
            }
            guard let si = resolveSet(n.text), si >= 0 else {
                unknown(n, "set", candidates: Array(setDecls.keys))
                return .error(r)
            }
            used.insert(n.text)
            setName = n.text
            let s = rules.sets[si]
            if s.elementType != cx.type, s.elementType != .error, cx.type != .error {
                diagnostics.error("type-mismatch", "cannot look for '\(source(x.range))' (\(cx.type.describe(rules))) in set '\(n.text)' of \(s.elementType.describe(rules))", at: r)
            }
            values = s.values
        }
        return CheckedExpr(.member(cx, values, negated: negated, setName: setName), .bool, r)
    }

    mutating func checkQuantifier(_ q: Quantifier, _ listName: Name, _ body: Expr, _ scope: Scope, _ r: SourceRange) -> CheckedExpr {
        guard let li = resolveList(listName, scope) else { return .error(r) }
        let (fi, ri) = li
        let inner = Scope(record: ri)
        let cb = checkCondition(body, inner)
        checkContradictions(cb)
        return CheckedExpr(.quantifier(q, fact: fi, record: ri, body: cb), q == .count ? .int : .bool, r)
    }

    mutating func checkByDate(_ entries: [(Day?, Expr)], _ scope: Scope, expected: ValueType?, _ r: SourceRange) -> CheckedExpr {
        var out: [(Day, CheckedExpr)] = []
        var type: ValueType?
        for (d, v) in entries {
            let c = checkValue(v, scope, expected: type ?? expected)
            if let t = type, c.type != t, c.type != .error {
                diagnostics.error("type-mismatch", "every value in 'by date' must be \(t.describe(rules)), but '\(source(v.range))' is \(c.type.describe(rules))", at: v.range)
            }
            if type == nil, c.type != .error { type = c.type }
            guard let d else { continue }
            if let last = out.last, d <= last.0 {
                diagnostics.error("unordered-dates", "dates in 'by date' must be in increasing order: \(d) does not come after \(last.0)", at: v.range)
            }
            out.append((d, c))
        }
        if entries.isEmpty { diagnostics.error("empty-block", "'by date' needs at least one 'DATE: value' line", at: r) }
        return CheckedExpr(.byDate(out), type ?? .error, r)
    }

    mutating func resolveList(_ n: Name, _ scope: Scope) -> (Int, Int)? {
        if let f = factDecls[n.text] {
            if case .list(let ri) = rules.facts[f].type {
                used.insert(n.text)
                return (f, ri)
            }
            if rules.facts[f].type != .error {
                diagnostics.error("type-mismatch", "'\(n.text)' is \(rules.facts[f].type.describe(rules)), not a list", at: n.range)
            }
            return nil
        }
        let lists = rules.facts.filter { if case .list = $0.type { return true } else { return false } }.map(\.name)
        unknown(n, "list", candidates: lists)
        return nil
    }

    mutating func checkBinary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ scope: Scope, _ r: SourceRange) -> CheckedExpr {
        switch op {
        case .and, .or:
            // The parser gives chains as lists (`.all`, `.anyOf`); a binary
            // form is checked the same way.
            let parts = [checkCondition(a, scope), checkCondition(b, scope)]
            return CheckedExpr(op == .and ? .all(parts) : .any(parts), .bool, r)
        case .plus, .minus:
            let ca = checkValue(a, scope), cb = checkValue(b, scope)
            return arithmetic(op, ca, cb, a, b, r)
        default:
            // A comparison. Resolve the side that names a known thing first,
            // so that the other can be an enum value.
            var ca: CheckedExpr, cb: CheckedExpr
            if case .name(let n) = a.kind, !resolvesQuietly(n, scope) {
                cb = checkValue(b, scope)
                ca = checkValue(a, scope, expected: cb.type)
            } else {
                ca = checkValue(a, scope)
                cb = checkValue(b, scope, expected: ca.type)
            }
            return comparison(op, ca, cb, r)
        }
    }

    /// `a ± b` once both sides are checked (apart from `checkBinary`, which
    /// stays small for deep chains, as `checkExpr` does).
    mutating func arithmetic(_ op: BinaryOperator, _ ca: CheckedExpr, _ cb: CheckedExpr, _ a: Expr, _ b: Expr, _ r: SourceRange) -> CheckedExpr {
        if ca.type == .error || cb.type == .error { return .error(r) }
        if ca.type == .date, case .constant(.duration(let d)) = cb.kind {
            if d.unit == .hours, d.amount % 24 != 0 {
                diagnostics.error("partial-day", "dates have no time of day: \(d) is not a whole number of days", at: cb.range)
            }
            return CheckedExpr(.shiftDate(ca, d, sign: op == .plus ? 1 : -1), .date, r)
        }
        if ca.type == .int, cb.type == .int {
            return CheckedExpr(.arithmetic(op, ca, cb), .int, r)
        }
        if ca.type == .date, cb.type == .date {
            diagnostics.error("type-mismatch", "cannot subtract two dates; use days_since, months_since or years_since", at: r)
            return .error(r)
        }
        diagnostics.error("type-mismatch", "cannot \(op == .plus ? "add" : "subtract") \(cb.type.describe(rules)) '\(source(b.range))' \(op == .plus ? "to" : "from") \(ca.type.describe(rules)) '\(source(a.range))'", at: r)
        return .error(r)
    }

    /// A comparison once both sides are checked.
    mutating func comparison(_ op: BinaryOperator, _ ca: CheckedExpr, _ cb: CheckedExpr, _ r: SourceRange) -> CheckedExpr {
        guard checkComparable(op, ca, cb, at: r) else { return .error(r) }
        checkInRange(ca, cb)
        checkInRange(cb, ca)
        return CheckedExpr(.compare(op, ca, cb), .bool, r)
    }

    /// Whether a bare name resolves without reporting anything.
    func resolvesQuietly(_ n: Name, _ scope: Scope) -> Bool {
        if let r = scope.record, rules.records[r].fields.contains(where: { $0.name == n.text }) || rules.records[r].derived.contains(where: { $0.name == n.text }) { return true }
        return factDecls[n.text] != nil || derivedDecls[n.text] != nil || conditionDecls[n.text] != nil || assessmentIndex[n.text] != nil
    }

    /// Reports a type mismatch between the two sides of a comparison.
    mutating func checkComparable(_ op: BinaryOperator, _ a: CheckedExpr, _ b: CheckedExpr, at r: SourceRange) -> Bool {
        if a.type == .error || b.type == .error { return false }
        if a.type != b.type {
            diagnostics.error("type-mismatch", "type mismatch: cannot compare '\(source(a.range))' (\(a.type.describe(rules))) with '\(source(b.range))' (\(b.type.describe(rules)))", at: b.range.start > a.range.start ? b.range : r)
            return false
        }
        if op != .equal, op != .notEqual {
            switch a.type {
            case .int, .date: break
            default:
                diagnostics.error("type-mismatch", "'\(op.rawValue)' compares numbers or dates, but '\(source(a.range))' is \(a.type.describe(rules))", at: r)
                return false
            }
        }
        if case .list = a.type {
            diagnostics.error("type-mismatch", "cannot compare lists; use 'any', 'all' or 'count … where'", at: r)
            return false
        }
        return true
    }

    /// A constant compared with a ranged int fact must lie in the range.
    mutating func checkInRange(_ x: CheckedExpr, _ c: CheckedExpr) {
        guard case .fact(let ref) = x.kind, let range = rules.fact(ref).range,
              case .constant(.int(let v)) = c.kind else { return }
        if v < range.lo || v > range.hi {
            diagnostics.error("out-of-range", "\(v) is outside the range of '\(rules.fact(ref).name)' (\(range.lo) to \(range.hi))", at: c.range)
        }
    }

    /// -1, 0, 1 for two constants of the same ordered type; nil otherwise.
    static func order(_ a: Constant, _ b: Constant) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return nil
        }
    }
}
