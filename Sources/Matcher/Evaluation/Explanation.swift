import RulesDSL

/// The whole evaluation of one offer as a tree: every condition with the
/// citizen's values and its outcome.
public struct ExplanationNode: Sendable {
    public var text: String
    public var outcome: Truth
    public var values: [(label: String, value: String)]
    public var range: SourceRange
    public var children: [ExplanationNode]
}

extension Matcher {
    /// Explains one offer: the result and the tree of its conditions.
    public func explain(offer i: Int, profile: Profile, today: Day, language: Language) -> (OfferResult, [ExplanationNode]) {
        let f = Facts(program: program, profile: profile)
        let result = evaluate(offer: i, facts: f, profile: profile, today: today, language: language)
        let o = program.offers[i]
        var ev = Evaluator(program: program, today: today, tracer: ExplainTrace())
        let p = parts(o, f, &ev)
        let x = Explainer(program: program, trace: ev.tracer, facts: f, profile: profile, language: language, today: today)
        var nodes: [ExplanationNode] = []
        for r in x.reasons(o, p) where r.kind != .condition {
            nodes.append(ExplanationNode(text: r.text, outcome: r.outcome, values: r.values, range: r.range, children: []))
        }
        if o.eligible >= 0 {
            nodes.insert(x.tree(o.eligible, -1, -1), at: nodes.firstIndex { $0.range == rules.offers[i].requires.first?.range } ?? nodes.count)
        }
        return (result, nodes)
    }
}

extension Explainer {
    func tree(_ n: Int32, _ element: Int32, _ list: Int) -> ExplanationNode {
        let node = program.nodes[Int(n)]
        let e = program.exprs[Int(node.expr)]
        let outcome = trace.truth(n, element) ?? (isUnknown(n, element) ? .unknown : .yes)
        func leaf() -> ExplanationNode {
            let vals = element < 0 ? values(e).0 : elementValues(e, element, list)
            return ExplanationNode(text: text.text(e), outcome: outcome, values: vals, range: e.range, children: [])
        }
        switch node.op {
        case .all, .any:
            let kids = (0..<Int(node.b)).map { tree(program.operands[Int(node.a) + $0], element, list) }
            let title = node.op == .all ? (da ? "alle disse:" : "all of these:") : (da ? "mindst én af disse:" : "at least one of these:")
            return ExplanationNode(text: title, outcome: outcome, values: [], range: e.range, children: kids)
        case .named:
            let c = rules.conditions[Int(node.imm)]
            return ExplanationNode(text: text.label(c.label), outcome: outcome, values: [], range: e.range, children: [tree(node.a, element, list)])
        case .not:
            let child = program.nodes[Int(node.a)]
            if child.op == .all || child.op == .any || child.op == .named {
                return ExplanationNode(text: da ? "ikke:" : "not:", outcome: outcome, values: [], range: e.range, children: [tree(node.a, element, list)])
            }
            return leaf()
        case .quantAny, .quantAll:
            let li = Int(node.a)
            var kids: [ExplanationNode] = []
            if facts.listCount[li] >= 0 {
                let width = Int32(program.lists[li].fieldCount)
                for k in 0..<facts.listCount[li] {
                    let base = facts.listStart[li] + k * width
                    let body = tree(node.b, base, li)
                    kids.append(ExplanationNode(text: (da ? "nr. " : "no. ") + "\(k + 1)", outcome: body.outcome, values: [], range: body.range, children: [body]))
                }
            }
            var vals: [(label: String, value: String)] = []
            if facts.listCount[li] < 0 { vals = [(text.label(rules.facts[program.lists[li].fact].label), da ? "ukendt" : "unknown")] }
            return ExplanationNode(text: text.text(e), outcome: outcome, values: vals, range: e.range, children: kids)
        default:
            return leaf()
        }
    }

    /// Values of a list element's fields read by a condition.
    func elementValues(_ e: CheckedExpr, _ element: Int32, _ list: Int) -> [(label: String, value: String)] {
        var out: [(String, String)] = []
        e.walk { x in
            switch x.kind {
            case .fact(.element(let r, let f)):
                let field = rules.records[r].fields[f]
                let v = facts.elements[Int(element) + f]
                let s = text.value(v, type: field.type, program: program)
                if !out.contains(where: { $0.0 == text.label(field.label) }) { out.append((text.label(field.label), s)) }
            case .derived(let r?, let i):
                let d = rules.records[r].derived[i]
                // Re-evaluate the element's derived value for display.
                var ev = Evaluator(program: program, today: today, tracer: NoTrace())
                let node = findNode(for: d.expr.range)
                let s = node.map { text.value(ev.untracedValue($0, facts, element), type: d.expr.type, program: program) } ?? "?"
                if !out.contains(where: { $0.0 == text.label(d.label) }) { out.append((text.label(d.label), s)) }
            default: break
            }
        }
        return out
    }

    func findNode(for range: SourceRange) -> Int32? {
        for (i, n) in program.nodes.enumerated() where n.expr >= 0 && program.exprs[Int(n.expr)].range == range {
            return Int32(i)
        }
        return nil
    }
}
