extension Parser {
    static let offerItems = [
        "name", "description", "for", "municipality", "theme", "provider", "partner", "source",
        "valid", "review", "planned", "capacity", "duration", "hours", "requires",
        "deadline", "eligible", "detail", "ladder",
    ]

    mutating func parseOffer() -> OfferDecl? {
        let start = advance()
        guard let name = expectName("after 'offer'") else { skipItem(); return nil }
        var offer = OfferDecl(name: name, range: range(start))
        braced("offer '\(name.text)'", inner: ["partner"]) { p in p.parseOfferItem(&offer) }
        offer.range = range(from: range(start))
        return offer
    }

    mutating func once<T>(_ slot: T?, _ item: Token) {
        if slot != nil {
            error("duplicate-item", "'\(text(item))' is given twice in this offer", at: range(item))
        }
    }

    mutating func parseString(_ context: String) -> Located<String>? {
        guard at(.string) else {
            expected("a string", context)
            return nil
        }
        let t = advance()
        return Located(unescape(t), range(t))
    }

    mutating func parseDateLiteral(_ context: String) -> Located<Day?>? {
        guard at(.date) else {
            expected("a date (YYYY-MM-DD)", context)
            return nil
        }
        let t = advance()
        return Located(parseDate(t), range(t))
    }

    mutating func parseDurationLiteral(_ context: String) -> Located<Duration>? {
        let start = currentRange
        guard at(.integer), let n = Int(currentText) else {
            expected("a duration such as '3 months'", context)
            return nil
        }
        advance()
        guard at(.identifier), let unit = DurationUnit(word: currentText) else {
            expected("a unit (hours, days, weeks, months or years)", "after the number")
            return nil
        }
        advance()
        return Located(Duration(n, unit), range(from: start))
    }

    mutating func parseOfferItem(_ offer: inout OfferDecl) {
        guard at(.identifier) else {
            unknownItem(in: "offer '\(offer.name.text)'", allowed: Parser.offerItems)
            return
        }
        let item = current
        switch currentText {
        case "name":
            advance(); once(offer.title, item)
            offer.title = parseText("after 'name'")
        case "description":
            advance(); once(offer.description, item)
            offer.description = parseText("after 'description'")
        case "for":
            advance(); once(offer.target, item)
            if at(word: "household") {
                offer.target = .household(currentRange)
                advance()
            } else if at(.lBrace) {
                offer.target = .group(parseBlock("the 'for' block"))
            } else {
                expected("'household' or '{'", "after 'for' (write 'for household', or 'for { age between 6 and 17 }': whom the offer is for)")
                skipItem()
            }
        case "municipality":
            advance(); once(offer.municipality, item)
            offer.municipality = expectName("after 'municipality' (a municipality, or 'national')")
        case "theme":
            advance(); once(offer.theme, item)
            offer.theme = expectName("after 'theme'")
        case "provider":
            advance(); once(offer.provider, item)
            offer.provider = parseString("after 'provider'")
        case "partner":
            advance()
            if let n = expectName("after 'partner'") { offer.partners.append(n) }
        case "source":
            advance()
            guard let file = parseString("after 'source' (the seed file's name)") else { skipItem(); return }
            var citation = SourceCitation(file: file.value, section: nil, quote: nil, range: file.range)
            if eat(word: "section") { citation.section = parseString("after 'section'")?.value }
            if eat(word: "quote") { citation.quote = parseString("after 'quote'")?.value }
            citation.range = range(from: range(item))
            offer.sources.append(citation)
        case "valid":
            advance()
            var any = false
            if eat(word: "from") { once(offer.validFrom, item); offer.validFrom = parseDateLiteral("after 'valid from'"); any = true }
            if eat(word: "to") { once(offer.validTo, item); offer.validTo = parseDateLiteral("after 'to'"); any = true }
            if !any { expected("'from' or 'to'", "after 'valid'") ; skipItem() }
        case "review":
            advance(); once(offer.review, item)
            offer.review = parseDateLiteral("after 'review'")
        case "planned":
            advance(); once(offer.planned, item)
            offer.planned = at(.string) ? parseString("") : Located("", range(item))
        case "capacity":
            advance(); once(offer.capacity, item)
            offer.capacity = parseIntLiteral()
        case "duration":
            advance(); once(offer.duration, item)
            offer.duration = parseDurationLiteral("after 'duration'")
            if eat(word: "extendable") {
                _ = expectWord("to", "after 'extendable'")
                offer.extendableTo = parseDurationLiteral("after 'extendable to'")
            }
        case "hours":
            advance(); once(offer.hours.map { $0.0 }, item)
            if let lo = parseIntLiteral() {
                var hi: Located<Int>?
                if eat(word: "to") { hi = parseIntLiteral() }
                if expectWord("per", "after the hours") { _ = expectWord("week", "after 'per'") }
                offer.hours = (lo, hi)
            }
        case "requires":
            advance()
            repeat {
                if let n = expectName("after 'requires' (an assessment)") { offer.requires.append(n) } else { break }
            } while eat(.comma)
        case "deadline":
            advance()
            let due = parseSum()
            var earliest: Expr?
            if eat(word: "from") { earliest = parseSum() }
            var label: LocalizedText?
            if eat(word: "label") { label = parseText("after 'label'") }
            offer.deadlines.append(DeadlineDecl(due: due, earliest: earliest, label: label, range: range(from: range(item))))
        case "eligible":
            advance(); once(offer.eligibleWhen, item)
            _ = expectWord("when", "after 'eligible'")
            offer.eligibleWhen = parseBlock("the 'eligible when' block")
        case "detail":
            advance()
            if let d = parseDetail() { offer.details.append(d) }
        case "ladder":
            advance(); once(offer.ladder, item)
            offer.ladder = parseLadder(item)
        default:
            unknownItem(in: "offer '\(offer.name.text)'", allowed: Parser.offerItems)
        }
    }

