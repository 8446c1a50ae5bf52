extension Parser {
    mutating func parseTest() -> TestDecl? {
        let start = advance()
        guard let title = parseString("after 'test' (the test's name in quotes)") else { skipItem(); return nil }
        var test = TestDecl(title: title, range: range(start))
        braced("test \"\(title.value)\"") { p in
            let item = p.current
            if p.eat(word: "date") {
                if test.date != nil { p.error("duplicate-item", "'date' is given twice in this test", at: p.range(item)) }
                test.date = p.parseDateLiteral("after 'date'")
            } else if p.eat(word: "profile") {
                test.profile += p.parseProfileEntries("the profile")
            } else if p.eat(word: "assessments") {
                test.assessments += p.parseProfileEntries("the assessments")
            } else if p.eat(word: "expect") {
                if let e = p.parseExpectation(item) { test.expectations.append(e) }
            } else {
                p.unknownItem(in: "the test", allowed: ["date", "profile", "assessments", "expect"])
            }
        }
        test.range = range(from: range(start))
        return test
    }

    /// `{ key = value … }`
    mutating func parseProfileEntries(_ what: String) -> [ProfileEntrySyntax] {
        var entries: [ProfileEntrySyntax] = []
        // `partner = { … }` starts a line in a profile, not a partner declaration.
        braced(what, inner: ["partner"]) { p in
            guard let key = p.expectName("in \(what) (write 'fact = value')") else { p.skipItem(); return }
            guard p.expect(.equal, "after '\(key.text)'") else { p.skipItem(); return }
            let vStart = p.currentRange
            if let v = p.parseProfileValue() {
                entries.append(ProfileEntrySyntax(key: key, value: v, valueRange: p.range(from: vStart)))
            } else {
                p.skipItem()
            }
        }
        return entries
    }

    mutating func parseProfileValue() -> ProfileValueSyntax? {
        switch kind {
        case .integer, .minus:
            return parseIntLiteral().map { .integer($0.value) }
        case .date:
            let t = advance()
            return .date(parseDate(t))
        case .string:
            return .string(unescape(advance()))
        case .identifier:
            let t = advance()
            let w = text(t)
            if w == "true" || w == "false" { return .bool(w == "true") }
            return .name(Name(w, range(t)))
        case .lBracket:
            advance()
            var items: [[ProfileEntrySyntax]] = []
            while at(.lBrace) {
                guard enter() else { return nil }
                items.append(parseProfileEntries("a list element"))
                leave()
                if !eat(.comma) { break }
            }
            _ = expect(.rBracket, "to close the list (elements are '{ … }' separated by ',')")
            return .list(items)
        case .lBrace:
            guard enter() else { return nil }
            let entries = parseProfileEntries("a person")
            leave()
            return .record(entries)
        default:
            expected("a value (a number, date, string, true, false, an enum value, a list or a person '{ … }')")
            return nil
        }
    }

    /// An expectation and whom it is about (`… for child 2`).
    mutating func parseExpectation(_ item: Token) -> Expectation? {
        guard var e = parseExpectationKind(item) else { return nil }
        if at(word: "for") {
            let start = currentRange
            advance()
            var member: MemberSyntax?
            if eat(word: "partner") { member = .partner }
            else if eat(word: "household") { member = .household }
            else if eat(word: "holder") { member = .holder }
            else if eat(word: "child") {
                if let n = parseIntLiteral() {
                    if n.value < 1 { error("invalid-number", "children are numbered from 1, as written in the profile, not \(n.value)", at: n.range) }
                    member = .child(n.value)
                }
            } else {
                expected("'holder', 'partner', 'child N' or 'household'", "after 'for'")
                skipItem()
            }
            if let member { e.member = Located(member, range(from: start)) }
            e.range = range(from: range(item))
        }
        return e
    }

    mutating func parseExpectationKind(_ item: Token) -> Expectation? {
        guard let offer = expectName("after 'expect' (an offer)") else { skipItem(); return nil }
        guard at(.identifier) else {
            expected("eligible, ineligible, undetermined, deadline, step or detail", "after '\(offer.text)'")
            skipItem()
            return nil
        }
        let w = currentText
        if let status = ExpectedStatus(rawValue: w) {
            advance()
            var because: [Name] = []
            var missing: [Name]?
            if eat(word: "because") {
                repeat {
                    if let n = expectName("after 'because'") { because.append(n) } else { break }
                } while eat(.comma)
            }
            if eat(word: "missing") {
                var m: [Name] = []
                repeat {
                    if let n = expectName("after 'missing'") { m.append(n) } else { break }
                } while eat(.comma)
                missing = m
            }
            return Expectation(offer: offer, kind: .status(status, because: because, missing: missing), range: range(from: range(item)))
        }
        if eat(word: "deadline") {
            guard let d = parseDateLiteral("after 'deadline'") else { return nil }
            return Expectation(offer: offer, kind: .deadline(d), range: range(from: range(item)))
        }
        if eat(word: "step") {
            guard let s = expectName("after 'step'") else { return nil }
            return Expectation(offer: offer, kind: .step(s), range: range(from: range(item)))
        }
        if eat(word: "detail") {
            guard let n = expectName("after 'detail'") else { return nil }
            if eat(word: "lists") {
                var numbers: [Int] = []
                if !eat(word: "none") {
                    repeat {
                        guard let v = parseIntLiteral() else { break }
                        numbers.append(v.value)
                    } while eat(.comma)
                }
                return Expectation(offer: offer, kind: .detail(n, text: nil, elements: numbers), range: range(from: range(item)))
            }
            guard let t = parseString("after 'detail \(n.text)' (the expected text, or 'lists 1, 2')") else { return nil }
            return Expectation(offer: offer, kind: .detail(n, text: t, elements: nil), range: range(from: range(item)))
        }
        var fixIts: [FixIt] = []
        let allowed = ["eligible", "ineligible", "undetermined", "deadline", "step", "detail"]
        if let s = Suggest.closest(to: w, in: allowed) {
            fixIts.append(FixIt(range: currentRange, replacement: s, message: "did you mean '\(s)'?"))
        }
        error("unknown-status", "unknown outcome '\(w)'; expected eligible, ineligible, undetermined, deadline, step or detail", at: currentRange, fixIts: fixIts)
        skipItem()
        return nil
    }
}
