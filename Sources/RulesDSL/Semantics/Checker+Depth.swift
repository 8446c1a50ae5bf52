/// Limits on how deep names reach (issue 15, finding 4).
///
/// Named conditions, derived values and sets use one another, and every
/// later pass follows those uses by recursion: this checker's resolution of
/// names, the compiler, the evaluator, the explanation and coverage. A
/// generated chain of two thousand conditions overflowed the stack. So before
/// any of them runs, this pass measures, without recursion, how deep each
/// declaration reaches, and stops a declaration past a limit with a located
/// error:
///
/// - `reference-chain-too-deep`: a chain of more than `maxReferenceChain`
///   declarations, each using the next (cyclic or not);
/// - `nesting-too-deep`: an expression more than `maxExpandedDepth` levels
///   deep with the expressions of the names it uses written out in place
///   (a name counts one level more than the expression it stands for).
///
/// The checker then treats a stopped declaration, and everything that uses
/// it, as an error without looking inside (one error for one long chain), so
/// no pass ever goes deeper than the limits.
extension Checker {
    package static let maxReferenceChain = 256
    package static let maxExpandedDepth = 1024

    /// One declaration that can be used by name, and the names it uses.
    struct Referent {
        enum Kind { case derived, condition, set, recordDerived(record: String) }
        var kind: Kind
        var name: Name
        /// The declarations it uses: which, at which level of its own
        /// expression (the root is level 1), and where.
        var uses: [(target: Int, level: Int, at: SourceRange)] = []
        /// The height of its own expression, in levels.
        var height = 0
        /// Every name it mentions, to count as used if it is stopped.
        var mentions: [String] = []
        var fieldMentions: [String] = []

        var described: String {
            switch kind {
            case .derived: return "derived value '\(name.text)'"
            case .condition: return "condition '\(name.text)'"
            case .set: return "set '\(name.text)'"
            case .recordDerived(let r): return "derived value '\(name.text)' of record '\(r)'"
            }
        }
    }

