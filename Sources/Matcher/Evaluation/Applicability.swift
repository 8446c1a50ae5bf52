import RulesDSL

extension Matcher {
    /// A person's facts, ready for evaluation as of `today`: the profile's
    /// values, and no value for each fact whose `for { … }` block does not
    /// hold for the person (`restrictToApplicable`).
    package func facts(_ profile: Profile, today: Day) -> Facts {
        var f = Facts(program: program, profile: profile)
        if !program.appliesChecks.isEmpty || !program.appliesLists.isEmpty {
            var ev = Evaluator(program: program, today: today, tracer: NoTrace())
            restrictToApplicable(&f, &ev)
        }
        return f
    }

    /// Gives each fact that cannot apply to the person (its `for` block is
    /// `no`: a school grade of an adult, a shelter date of a man) *no value*,
    /// as an age has none before birth: a comparison with it does not hold,
    /// and it is never asked for. A fact whose `for` block is unknown (the
    /// birth date is) stays as it is. Each block is judged on the profile's
    /// own values, before any is cleared; the evaluator's memo is reset
    /// before and after. A list that cannot apply (the children of a child)
    /// is known to be empty. Only the person's own facts are restricted,
    /// not the fields of list elements.
    @inlinable
    package func restrictToApplicable(_ f: inout Facts, _ ev: inout Evaluator<NoTrace>) {
        let checks = program.appliesChecks, lists = program.appliesLists
        guard !checks.isEmpty || !lists.isEmpty else { return }
        ev.newProfile()
        var clear: [Int32] = []
        for c in checks where f.values[c.slot.index] == Slot.unknown && ev.untracedTruth(c.node, f) == .no {
            clear.append(c.slot)
        }
        var empty: [Int32] = []
        for l in lists where f.listCount[l.list.index] < 0 && ev.untracedTruth(l.node, f) == .no {
            empty.append(l.list)
        }
        for s in clear { f.values[s.index] = Slot.none }
        for l in empty { f.listCount[l.index] = 0 }
        ev.newProfile()
    }
}
