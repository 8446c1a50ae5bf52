import RulesDSL

/// The whole evaluation of one offer as a tree: every condition with the
/// citizen's values and its outcome.
public struct ExplanationNode: Sendable {
    /// What a node of the tree stands for; the wording comes from this.
    package enum Subject: Sendable {
        /// A reason that is not a condition: planned, validity, municipality, assessment.
        case reason(Reason.Subject)
        /// A condition, worded from the expression itself.
        case condition(CheckedExpr)
        /// Every child must hold.
        case allOf
        /// At least one child must hold.
        case anyOf
        /// Named condition `index`, whose one child is its definition.
        case named(Int)
        /// The negation of its one child.
        case not
        /// Element `number` (1-based) of a list the child was evaluated on.
        case element(Int)
    }
    package var subject: Subject
    /// Whether the node holds, fails or waits for missing facts.
    public package(set) var outcome: Truth
    /// The citizen's values the node read.
    public package(set) var values: [ReadValue]
    /// Where the node's condition is written in the rule files.
    public package(set) var range: SourceRange
    /// The nodes it is made of: the parts of an `all` or `any`, a list's elements, a negated or named condition.
    public package(set) var children: [ExplanationNode]
}

extension Matcher {
    /// Explains one offer: the result and the tree of its conditions.
    public func explain(offer i: Int, profile: Profile, today: Day) -> (OfferResult, [ExplanationNode]) {
        let f = facts(profile, today: today)
        let result = evaluate(offer: i, facts: f, profile: profile, today: today)
        let o = program.offers[i]
        var ev = Evaluator(program: program, today: today, tracer: ExplainTrace())
        let p = parts(o, f, &ev)
        let x = Explainer(program: program, trace: ev.tracer, facts: f, profile: profile, today: today)
        var nodes: [ExplanationNode] = []
        for r in x.reasons(o, p) where r.kind != .condition && r.kind != .target {
            nodes.append(ExplanationNode(subject: .reason(r.subject), outcome: r.outcome, values: r.values, range: r.range, children: []))
        }
        if o.eligible >= 0 {
            nodes.insert(x.tree(o.eligible, -1, -1), at: nodes.firstIndex { $0.range == rules.offers[i].requires.first?.range } ?? nodes.count)
        }
        return (result, nodes)
    }
}

extension Explainer {
    /// The tree of node `n`. It recurses through named conditions and
    /// blocks, so each case has a function of its own and this one stays
    /// small: an unoptimised build gives a function one stack frame for all
    /// its cases, and a long chain of names stacks many of them.
    func tree(_ n: Int32, _ element: Int32, _ list: Int) -> ExplanationNode {
        let node = program.nodes[Int(n)]
        // A shared subtree (a named condition) is built once.
        guard node.op == .named else { return anyTree(n, node, element, list) }
        if let t = seen.trees[Explainer.key(n, element)] { return t }
        let t = anyTree(n, node, element, list)
        seen.trees[Explainer.key(n, element)] = t
        return t
    }

    func anyTree(_ n: Int32, _ node: Node, _ element: Int32, _ list: Int) -> ExplanationNode {
        switch node.op {
        case .all, .any:
            return listTree(n, node, element, list)
        case .named:
            return oneChildTree(n, node, .named(Int(node.imm)), element, list)
        case .not:
            let child = program.nodes[Int(node.a)]
            if child.op == .all || child.op == .any || child.op == .named {
                return oneChildTree(n, node, .not, element, list)
            }
            return leaf(n, node, element, list)
        case .quantAny, .quantAll:
            return quantifierTree(n, node, element, list)
        default:
            return leaf(n, node, element, list)
        }
    }

    func outcome(_ n: Int32, _ element: Int32) -> Truth {
        trace.truth(n, element) ?? (isUnknown(n, element) ? .unknown : .yes)
    }

    func leaf(_ n: Int32, _ node: Node, _ element: Int32, _ list: Int) -> ExplanationNode {
        let e = program.exprs[Int(node.expr)]
        let vals = element < 0 ? values(e).0 : elementValues(e, element, list)
        return ExplanationNode(subject: .condition(e), outcome: outcome(n, element), values: vals, range: e.range, children: [])
    }

    func listTree(_ n: Int32, _ node: Node, _ element: Int32, _ list: Int) -> ExplanationNode {
        var kids: [ExplanationNode] = []
        kids.reserveCapacity(Int(node.b))
        for k in 0..<Int(node.b) { kids.append(tree(program.operands[Int(node.a) + k], element, list)) }
        return ExplanationNode(subject: node.op == .all ? .allOf : .anyOf, outcome: outcome(n, element), values: [], range: program.exprs[Int(node.expr)].range, children: kids)
    }

    /// A named or negated condition: one child.
    func oneChildTree(_ n: Int32, _ node: Node, _ subject: ExplanationNode.Subject, _ element: Int32, _ list: Int) -> ExplanationNode {
        let child = tree(node.a, element, list)
        return ExplanationNode(subject: subject, outcome: outcome(n, element), values: [], range: program.exprs[Int(node.expr)].range, children: [child])
    }

    func quantifierTree(_ n: Int32, _ node: Node, _ element: Int32, _ list: Int) -> ExplanationNode {
        let e = program.exprs[Int(node.expr)]
        let li = Int(node.a)
        var kids: [ExplanationNode] = []
        if facts.listCount[li] >= 0 {
            let width = Int32(program.lists[li].fieldCount)
            for k in 0..<facts.listCount[li] {
                let base = facts.listStart[li] + k * width
                let body = tree(node.b, base, li)
                kids.append(ExplanationNode(subject: .element(Int(k) + 1), outcome: body.outcome, values: [], range: body.range, children: [body]))
            }
        }
        var vals: [ReadValue] = []
        if facts.listCount[li] < 0 { vals = [ReadValue(subject: .fact(program.lists[li].fact), value: .unknown)] }
        return ExplanationNode(subject: .condition(e), outcome: outcome(n, element), values: vals, range: e.range, children: kids)
    }

    /// Values of a list element's fields read by a condition. (Labels that
    /// two fields share are shown once, by the renderer.)
    func elementValues(_ e: CheckedExpr, _ element: Int32, _ list: Int) -> [ReadValue] {
        var out: [ReadValue] = []
        e.walk { x in
            switch x.kind {
            case .fact(.element(let r, let f)):
                let field = rules.records[r].fields[f]
                let v = ReadValue(subject: .field(record: r, field: f), value: ShownValue(slot: facts.elements[Int(element) + f], type: field.type, program: program))
                if !out.contains(where: { $0.subject == v.subject }) { out.append(v) }
            case .derived(let r?, let i):
                let d = rules.records[r].derived[i]
                // Re-evaluate the element's derived value for display.
                var ev = Evaluator(program: program, today: today, tracer: NoTrace())
                let node = findNode(for: d.expr.range)
                let shown = node.map { ShownValue(slot: ev.untracedValue($0, facts, element), type: d.expr.type, program: program) } ?? .invalid
                let v = ReadValue(subject: .recordDerived(record: r, index: i), value: shown)
                if !out.contains(where: { $0.subject == v.subject }) { out.append(v) }
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
