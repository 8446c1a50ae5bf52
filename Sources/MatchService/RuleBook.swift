import Foundation
import Matcher
import Profiles
import RulesDSL

// The service layer that the command line (and later a server) calls, in the
// order a request goes through it:
//
//   load rules     RuleBook.load(paths:date:)           (this file)
//   read profile   book.profile(from:name:date:)         (this file)
//   decide         book.match(_:date:), book.explain(offer:profile:date:)
//   screen         book.screen(_:path:name:)             (ScreenRun.swift)
//   rule tests     book.runTests(date:coverage:minCoverage:mutate:)  (RuleTestRun.swift)
//
// Nothing here prints: every method returns a value or throws a `ToolError`;
// the front end renders both.

/// The tool's name and version, as reports and `--version` give them.
public enum Tool {
    /// The tool's name, `matchctl`.
    public static let name = "matchctl"
    /// The version `--version` shows and a match report records (`matchctl_version` in JSON).
    public static let version = "0.1.0"
}

/// A checked rule set, ready to decide: the rules, the files they came from,
/// the compiled matcher and the rules' content hash. Built once and shared
/// by every request; the evaluation date is a request's, not the book's.
public struct RuleBook: Sendable {
    /// The checked rules: the offers, facts and tests, for the renderers in Reports.
    public let rules: RuleSet
    /// The rule files, which diagnostics and explanations point into.
    public let sources: SourceManager
    package let matcher: Matcher
    /// `sha256:…`: a content hash of the rule files (independent of paths),
    /// so that a filed decision can be reproduced. Hashed when asked (about
    /// 2 million instructions for the shipped rules), as screening never asks.
    public var rulesVersion: String { sources.contentHash }
    /// What checking the rules found besides errors (a rule book has none):
    /// warnings and notes, in source order.
    public let diagnostics: [Diagnostic]

    /// Compiles checked rules; `rules.invalid`, with the errors in source
    /// order, when the diagnostics have any.
    package init(rules: RuleSet, diagnostics: [Diagnostic], sources: SourceManager) throws(ToolError) {
        let sorted = diagnostics.inSourceOrder
        let errors = sorted.filter { $0.severity == .error }
        if !errors.isEmpty {
            throw ToolError(.rulesInvalid, "the rules have \(errors.count) error\(errors.count == 1 ? "" : "s"); run 'matchctl check' for details",
                            diagnostics: errors, sources: sources)
        }
        self.rules = rules
        self.sources = sources
        self.matcher = Matcher(rules: rules)
        self.diagnostics = (sorted + RuleBook.targetWarnings(matcher)).inSourceOrder
    }

    /// `fact-outside-target`: an offer reads a fact that cannot apply to
    /// some of the people it is for (`TargetAnalysis`).
    package static func targetWarnings(_ matcher: Matcher) -> [Diagnostic] {
        let rules = matcher.rules
        return TargetAnalysis(matcher: matcher).findings().map { f in
            let offer = rules.offers[f.offer]
            let who = "a \(f.age)-year-old" + (f.gender.map { " (gender \($0))" } ?? "")
            return Diagnostic(.warning, "fact-outside-target",
                              "offer '\(offer.id)' reads '\(rules.facts[f.fact].name)', which cannot apply to everyone the offer is for (for instance \(who)); narrow the offer's 'for' to the people the fact applies to",
                              at: offer.declared)
        }
    }

    /// Reads every `.rules` file under `paths` and checks them (review dates
    /// as of `date`).
    public static func load(paths: [String], date: Day) throws(ToolError) -> RuleBook {
        try load(files: RuleLoader.files(at: paths), date: date)
    }

    /// Checks rule files already read.
    public static func load(files: [SourceFile], date: Day) throws(ToolError) -> RuleBook {
        let (rules, diagnostics, sources) = Frontend.load(files, today: date)
        return try RuleBook(rules: rules, diagnostics: diagnostics, sources: sources)
    }

    /// Where the rules are: the path given, else `$MATCHCTL_RULES`, else
    /// `./Rules`. The environment is read only when no path is given.
    public static func paths(given: String?, environment: @autoclosure () -> [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        if let given { return [given] }
        if let env = environment()["MATCHCTL_RULES"], !env.isEmpty { return [env] }
        return ["Rules"]
    }

    // MARK: Reading a profile

    /// Reads and validates one profile (a JSON object); `name` is how errors
    /// name the input (a path, `<stdin>`). A profile that does not fit the
    /// schema is `profile.invalid`, with the line and column of the field.
    /// A birth date after `date` is not an error but no age on `date`, as
    /// `screen` reads it (so that the two agree on every profile).
    public func profile(from bytes: [UInt8], name: String, date: Day) throws(ToolError) -> Profile {
        do {
            return try ProfileDecoder(rules: rules, rejectFutureBirthDates: false).decode(bytes, today: date)
        } catch {
            let l = SourceFile(path: name, bytes: bytes).location(of: error.offset)
            throw ToolError(.profileInvalid, error.message, at: .init(file: name, line: l.line, column: l.column))
        }
    }

    /// Reads and validates the profile in the file at `path`.
    public func profile(atPath path: String, date: Day) throws(ToolError) -> Profile {
        try profile(from: RuleBook.profileBytes(atPath: path), name: path, date: date)
    }

    /// The bytes of a profile file; `input.unreadable` when there is none.
    package static func profileBytes(atPath path: String) throws(ToolError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.inputUnreadable, "cannot read profile '\(path)': no such file or not readable")
        }
        return [UInt8](data)
    }

    // MARK: Deciding

    /// The index of the offer with this id; `offer.unknown`, with the
    /// closest id as a suggestion, when the rules have none.
    public func offer(_ id: String) throws(ToolError) -> Int {
        guard let i = rules.offerIndex(id) else {
            var msg = "unknown offer '\(id)'"
            if let sug = Suggest.closest(to: id, in: rules.offers.map(\.id)) { msg += "; did you mean '\(sug)'?" }
            throw ToolError(.offerUnknown, msg)
        }
        return i
    }

    /// Every offer decided for one citizen, with reasons, missing facts and
    /// the questions to ask next.
    public func match(_ profile: Profile, date: Day) -> MatchReport {
        MatchReport(matcher: matcher, profile: profile, date: date,
                    rulesVersion: rulesVersion, toolVersion: Tool.version)
    }

    /// One offer's whole evaluation: its result and the tree of its conditions.
    public func explain(offer: Int, profile: Profile, date: Day) -> (result: OfferResult, tree: [ExplanationNode]) {
        matcher.explain(offer: offer, profile: profile, today: date)
    }

    /// The member of case `profile` with id `id` (`Member.id`): its own
    /// profile, to explain an offer for. The holder's id is the case's.
    public func member(_ id: String, of profile: Profile) throws(ToolError) -> Member {
        let members = matcher.members(of: profile)
        if let m = members.first(where: { $0.id == id }) { return m }
        var message = "the case has no member '\(Excerpt.of(id))'; its members are " + members.map(\.id).joined(separator: ", ")
        if let s = Suggest.closest(to: id, in: members.map(\.id)) { message += "; did you mean '\(s)'?" }
        throw ToolError(.memberUnknown, message.escapingControls, command: "explain")
    }
}
