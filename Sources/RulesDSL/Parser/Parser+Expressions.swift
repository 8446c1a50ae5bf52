extension Parser {
    /// Words that end an expression: they begin the next item of a block or
    /// offer and are never names of facts.
    static let reservedWords: Set<String> = [
        "and", "or", "not", "in", "between", "any", "all", "count", "where", "unless",
        "true", "false", "today", "by", "of",
    ]

    mutating func parseExpr() -> Expr { parseOr() }

    /// `a or b or c` is one list (no deep tree, however long the chain).
    mutating func parseOr() -> Expr {
        let first = parseAnd()
        guard at(word: "or") else { return first }
        var items = [first]
        while at(word: "or"), !abandoned {
            advance()
            items.append(parseAnd())
        }
        return Expr(.anyOf(items), first.range.to(items.last!.range))
    }

    /// `a and b and c` is one list, like a block.
    mutating func parseAnd() -> Expr {
        let first = parseNot()
        guard at(word: "and") else { return first }
        var items = [first]
        while at(word: "and"), !abandoned {
            advance()
            items.append(parseNot())
        }
        return Expr(.all(items), first.range.to(items.last!.range))
    }

    mutating func parseNot() -> Expr {
        if at(word: "not") {
            let start = advance()
            guard enter() else { return Expr(.error, range(start)) }
            defer { leave() }
            let inner = parseNot()
            return Expr(.not(inner), range(start).to(inner.range))
        }
        return parseComparison()
    }

    mutating func parseComparison() -> Expr {
        let lhs = parseSum()
        if case .error = lhs.kind { return lhs }
        let op: BinaryOperator?
        switch kind {
        case .equal: op = .equal
        case .notEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        default: op = nil
        }
        if let op {
            advance()
            let rhs = parseSum()
            return Expr(.binary(op, lhs, rhs), lhs.range.to(rhs.range))
        }
        if at(word: "between") {
            advance()
            let lo = parseSum()
            if !eat(word: "and") {
                expected("'and'", "in 'between … and …'")
                return Expr(.between(lhs, lo, Expr(.error, currentRange)), lhs.range.to(lo.range))
            }
            let hi = parseSum()
            return Expr(.between(lhs, lo, hi), lhs.range.to(hi.range))
        }
        if at(word: "in") || (at(word: "not") && peekIs(word: "in")) {
            let negated = at(word: "not")
            if negated { advance() }
            advance()
            let set = parseSetRef()
            return Expr(.member(lhs, set, negated: negated), range(from: lhs.range))
        }
        return lhs
    }

    mutating func parseSetRef() -> SetSyntax {
        if at(.lBracket) { return .list(parseList()) }
        if at(.identifier), !Parser.reservedWords.contains(currentText) {
            let t = advance()
            return .named(Name(text(t), range(t)))
        }
        expected("a list '[…]' or the name of a set", "after 'in'")
        return .list([])
    }

    /// `[ value, value ]`: literals or names (enum values).
    mutating func parseList() -> [Expr] {
        guard eat(.lBracket) else { return [] }
        var items: [Expr] = []
        while !at(.rBracket), !at(.eof), !abandoned {
            let before = index
            let e = parseSum()
            if case .error = e.kind {
                if index == before { advance() }
            } else {
                items.append(e)
            }
            if !eat(.comma) {
                if !at(.rBracket) {
                    expected("',' or ']'", "in the list")
                    // Recover: stop at a line start or a closing bracket.
                    while !at(.rBracket), !at(.eof), !current.atLineStart { advance() }
                }
            }
            if current.atLineStart, !at(.rBracket), !at(.string), !at(.identifier), !at(.integer), !at(.date) { break }
        }
        _ = expect(.rBracket, "to close the list")
        return items
    }

    /// `a + b - c` is a left-deep tree, `(a + b) - c`: each `+` or `-` puts
    /// the terms before it one level deeper. So a sum is as deep as its
    /// deepest term plus one level per operator, within `maxDepth` like
    /// parentheses, and it leaves that in `deepest` for an enclosing sum: a
    /// sum in parentheses in a sum … adds up.
    mutating func parseSum() -> Expr {
        let outer = deepest
        deepest = depth
        var lhs = parsePrimary()
        var terms = 1
        var termDepth = deepest   // the deepest level inside any term
        defer { deepest = max(outer, termDepth + terms - 1) }
        while at(.plus) || at(.minus) {
            if case .error = lhs.kind { return lhs }
            let op: BinaryOperator = at(.plus) ? .plus : .minus
            let opRange = currentRange
            advance()
            deepest = depth
            let rhs = parsePrimary()
            terms += 1
            termDepth = max(termDepth, deepest)
            if termDepth + terms - 1 > Parser.maxDepth {
                error("nesting-too-deep", "too many terms in one sum: each '+' or '-' is a level of nesting, and nesting is limited to \(Parser.maxDepth) levels", at: opRange)
                abandoned = true
                skipToDeclaration()
                return Expr(.error, lhs.range)
            }
            lhs = Expr(.binary(op, lhs, rhs), lhs.range.to(rhs.range))
        }
        return lhs
    }

    mutating func parsePrimary() -> Expr {
        let start = current
        switch kind {
        case .integer:
            advance()
            let value = Int(text(start)) ?? Int.max
            if Int(text(start)) == nil {
                error("number-too-large", "number \(text(start).prefix(30)) is too large", at: range(start))
            }
            // A number followed by a unit is a duration.
            if at(.identifier), let unit = DurationUnit(word: currentText) {
                let u = advance()
                return Expr(.duration(Duration(value, unit)), range(start).to(range(u)))
            }
            return Expr(.integer(value), range(start))
        case .minus:
            advance()
            guard enter() else { return Expr(.error, range(start)) }
            defer { leave() }
            let inner = parsePrimary()
            if case .integer(let v) = inner.kind { return Expr(.integer(-v), range(start).to(inner.range)) }
            return Expr(.negate(inner), range(start).to(inner.range))
        case .date:
            advance()
            return Expr(.date(parseDate(start)), range(start))
        case .string:
            advance()
            return Expr(.string(unescape(start)), range(start))
        case .lParen:
            advance()
            guard enter() else { return Expr(.error, range(start)) }
            defer { leave() }
            var inner = parseExpr()
            if !eat(.rParen) {
                expected("')'", "to close '('")
            }
            inner.range = range(start).to(range(from: range(start)))
            return inner
        case .identifier:
            return parseWordPrimary()
        default:
            expected("a condition or value")
            return Expr(.error, range(start))
        }
    }

    mutating func parseWordPrimary() -> Expr {
        let start = current
        let word = currentText
        switch word {
        case "true", "false":
            advance()
            return Expr(.bool(word == "true"), range(start))
        case "today":
            advance()
            return Expr(.today, range(start))
        case "any", "all", "count":
            advance()
            guard enter() else { return Expr(.error, range(start)) }
            defer { leave() }
            guard let list = expectName("after '\(word)' (the list to look in, e.g. 'children')") else {
                return Expr(.error, range(start))
            }
            guard expectWord("where", "after '\(word) \(list.text)'") else { return Expr(.error, range(from: range(start))) }
            // Without braces the body is one (possibly negated) comparison.
            let body: Expr = at(.lBrace) ? parseBlock("the 'where' block") : parseNot()
            return Expr(.quantifier(Quantifier(rawValue: word)!, list, body), range(from: range(start)))
        case "by":
            advance()
            guard expectWord("date", "after 'by'") else { return Expr(.error, range(start)) }
            var entries: [(Day?, Expr)] = []
            braced("the 'by date' table") { p in
                guard p.at(.date) else {
                    p.expected("a date", "in the 'by date' table")
                    p.skipItem()
                    return
                }
                let d = p.advance()
                let day = p.parseDate(d)
                _ = p.expect(.colon, "after the date")
                let v = p.parseSum()
                entries.append((day, v))
            }
            return Expr(.byDate(entries), range(from: range(start)))
        default:
            if Parser.reservedWords.contains(word) || word == "unless" {
                expected("a condition or value")
                return Expr(.error, range(start))
            }
            advance()
            let name = Name(word, range(start))
            if at(.lParen) {
                advance()
                guard enter() else { return Expr(.error, range(start)) }
                defer { leave() }
                var args: [Expr] = []
                while !at(.rParen), !at(.eof), !abandoned {
                    let before = index
                    args.append(parseExpr())
                    if !eat(.comma) { break }
                    if index == before { advance() }
                }
                _ = expect(.rParen, "to close the arguments of '\(word)'")
                return Expr(.call(name, args), range(from: range(start)))
            }
            return Expr(.name(name), range(start))
        }
    }

    /// `{ item* }`: a conjunction of conditions, `unless` exceptions and
    /// `any of { … }` alternatives.
    mutating func parseBlock(_ what: String) -> Expr {
        let start = currentRange
        var items: [Expr] = []
        braced(what) { p in
            if let item = p.parseBlockItem() { items.append(item) }
        }
        return Expr(.all(items), range(from: start))
    }

    mutating func parseBlockItem() -> Expr? {
        if at(word: "unless") {
            let start = advance()
            let e = parseExpr()
            return Expr(.unless(e), range(start).to(e.range))
        }
        if at(word: "any"), peekIs(word: "of") {
            let start = currentRange
            advance(); advance()
            var items: [Expr] = []
            braced("'any of'") { p in
                if let item = p.parseBlockItem() { items.append(item) }
            }
            return Expr(.anyOf(items), range(from: start))
        }
        let before = index
        let e = parseExpr()
        if case .error = e.kind {
            if index == before { advance() }
            skipItem()
            return nil
        }
        // Two conditions on one line need a line break or 'and' between them.
        if !at(.rBrace), !at(.eof), !current.atLineStart {
            if at(.identifier) || at(.integer) || at(.string) || at(.date) || at(.lParen) {
                expected("a line break, 'and' or 'or'", "after the condition")
            } else {
                expected("'}' or a new line", "after the condition")
                skipItem()
            }
        }
        return e
    }

    mutating func parseDate(_ t: Token) -> Day? {
        if let d = Day(iso: bytes[t.range]) { return d }
        error("invalid-date", "'\(text(t))' is not a calendar date (write YYYY-MM-DD)", at: range(t))
        return nil
    }

    /// The contents of a string token with escapes resolved.
    func unescape(_ t: Token) -> String {
        var s = Int(t.start) + 1
        var e = Int(t.end)
        if e > s, bytes[e - 1] == UInt8(ascii: "\"") { e -= 1 }
        if s > e { s = e }
        var out: [UInt8] = []
        out.reserveCapacity(e - s)
        var i = s
        while i < e {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < e {
                switch bytes[i + 1] {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                default: out.append(bytes[i + 1])
                }
                i += 2
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
