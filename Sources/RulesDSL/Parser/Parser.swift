/// A recursive-descent parser with error recovery: one run reports every
/// error it can find. Loops always make progress, and nesting is capped.
package struct Parser {
    let bytes: [UInt8]
    let file: Int32
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic]
    var depth = 0
    /// The deepest level reached in the expression being parsed, counting the
    /// operators of sums (see `parseSum`).
    var deepest = 0
    /// Set after a fatal problem in one declaration (nesting too deep); the
    /// rest of that declaration is skipped without further diagnostics.
    var abandoned = false
    package static let maxDepth = 256

    package init(bytes: [UInt8], file: Int32) {
        self.bytes = bytes
        self.file = file
        let (tokens, diagnostics) = Lexer.tokenize(bytes, file: file)
        self.tokens = tokens
        self.diagnostics = diagnostics
    }

    /// Parses a whole file.
    package static func parse(_ source: SourceFile, id: Int32) -> (SyntaxFile, [Diagnostic]) {
        var p = Parser(bytes: source.bytes, file: id)
        let decls = p.parseFile()
        return (SyntaxFile(file: id, declarations: decls), p.diagnostics)
    }

    // MARK: Tokens

    var current: Token { tokens[index] }
    var kind: TokenKind { tokens[index].kind }

    func peekKind(_ k: Int = 1) -> TokenKind {
        index + k < tokens.count ? tokens[index + k].kind : .eof
    }

    func text(_ t: Token) -> String {
        String(decoding: bytes[t.range], as: UTF8.self)
    }

    var currentText: String { text(current) }

    func range(_ t: Token) -> SourceRange { SourceRange(file: file, start: Int(t.start), end: Int(t.end)) }
    var currentRange: SourceRange { range(current) }

    /// The range from `start` to the end of the previous token.
    func range(from start: SourceRange) -> SourceRange {
        let prev = index > 0 ? tokens[index - 1] : tokens[0]
        return SourceRange(file: file, start: start.start, end: max(start.end, Int(prev.end)))
    }

    func at(_ k: TokenKind) -> Bool { kind == k }

    /// The current token is the identifier `word`.
    func at(word: String) -> Bool {
        guard kind == .identifier else { return false }
        let t = current
        guard Int(t.end - t.start) == word.utf8.count else { return false }
        return word.utf8.elementsEqual(bytes[t.range])
    }

    func peekIs(word: String, _ k: Int = 1) -> Bool {
        guard index + k < tokens.count, tokens[index + k].kind == .identifier else { return false }
        return text(tokens[index + k]) == word
    }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if t.kind != .eof { index += 1 }
        return t
    }

    mutating func eat(_ k: TokenKind) -> Bool {
        if at(k) { advance(); return true }
        return false
    }

    mutating func eat(word: String) -> Bool {
        if at(word: word) { advance(); return true }
        return false
    }

    // MARK: Diagnostics

    mutating func error(_ code: String, _ message: String, at range: SourceRange, notes: [Note] = [], fixIts: [FixIt] = []) {
        guard !abandoned else { return }
        if let last = diagnostics.last, last.range.start == range.start, last.range.file == range.file, last.severity == .error {
            return  // one error per position is enough
        }
        diagnostics.append(Diagnostic(.error, code, message, at: range, notes: notes, fixIts: fixIts))
    }

    /// What the user wrote at the current token, for messages.
    var found: String {
        switch kind {
        case .eof: return "the end of the file"
        case .identifier, .integer, .date:
            return "'\(currentText)'"
        case .string:
            let s = currentText
            return s.count > 30 ? "a string" : s
        default: return kind.description
        }
    }

    /// Reports `expected X …, found Y` at the current token.
    mutating func expected(_ what: String, _ context: String = "") {
        let ctx = context.isEmpty ? "" : " " + context
        error("expected", "expected \(what)\(ctx), found \(found)", at: currentRange)
    }

    mutating func expect(_ k: TokenKind, _ context: String) -> Bool {
        if eat(k) { return true }
        expected(k.description, context)
        return false
    }

    mutating func expectWord(_ w: String, _ context: String) -> Bool {
        if eat(word: w) { return true }
        expected("'\(w)'", context)
        return false
    }

    mutating func expectName(_ context: String) -> Name? {
        if at(.identifier) {
            let t = advance()
            return Name(text(t), range(t))
        }
        expected("a name", context)
        return nil
    }

    // MARK: Nesting

    /// Enters one level of nesting; false (with a diagnostic, once) past the limit.
    mutating func enter() -> Bool {
        depth += 1
        deepest = max(deepest, depth)
        if depth > Parser.maxDepth {
            error("nesting-too-deep", "nesting too deep (more than \(Parser.maxDepth) levels of parentheses, blocks or quantifiers)", at: currentRange)
            abandoned = true
            skipToDeclaration()
            return false
        }
        return true
    }

    mutating func leave() { depth -= 1 }

    // MARK: Recovery

    static let declarationKeywords: Set<String> = ["fact", "record", "assessment", "derived", "condition", "set", "partner", "offer", "test"]

    func atDeclarationStart() -> Bool {
        kind == .identifier && current.atLineStart && Parser.declarationKeywords.contains(currentText)
    }

    /// Skips to the next top-level declaration keyword at the start of a line.
    mutating func skipToDeclaration() {
        while !at(.eof) {
            if atDeclarationStart() { return }
            advance()
        }
    }

    /// Skips the rest of a broken item: up to the next token at the start of a
    /// line (outside nested brackets), or the `}` that closes the current block.
    mutating func skipItem() {
        guard !abandoned else { return }
        var nesting = 0
        let start = index
        while !at(.eof) {
            if nesting == 0, atDeclarationStart() { return }
            if index > start, nesting == 0, current.atLineStart { return }
            switch kind {
            case .lBrace, .lBracket, .lParen: nesting += 1
            case .rBrace, .rBracket, .rParen:
                if nesting == 0 { return }
                nesting -= 1
            default: break
            }
            if nesting == 0, atDeclarationStart(), index > start { return }
            advance()
        }
    }

    /// Parses `{ item* }` calling `item` for each; guarantees progress.
    mutating func braced(_ what: String, inner: Set<String> = [], _ item: (inout Parser) -> Void) {
        guard expect(.lBrace, "to open \(what)") else {
            skipItem()
            return
        }
        guard enter() else { return }
        defer { leave() }
        while !at(.rBrace), !at(.eof), !abandoned {
            if atDeclarationStart(), !inner.contains(currentText) {
                error("expected", "expected '}' to close \(what) before this declaration", at: currentRange)
                return
            }
            let before = index
            item(&self)
            if index == before {  // no progress: drop the token
                expected("an item", "in \(what)")
                advance()
            }
        }
        if !abandoned { _ = expect(.rBrace, "to close \(what)") }
    }

    // MARK: File

    mutating func parseFile() -> [Declaration] {
        var decls: [Declaration] = []
        while !at(.eof) {
            abandoned = false
            depth = 0
            deepest = 0
            let before = index
            if let d = parseDeclaration() { decls.append(d) }
            if index == before { advance() }
        }
        return decls
    }
}