    /// Measures every declaration usable by name and every offer's
    /// expressions; reports and records in `tooDeep` what goes past a limit.
    mutating func limitReferenceDepth(_ decls: [Declaration]) {
        var graph: [Referent] = []
        var byKey: [String: Int] = [:]
        // The declarations, as the checker will see them: the first of each name.
        for d in decls {
            switch d {
            case .derived(let x) where derivedDecls[x.name.text]?.name.range == x.name.range:
                byKey[x.name.text] = graph.count
                graph.append(Referent(kind: .derived, name: x.name))
            case .condition(let x) where conditionDecls[x.name.text]?.name.range == x.name.range:
                byKey[x.name.text] = graph.count
                graph.append(Referent(kind: .condition, name: x.name))
            case .set(let x) where setDecls[x.name.text]?.name.range == x.name.range:
                byKey[x.name.text] = graph.count
                graph.append(Referent(kind: .set, name: x.name))
            case .record(let r) where recordDecls[r.name.text]?.name.range == r.name.range:
                var seen = Set(r.facts.map(\.name.text))
                for x in r.derived where seen.insert(x.name.text).inserted {
                    byKey[r.name.text + "." + x.name.text] = graph.count
                    graph.append(Referent(kind: .recordDerived(record: r.name.text), name: x.name))
                }
            default: break
            }
        }
        // What each uses.
        for d in decls {
            switch d {
            case .derived(let x):
                if let i = byKey[x.name.text], graph[i].name.range == x.name.range { measure(x.expr, record: nil, into: &graph[i], byKey) }
            case .condition(let x):
                if let i = byKey[x.name.text], graph[i].name.range == x.name.range { measure(x.body, record: nil, into: &graph[i], byKey) }
            case .set(let x):
                if let i = byKey[x.name.text], graph[i].name.range == x.name.range {
                    for v in x.values { measure(v, record: nil, into: &graph[i], byKey) }
                }
            case .record(let r):
                guard let ri = recordIndex[r.name.text], recordDecls[r.name.text]?.name.range == r.name.range else { continue }
                for x in r.derived {
                    guard let i = byKey[r.name.text + "." + x.name.text], graph[i].name.range == x.name.range else { continue }
                    // A record's derived value sees the fields and the derived values before it.
                    measure(x.expr, record: (ri, i), into: &graph[i], byKey)
                }
            default: break
            }
        }

        // How deep each reaches: components of declarations that use one
        // another, each after every component it uses.
        let components = Checker.stronglyConnectedComponents(graph.map { $0.uses.map(\.target) })
        var chain = [Int](repeating: 0, count: graph.count)
        var depth = [Int](repeating: 0, count: graph.count)
        var stopped = [Bool](repeating: false, count: graph.count)
        var component = [Int](repeating: -1, count: graph.count)
        for (c, members) in components.enumerated() {
            for u in members { component[u] = c }
            let uses = members.flatMap { u in graph[u].uses.map { (from: u, use: $0) } }
            let exits = uses.filter { component[$0.use.target] != c }
            // Something it uses is stopped already: stop this too, quietly.
            if exits.contains(where: { stopped[$0.use.target] }) {
                for u in members { stopped[u] = true }
                continue
            }
            // Inside a loop, a chain may pass every member once: count them all.
            let loop = members.count > 1 || uses.count > exits.count
            let inner = loop ? members.count : 1
            let innerHeight = members.reduce(0) { $0 + graph[$1].height }
            let deepestChain = exits.max { chain[$0.use.target] < chain[$1.use.target] }
            let deepestUse = exits.max { $0.use.level + depth[$0.use.target] < $1.use.level + depth[$1.use.target] }
            let length = inner + (deepestChain.map { chain[$0.use.target] } ?? 0)
            let levels = loop ? innerHeight + (deepestUse.map { depth[$0.use.target] } ?? 0)
                          : max(innerHeight, deepestUse.map { $0.use.level + depth[$0.use.target] } ?? 0)
            for u in members { chain[u] = length; depth[u] = levels }
            guard length > Checker.maxReferenceChain || levels > Checker.maxExpandedDepth else { continue }
            for u in members { stopped[u] = true }
            // Reported at the member declared first, with the use that leads on.
            let u = members.min { a, b in
                let x = graph[a].name.range, y = graph[b].name.range
                return (x.file, x.start) < (y.file, y.start)
            }!
            let next = loop ? graph[u].uses.first { component[$0.target] == c }
                            : (length > Checker.maxReferenceChain ? deepestChain : deepestUse)?.use
            let notes = next.map { [Note("'\(graph[u].name.text)' uses '\(graph[$0.target].name.text)' here", at: $0.at)] } ?? []
            let around = loop ? ", around a loop of \(members.count)" : ""
            let nextName = next.map { " uses '\(graph[$0.target].name.text)', which uses another, and so on" } ?? ""
            if length > Checker.maxReferenceChain {
                diagnostics.error("reference-chain-too-deep",
                                  "reference chain deeper than \(Checker.maxReferenceChain): \(graph[u].described)\(nextName)\(around), \(loop ? "more than \(Checker.maxReferenceChain)" : "\(length)") levels deep",
                                  at: graph[u].name.range, notes: notes)
            } else {
                diagnostics.error("nesting-too-deep",
                                  "nesting too deep: \(graph[u].described) is \(loop ? "more than \(Checker.maxExpandedDepth)" : "\(levels)") levels deep with the conditions and derived values it uses written out in place\(around) (at most \(Checker.maxExpandedDepth))",
                                  at: graph[u].name.range, notes: notes)
            }
        }
        for (u, r) in graph.enumerated() where stopped[u] {
            switch r.kind {
            case .recordDerived(let rec): tooDeep.insert(rec + "." + r.name.text)
            default: tooDeep.insert(r.name.text)
            }
            // What only a stopped declaration uses is not unused.
            used.formUnion(r.mentions)
            usedRecordFields.formUnion(r.fieldMentions)
        }

        // An offer's expressions are not used by name, but they too may be
        // no deeper than the limit, written out.
        for d in decls {
            guard case .offer(let o) = d else { continue }
            var roots: [(Expr, (Int, Int?)?)] = []
            if let e = o.eligibleWhen { roots.append((e, nil)) }
            for x in o.deadlines {
                roots.append((x.due, nil))
                if let e = x.earliest { roots.append((e, nil)) }
            }
            for x in o.details {
                for c in x.cases { if let e = c.condition { roots.append((e, nil)) } }
                if let (list, e) = x.lists {
                    if let f = factDecls[list.text], case .list(let ri) = rules.facts[f].type { roots.append((e, (ri, nil))) }
                }
            }
            for s in o.ladder?.steps ?? [] { if let e = s.condition { roots.append((e, nil)) } }
            for (e, record) in roots {
                var r = Referent(kind: .condition, name: o.name)
                measure(e, record: record, into: &r, byKey)
                let live = r.uses.filter { !stopped[$0.target] }
                guard let deepest = live.max(by: { $0.level + depth[$0.target] < $1.level + depth[$1.target] }) else { continue }
                let levels = deepest.level + depth[deepest.target]
                guard levels > Checker.maxExpandedDepth else { continue }
                diagnostics.error("nesting-too-deep",
                                  "nesting too deep: '\(graph[deepest.target].name.text)' is used \(deepest.level) levels deep here and is \(depth[deepest.target]) levels deep itself, with the conditions and derived values it uses written out in place (at most \(Checker.maxExpandedDepth) in all)",
                                  at: deepest.at)
            }
        }
    }

