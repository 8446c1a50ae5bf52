extension Parser {
    mutating func parseDeclaration() -> Declaration? {
        guard at(.identifier) else {
            expected("a declaration (fact, record, assessment, derived, condition, set, partner, offer or test)")
            advance()
            skipToDeclaration()
            return nil
        }
        let word = currentText
        switch word {
        case "fact": return parseFact().map(Declaration.fact)
        case "record": return parseRecord().map(Declaration.record)
        case "assessment": return parseAssessment().map(Declaration.assessment)
        case "derived": return parseDerived().map(Declaration.derived)
        case "condition": return parseCondition().map(Declaration.condition)
        case "set": return parseSet().map(Declaration.set)
        case "partner": return parsePartner().map(Declaration.partner)
        case "offer": return parseOffer().map(Declaration.offer)
        case "test": return parseTest().map(Declaration.test)
        default:
            var fixIts: [FixIt] = []
            if let s = Suggest.closest(to: word, in: Parser.declarationKeywords) {
                fixIts.append(FixIt(range: currentRange, replacement: s, message: "did you mean '\(s)'?"))
            }
            error("unknown-declaration", "unknown declaration '\(word)'; expected fact, record, assessment, derived, condition, set, partner, offer or test", at: currentRange, fixIts: fixIts)
            advance()
            skipToDeclaration()
            return nil
        }
    }

    /// `da "…" en "…"` in either order; at least one.
    mutating func parseText(_ context: String) -> LocalizedText? {
        let start = currentRange
        var text = LocalizedText()
        var any = false
        while at(word: "da") || at(word: "en") {
            let lang = advance()
            let l = self.text(lang)
            if at(.string) {
                let s = unescape(advance())
                if l == "da" {
                    if text.da != nil { error("duplicate", "Danish text given twice \(context)", at: range(lang)) }
                    text.da = s
                } else {
                    if text.en != nil { error("duplicate", "English text given twice \(context)", at: range(lang)) }
                    text.en = s
                }
                any = true
            } else {
                expected("a string", "after '\(l)'")
            }
        }
        if !any {
            if at(.string) {
                error("expected", "expected 'da' or 'en' before the text \(context)", at: currentRange,
                      fixIts: [FixIt(range: SourceRange(file: file, start: currentRange.start, end: currentRange.start), replacement: "da ", message: "insert 'da '")])
                text.da = unescape(advance())
                text.range = range(from: start)
                return text
            }
            expected("'da \"…\"' or 'en \"…\"'", context)
            return nil
        }
        text.range = range(from: start)
        return text
    }

    mutating func parseType() -> TypeSyntax {
        guard at(.identifier) else {
            expected("a type (bool, int, string, date, enum, list or person)", "after ':'")
            return .error
        }
        let t = advance()
        switch text(t) {
        case "bool": return .bool
        case "string": return .string
        case "date": return .date
        case "int":
            if at(.integer) || at(.minus) {
                let lo = parseIntLiteral()
                _ = expectWord("to", "in the range 'int A to B'")
                let hi = parseIntLiteral()
                return .int(lo, hi)
            }
            return .int(nil, nil)
        case "enum":
            var values: [Name] = []
            var labels: [LocalizedText?] = []
            braced("the enum's values") { p in
                if let n = p.expectName("in the enum's values") {
                    values.append(n)
                    labels.append(p.eat(.equal) ? p.parseText("for the value '\(n.text)'") : nil)
                }
                _ = p.eat(.comma)
            }
            return .enumeration(values, labels)
        case "list":
            _ = expectWord("of", "after 'list'")
            guard let n = expectName("after 'list of' (a record name, or 'person')") else { return .error }
            return .list(n)
        case "person":
            return .person
        default:
            let w = text(t)
            let kinds = ["bool", "int", "string", "date", "enum", "list", "person"]
            var fixIts: [FixIt] = []
            if let s = Suggest.closest(to: w, in: kinds) {
                fixIts.append(FixIt(range: range(t), replacement: s, message: "did you mean '\(s)'?"))
            }
            error("unknown-type", "unknown type '\(w)'; expected bool, int, string, date, enum, list or person", at: range(t), fixIts: fixIts)
            return .error
        }
    }

    mutating func parseIntLiteral() -> Located<Int>? {
        let start = currentRange
        let neg = eat(.minus)
        guard at(.integer) else {
            expected("a whole number")
            return nil
        }
        let t = advance()
        guard let v = Int(text(t)) else {
            error("number-too-large", "number \(text(t).prefix(30)) is too large", at: range(t))
            return nil
        }
        return Located(neg ? -v : v, range(from: start))
    }

    /// `label …` and `question …` items of assessments, derived values and sets.
    mutating func parseLabelItems(_ what: String, label: inout LocalizedText?, question: inout LocalizedText?, allowQuestion: Bool = true) {
        var fact = FactDecl(name: Name("", .none), type: .error, typeRange: .none, range: .none)
        parseLabelItems(what, label: &label, question: &question, fact: &fact, allowQuestion: allowQuestion, factItems: false)
    }

    /// The items of a fact's block: `label …`, `question …`, and with
    /// `factItems` also `personal`, `household`, `inherited` and `for { … }`.
    mutating func parseLabelItems(_ what: String, label: inout LocalizedText?, question: inout LocalizedText?, fact: inout FactDecl,
                                  allowQuestion: Bool = true, factItems: Bool) {
        braced(what) { p in
            let items = (allowQuestion ? ["label", "question"] : ["label"]) + (factItems ? ["personal", "household", "inherited", "for"] : [])
            if p.eat(word: "label") {
                if label != nil { p.error("duplicate", "\(what) has two labels", at: p.range(from: p.currentRange)) }
                label = p.parseText("in the label")
            } else if allowQuestion, p.eat(word: "question") {
                question = p.parseText("in the question")
            } else if factItems, p.at(word: "personal") || p.at(word: "household") || p.at(word: "inherited") {
                let word = p.currentText
                let r = p.currentRange
                p.advance()
                func mark(_ slot: inout SourceRange?) {
                    if slot != nil { p.error("duplicate", "\(what) is marked '\(word)' twice", at: r) }
                    slot = r
                }
                switch word {
                case "personal": mark(&fact.personal)
                case "household": mark(&fact.household)
                default: mark(&fact.inherited)
                }
            } else if factItems, p.at(word: "for") {
                let r = p.currentRange
                p.advance()
                if fact.applies != nil { p.error("duplicate", "\(what) has two 'for' blocks", at: r) }
                guard p.at(.lBrace) else {
                    p.expected("'{'", "after 'for' (write 'for { age >= 18 }': whom the fact can apply to)")
                    p.skipItem()
                    return
                }
                fact.applies = p.parseBlock("the 'for' block")
            } else {
                p.unknownItem(in: what, allowed: items)
            }
        }
    }

    mutating func unknownItem(in what: String, allowed: [String]) {
        let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
        if at(.identifier) {
            let w = currentText
            var fixIts: [FixIt] = []
            if let s = Suggest.closest(to: w, in: allowed) {
                fixIts.append(FixIt(range: currentRange, replacement: s, message: "did you mean '\(s)'?"))
            }
            error("unknown-item", "unknown item '\(w)' in \(what); expected one of \(list)", at: currentRange, fixIts: fixIts)
        } else {
            expected("one of \(list)", "in \(what)")
        }
        advance()
        skipItem()
    }

    mutating func parseFact() -> FactDecl? {
        let start = advance()
        guard let name = expectName("after 'fact'") else { skipItem(); return nil }
        guard expect(.colon, "after the fact's name (write 'fact \(name.text): type')") else { skipItem(); return nil }
        let typeStart = currentRange
        let type = parseType()
        let typeRange = range(from: typeStart)
        var decl = FactDecl(name: name, type: type, typeRange: typeRange, range: range(start))
        var label: LocalizedText?, question: LocalizedText?
        if at(.lBrace) { parseLabelItems("fact '\(name.text)'", label: &label, question: &question, fact: &decl, factItems: true) }
        decl.label = label
        decl.question = question
        decl.range = range(from: range(start))
        return decl
    }

    mutating func parseRecord() -> RecordDecl? {
        let start = advance()
        guard let name = expectName("after 'record'") else { skipItem(); return nil }
        var facts: [FactDecl] = []
        var derived: [DerivedDecl] = []
        braced("record '\(name.text)'", inner: ["fact", "derived"]) { p in
            if p.at(word: "fact") {
                if let f = p.parseFact() { facts.append(f) }
            } else if p.at(word: "derived") {
                if let d = p.parseDerived() { derived.append(d) }
            } else {
                p.unknownItem(in: "record '\(name.text)'", allowed: ["fact", "derived"])
            }
        }
        return RecordDecl(name: name, facts: facts, derived: derived, range: range(from: range(start)))
    }

    mutating func parseAssessment() -> AssessmentDecl? {
        let start = advance()
        guard let name = expectName("after 'assessment'") else { skipItem(); return nil }
        var values: [Name]?
        var valueLabels: [LocalizedText?] = []
        if eat(.colon) {
            if case .enumeration(let v, let l) = parseType() { values = v; valueLabels = l } else {
                error("assessment-type", "an assessment is yes/no, or 'enum { … }' for a choice among values", at: range(from: name.range))
            }
        }
        var label: LocalizedText?, question: LocalizedText?
        if at(.lBrace) { parseLabelItems("assessment '\(name.text)'", label: &label, question: &question) }
        return AssessmentDecl(name: name, values: values, valueLabels: valueLabels, label: label, question: question, range: range(from: range(start)))
    }

    mutating func parseDerived() -> DerivedDecl? {
        let start = advance()
        guard let name = expectName("after 'derived'") else { skipItem(); return nil }
        guard expect(.equal, "after the derived value's name (write 'derived \(name.text) = …')") else { skipItem(); return nil }
        let expr = parseExpr()
        var label: LocalizedText?, question: LocalizedText?
        if at(.lBrace) { parseLabelItems("derived value '\(name.text)'", label: &label, question: &question, allowQuestion: false) }
        return DerivedDecl(name: name, expr: expr, label: label, range: range(from: range(start)))
    }

    mutating func parseCondition() -> ConditionDecl? {
        let start = advance()
        guard let name = expectName("after 'condition'") else { skipItem(); return nil }
        var label: LocalizedText?
        var items: [Expr] = []
        let bodyStart = currentRange
        braced("condition '\(name.text)'") { p in
            if p.at(word: "label") {
                p.advance()
                label = p.parseText("in the label")
            } else if let item = p.parseBlockItem() {
                items.append(item)
            }
        }
        return ConditionDecl(name: name, label: label, body: Expr(.all(items), range(from: bodyStart)), range: range(from: range(start)))
    }

    mutating func parseSet() -> SetDecl? {
        let start = advance()
        guard let name = expectName("after 'set'") else { skipItem(); return nil }
        guard expect(.equal, "after the set's name (write 'set \(name.text) = [ … ]')") else { skipItem(); return nil }
        guard at(.lBracket) else {
            expected("'['", "to start the set's values")
            skipItem()
            return nil
        }
        let values = parseList()
        var label: LocalizedText?, question: LocalizedText?
        if at(.lBrace) { parseLabelItems("set '\(name.text)'", label: &label, question: &question, allowQuestion: false) }
        return SetDecl(name: name, values: values, label: label, range: range(from: range(start)))
    }

    mutating func parsePartner() -> PartnerDecl? {
        let start = advance()
        guard let name = expectName("after 'partner'") else { skipItem(); return nil }
        var decl = PartnerDecl(name: name, range: range(start))
        braced("partner '\(name.text)'") { p in
            if p.eat(word: "name") {
                if p.at(.string) { let t = p.advance(); decl.displayName = Located(p.unescape(t), p.range(t)) } else { p.expected("a string", "after 'name'") }
            } else if p.eat(word: "municipality") {
                decl.municipality = p.expectName("after 'municipality'")
            } else if p.eat(word: "places") {
                decl.places = p.parseIntLiteral()
            } else {
                p.unknownItem(in: "partner '\(name.text)'", allowed: ["name", "municipality", "places"])
            }
        }
        decl.range = range(from: range(start))
        return decl
    }
}
