/// How serious a diagnostic is.
public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    /// Orders note < warning < error.
    public static func < (a: Severity, b: Severity) -> Bool {
        let order: [Severity] = [.note, .warning, .error]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

/// A replacement the user can apply: `did you mean 'in_association'?`.
public struct FixIt: Sendable, Equatable {
    /// The source text to replace.
    public package(set) var range: SourceRange
    /// The text to put in its place.
    public package(set) var replacement: String
    /// What the fix does, for people (`did you mean …?`).
    public package(set) var message: String
}

/// A secondary message attached to a diagnostic, optionally pointing elsewhere.
public struct Note: Sendable, Equatable {
    /// The text of the note.
    public package(set) var message: String
    /// Where the note points, if it points anywhere.
    public package(set) var range: SourceRange?

    package init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// One finding of the lexer, parser or checker. A value: it is rendered in
/// one place (`DiagnosticRenderer`).
public struct Diagnostic: Sendable, Equatable {
    /// Whether the finding is an error, a warning or a note.
    public package(set) var severity: Severity
    /// A stable identifier of the kind of finding (`unknown-name`), for tools.
    public package(set) var code: String
    /// The finding in words, for people.
    public package(set) var message: String
    /// Where in the rule files the finding is.
    public package(set) var range: SourceRange
    /// Further explanations, some pointing at related places.
    public package(set) var notes: [Note]
    /// Edits that would resolve the finding.
    public package(set) var fixIts: [FixIt]

    package init(_ severity: Severity, _ code: String, _ message: String, at range: SourceRange,
                notes: [Note] = [], fixIts: [FixIt] = []) {
        self.severity = severity
        self.code = code
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIts = fixIts
    }
}

/// Collects diagnostics in the order they were found.
package struct DiagnosticBag: Sendable {
    package private(set) var items: [Diagnostic] = []

    package init() {}

    package var hasErrors: Bool { items.contains { $0.severity == .error } }

    package mutating func append(_ d: Diagnostic) { items.append(d) }
    package mutating func append(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }

    package mutating func error(_ code: String, _ message: String, at range: SourceRange,
                               notes: [Note] = [], fixIts: [FixIt] = []) {
        items.append(Diagnostic(.error, code, message, at: range, notes: notes, fixIts: fixIts))
    }

    package mutating func warning(_ code: String, _ message: String, at range: SourceRange,
                                 notes: [Note] = [], fixIts: [FixIt] = []) {
        items.append(Diagnostic(.warning, code, message, at: range, notes: notes, fixIts: fixIts))
    }

    /// Sorted by file, then position, for stable output.
    package var sorted: [Diagnostic] { items.inSourceOrder }
}

extension Array where Element == Diagnostic {
    /// By file, then position; found order breaks ties (stable output).
    public var inSourceOrder: [Diagnostic] {
        enumerated().sorted { a, b in
            let x = a.element.range, y = b.element.range
            if x.file != y.file { return x.file < y.file }
            if x.start != y.start { return x.start < y.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}

/// Suggestions for misspelt names, by edit distance.
package enum Suggest {
    /// The closest candidate within a distance that scales with the name's length.
    package static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let limit = max(1, min(3, name.count / 3))
        var best: (String, Int)?
        for c in candidates {
            let d = distance(name, c)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
        }
        return best?.0
    }

    /// Damerau–Levenshtein (optimal string alignment) distance over scalars.
    package static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[y.count]
    }
}