    mutating func parseDetail() -> DetailDecl? {
        let start = currentRange
        guard let name = expectName("after 'detail'") else { skipItem(); return nil }
        var label: LocalizedText?
        if eat(word: "label") { label = parseText("after 'label'") }
        if eat(word: "lists") {
            guard let list = expectName("after 'lists'") else { skipItem(); return nil }
            _ = expectWord("where", "after 'lists \(list.text)'")
            let cond = at(.lBrace) ? parseBlock("the 'where' block") : parseNot()
            return DetailDecl(name: name, label: label, cases: [], lists: (list, cond), range: range(from: start))
        }
        var cases: [DetailCase] = []
        braced("detail '\(name.text)'") { p in
            let caseStart = p.currentRange
            if p.eat(word: "when") {
                let c = p.parseExpr()
                _ = p.expect(.colon, "after the condition (write 'when … : da \"…\"')")
                if let t = p.parseText("in the detail") {
                    cases.append(DetailCase(condition: c, text: t, range: p.range(from: caseStart)))
                }
            } else if p.eat(word: "otherwise") {
                _ = p.expect(.colon, "after 'otherwise'")
                if let t = p.parseText("in the detail") {
                    cases.append(DetailCase(condition: nil, text: t, range: p.range(from: caseStart)))
                }
            } else {
                p.unknownItem(in: "detail '\(name.text)'", allowed: ["when", "otherwise"])
            }
        }
        return DetailDecl(name: name, label: label, cases: cases, lists: nil, range: range(from: start))
    }

    mutating func parseLadder(_ item: Token) -> LadderDecl? {
        guard expectWord("by", "after 'ladder' (write 'ladder by ASSESSMENT { … }')") else { skipItem(); return nil }
        guard let assessment = expectName("after 'ladder by'") else { skipItem(); return nil }
        var steps: [LadderStep] = []
        braced("the ladder") { p in
            let stepStart = p.currentRange
            guard p.eat(word: "step") else {
                p.unknownItem(in: "the ladder", allowed: ["step"])
                return
            }
            guard let name = p.expectName("after 'step'") else { p.skipItem(); return }
            var step = LadderStep(name: name, title: nil, condition: nil, range: name.range)
            if p.at(.lBrace) {
                p.braced("step '\(name.text)'") { q in
                    if q.eat(word: "name") {
                        step.title = q.parseText("after 'name'")
                    } else if q.eat(word: "when") {
                        step.condition = q.parseExpr()
                    } else {
                        q.unknownItem(in: "step '\(name.text)'", allowed: ["name", "when"])
                    }
                }
            }
            step.range = p.range(from: stepStart)
            steps.append(step)
        }
        return LadderDecl(assessment: assessment, steps: steps, range: range(from: range(item)))
    }
}