    /// Walks an expression without recursion, as the checker resolves its
    /// names: in a list's element (`record`: its index and, for a record's
    /// own derived value, that value's node: the record's derived values
    /// before it are seen, the later ones not) a field or a derived value of
    /// the record, else a name of the rule set. A name that could also be an
    /// enum value counts as a use: the limits hold either way.
    func measure(_ root: Expr, record: (Int, Int?)?, into node: inout Referent, _ byKey: [String: Int]) {
        var stack: [(Expr, Int, (Int, Int?)?)] = [(root, 1, record)]
        while let (e, level, scope) = stack.popLast() {
            node.height = max(node.height, level)
            func push(_ x: Expr, _ s: (Int, Int?)? = scope) { stack.append((x, level + 1, s)) }
            switch e.kind {
            case .integer, .date, .duration, .string, .bool, .today, .error:
                break
            case .name(let n):
                node.mentions.append(n.text)
                if let (ri, limit) = scope {
                    let rec = rules.records[ri]
                    if rec.fields.contains(where: { $0.name == n.text }) {
                        node.fieldMentions.append(rec.name + "." + n.text)
                        continue
                    }
                    // A record's derived values are numbered in order, in one run.
                    if let t = byKey[rec.name + "." + n.text], t < (limit ?? Int.max) {
                        node.uses.append((t, level, n.range))
                        continue
                    }
                }
                if derivedDecls[n.text] != nil || conditionDecls[n.text] != nil, let t = byKey[n.text] {
                    node.uses.append((t, level, n.range))
                }
            case .call(_, let args):
                for a in args { push(a) }
            case .not(let x), .negate(let x), .unless(let x):
                push(x)
            case .binary(_, let a, let b):
                push(a); push(b)
            case .between(let a, let b, let c):
                push(a); push(b); push(c)
            case .member(let x, let set, _):
                push(x)
                switch set {
                case .list(let items): for i in items { push(i) }
                case .named(let s):
                    node.mentions.append(s.text)
                    if let t = byKey[s.text], setDecls[s.text] != nil { node.uses.append((t, level + 1, s.range)) }
                }
            case .quantifier(_, let list, let body):
                node.mentions.append(list.text)
                // The checker looks at the body only for a list fact.
                if let f = factDecls[list.text], case .list(let ri) = rules.facts[f].type { push(body, (ri, nil)) }
            case .byDate(let entries):
                for (_, x) in entries { push(x) }
            case .all(let items), .anyOf(let items):
                for i in items { push(i) }
            }
        }
    }

    /// The strongly connected components of a graph given by each node's
    /// successors, each listed after every component it reaches (Tarjan's
    /// algorithm, with an explicit stack instead of recursion).
    static func stronglyConnectedComponents(_ successors: [[Int]]) -> [[Int]] {
        let n = successors.count
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var stack: [Int] = [], components: [[Int]] = []
        var counter = 0
        var work: [(node: Int, next: Int)] = []
        func open(_ v: Int) {
            index[v] = counter; low[v] = counter; counter += 1
            stack.append(v); onStack[v] = true
            work.append((v, 0))
        }
        for root in 0..<n where index[root] < 0 {
            open(root)
            while let (v, i) = work.last {
                if i < successors[v].count {
                    work[work.count - 1].next = i + 1
                    let w = successors[v][i]
                    if index[w] < 0 { open(w) } else if onStack[w] { low[v] = min(low[v], index[w]) }
                    continue
                }
                work.removeLast()
                if let parent = work.last?.node { low[parent] = min(low[parent], low[v]) }
                guard low[v] == index[v] else { continue }
                var component: [Int] = []
                while let w = stack.popLast() {
                    onStack[w] = false
                    component.append(w)
                    if w == v { break }
                }
                components.append(component)
            }
        }
        return components
    }
}
