extension Checker {
    /// Warns about facts, derived values, conditions and sets nothing uses.
    mutating func lintUnused(_ decls: [Declaration]) {
        for d in decls {
            switch d {
            case .fact(let f) where !used.contains(f.name.text) && f.name.text != "id" && f.name.text != "municipality":
                if factDecls[f.name.text] != nil, declaredAt[f.name.text]?.range == f.name.range {
                    diagnostics.warning("unused", "fact '\(f.name.text)' is not used by any offer, derived value or condition", at: f.name.range)
                }
            case .derived(let x) where !used.contains(x.name.text):
                diagnostics.warning("unused", "derived value '\(x.name.text)' is never used", at: x.name.range)
            case .condition(let x) where !used.contains(x.name.text):
                diagnostics.warning("unused", "condition '\(x.name.text)' is never used", at: x.name.range)
            case .set(let x) where !used.contains(x.name.text):
                diagnostics.warning("unused", "set '\(x.name.text)' is never used", at: x.name.range)
            case .partner(let x) where !used.contains(x.name.text):
                diagnostics.warning("unused", "partner '\(x.name.text)' is not named by any offer", at: x.name.range)
            default: break
            }
        }
    }

    /// A simple bound on one fact or derived value, read off a comparison
    /// with a constant: `age >= 18`, `gender = female`.
    struct Bound {
        var subject: String
        var lo: Int? = nil
        var hi: Int? = nil
        var equals: Constant? = nil
        var range: SourceRange
    }

    func subjectKey(_ e: CheckedExpr) -> String? {
        switch e.kind {
        case .fact(.citizen(let i)): return "f\(i)"
        case .fact(.element(let r, let f)): return "e\(r).\(f)"
        case .derived(let r, let i): return "d\(r ?? -1).\(i)"
        case .assessment(let a): return "a\(a)"
        default: return nil
        }
    }

    static func ordinal(_ c: Constant) -> Int? {
        switch c {
        case .int(let v): return v
        case .date(let d): return Int(d.number)
        default: return nil
        }
    }

    /// The bounds a condition places, if it is a simple comparison.
    func bounds(_ e: CheckedExpr) -> [Bound] {
        switch e.kind {
        case .compare(let op, let a, let b):
            var op = op, x = a, k = b
            if subjectKey(x) == nil { (x, k, op) = (b, a, op.flipped) }
            guard let s = subjectKey(x), case .constant(let c) = k.kind else { return [] }
            var bd = Bound(subject: s, range: e.range)
            if let v = Checker.ordinal(c) {
                switch op {
                case .less: bd.hi = v - 1
                case .lessEqual: bd.hi = v
                case .greater: bd.lo = v + 1
                case .greaterEqual: bd.lo = v
                case .equal: bd.lo = v; bd.hi = v
                default: return []
                }
            } else if op == .equal {
                bd.equals = c
            } else { return [] }
            return [bd]
        case .between(let x, let lo, let hi):
            guard let s = subjectKey(x), case .constant(let a) = lo.kind, case .constant(let b) = hi.kind,
                  let l = Checker.ordinal(a), let h = Checker.ordinal(b) else { return [] }
            return [Bound(subject: s, lo: l, hi: h, range: e.range)]
        case .member(let x, let values, false, _):
            guard let s = subjectKey(x), values.count == 1 else { return [] }
            if let v = Checker.ordinal(values[0]) { return [Bound(subject: s, lo: v, hi: v, range: e.range)] }
            return [Bound(subject: s, equals: values[0], range: e.range)]
        case .not(let inner):
            // `not flag` bounds a yes/no fact to false.
            if let s = subjectKey(inner), inner.type == .bool { return [Bound(subject: s, equals: .bool(false), range: e.range)] }
            return []
        default:
            if e.type == .bool, let s = subjectKey(e) { return [Bound(subject: s, equals: .bool(true), range: e.range)] }
            return []
        }
    }

    /// Reports conjunctions that can never hold: `age >= 18 and age < 15`.
    mutating func checkContradictions(_ e: CheckedExpr) {
        var reported = false
        e.walk { node in
            guard !reported, case .all(let items) = node.kind else { return }
            var seen: [String: Bound] = [:]
            for item in items {
                for b in bounds(item) {
                    guard var acc = seen[b.subject] else { seen[b.subject] = b; continue }
                    if let l = b.lo { acc.lo = max(acc.lo ?? l, l) }
                    if let h = b.hi { acc.hi = min(acc.hi ?? h, h) }
                    var clash = false
                    if let l = acc.lo, let h = acc.hi, l > h { clash = true }
                    if let x = acc.equals, let y = b.equals, x != y { clash = true }
                    if acc.equals == nil { acc.equals = b.equals }
                    if clash, reportedContradictions.insert(b.range).inserted {
                        let first = acc.range
                        diagnostics.error("never-holds", "this condition can never hold: '\(source(b.range))' contradicts '\(source(first))'", at: b.range,
                                          notes: [Note("the contradicting condition is here", at: first)])
                        reported = true
                        return
                    }
                    seen[b.subject] = acc
                }
            }
        }
    }
}
