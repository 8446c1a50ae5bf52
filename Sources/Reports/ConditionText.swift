import Matcher
import RulesDSL

/// Renders conditions and values as plain Danish or English, from the
/// conditions themselves: `Alder 6–17 år`, `ikke Foreningsaktiv`.
package struct ConditionText: Sendable {
    package let rules: RuleSet
    package let language: Language

    package init(rules: RuleSet, language: Language) {
        self.rules = rules
        self.language = language
    }

    var da: Bool { language == .da }

    func label(_ t: LocalizedText) -> String { t.text(language) ?? "" }

    package func yes(_ b: Bool) -> String { b ? (da ? "ja" : "yes") : (da ? "nej" : "no") }

    /// The name of what an expression denotes (a fact's label, a derived value's label).
    package func subject(_ e: CheckedExpr) -> String {
        switch e.kind {
        case .fact(let ref): return label(rules.fact(ref).label)
        case .assessment(let a): return label(rules.assessments[a].label)
        case .derived(let r, let i):
            if let r { return label(rules.records[r].derived[i].label) }
            return label(rules.derived[i].label)
        case .condition(let i): return label(rules.conditions[i].label)
        case .today: return da ? "dagens dato" : "today"
        case .constant(let c): return constant(c)
        case .call(let b, let arg):
            let s = subject(arg)
            switch b {
            case .yearsSince: return da ? "år siden \(s)" : "years since \(s)"
            case .monthsSince: return da ? "måneder siden \(s)" : "months since \(s)"
            case .weeksSince: return da ? "uger siden \(s)" : "weeks since \(s)"
            case .daysSince: return da ? "dage siden \(s)" : "days since \(s)"
            }
        case .shiftDate(let d, let dur, let sign):
            return "\(subject(d)) \(sign > 0 ? "+" : "−") \(da ? dur.danish : dur.description)"
        case .arithmetic(let op, let a, let b):
            return "\(subject(a)) \(op.rawValue) \(subject(b))"
        case .quantifier(.count, let fact, _, let body):
            return da ? "antal \(label(rules.facts[fact].label).lowercased()) hvor \(text(body))" : "number of \(label(rules.facts[fact].label).lowercased()) where \(text(body))"
        case .byDate:
            return da ? "værdi efter dato" : "value by date"
        default: return text(e)
        }
    }

    package func constant(_ c: Constant) -> String {
        switch c {
        case .bool(let b): return yes(b)
        case .int(let v): return String(v)
        case .date(let d): return d.description
        case .string(let s): return "\"\(s)\""
        case .enumValue(let t, let v): return rules.enums[t].label(v, language)
        case .duration(let d): return da ? d.danish : d.description
        }
    }

    static func symbol(_ op: BinaryOperator) -> String {
        switch op {
        case .equal: return "="
        case .notEqual: return "≠"
        case .less: return "<"
        case .lessEqual: return "≤"
        case .greater: return ">"
        case .greaterEqual: return "≥"
        default: return op.rawValue
        }
    }

    /// A condition as one line of text.
    package func text(_ e: CheckedExpr) -> String {
        switch e.kind {
        case .fact, .assessment, .derived, .condition:
            return subject(e)
        case .constant(.bool(let b)):
            return b ? (da ? "altid" : "always") : (da ? "aldrig" : "never")
        case .compare(let op, let a, let b):
            if case .constant(.bool(let v)) = b.kind, op == .equal { return v ? subject(a) : negate(subject(a)) }
            if case .constant(.enumValue) = b.kind, op == .equal { return "\(subject(a)): \(subject(b))" }
            return "\(subject(a)) \(ConditionText.symbol(op)) \(subject(b))"
        case .between(let x, let lo, let hi):
            let unit = isAge(x) ? (da ? " år" : " years") : ""
            return "\(subject(x)) \(subject(lo))–\(subject(hi))\(unit)"
        case .member(let x, let values, let negated, let setName):
            let list: String
            if let setName, let s = rules.sets.first(where: { $0.name == setName }) {
                list = label(s.label)
            } else {
                list = values.map(constant).joined(separator: da ? " eller " : " or ")
            }
            if negated {
                if setName == nil, values.count > 1 {
                    let names = values.map(constant)
                    let both = da ? "hverken " + names.dropLast().joined(separator: ", ") + " eller " + names.last!
                                  : "neither " + names.dropLast().joined(separator: ", ") + " nor " + names.last!
                    return "\(subject(x)): \(both)"
                }
                return "\(subject(x)): \(da ? "ikke" : "not") \(list)"
            }
            return "\(subject(x)): \(list)"
        case .not(let inner), .unless(let inner):
            return negate(text(inner))
        case .all(let items):
            return items.map(text).joined(separator: "; ")
        case .any(let items):
            return (da ? "mindst én af: " : "at least one of: ") + items.map(text).joined(separator: da ? " / " : " / ")
        case .quantifier(let q, let fact, _, let body):
            let list = label(rules.facts[fact].label).lowercased()
            switch q {
            case .any: return da ? "mindst ét element i \(list) med \(text(body))" : "at least one of \(list) with \(text(body))"
            case .all: return da ? "alle \(list) med \(text(body))" : "all \(list) with \(text(body))"
            case .count: return subject(e)
            }
        default:
            return subject(e)
        }
    }

    func negate(_ s: String) -> String {
        // Labels stay as written (often proper nouns); only the word is added.
        da ? "ikke \(s)" : "not \(s)"
    }

    func isAge(_ e: CheckedExpr) -> Bool {
        if case .call(.yearsSince, _) = e.kind { return true }
        if case .derived(let r, let i) = e.kind {
            let x = r.map { rules.records[$0].derived[i].expr } ?? rules.derived[i].expr
            return isAge(x)
        }
        return false
    }
}
