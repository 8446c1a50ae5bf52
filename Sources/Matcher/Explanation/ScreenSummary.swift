import RulesDSL

/// The decisions over a whole caseload: how many profiles had each status
/// for each offer, and how many lines were skipped.
public struct ScreenSummary: Sendable {
    /// Profiles screened.
    public package(set) var profiles = 0
    /// Lines skipped as bad.
    public package(set) var skipped = 0
    /// For a rule set with members (`person`): the members of the cases
    /// screened (`profiles` counts the cases). Each offer is then counted
    /// over the members it is for, with every status counted as it is found.
    public package(set) var members = 0
    package var countsEachStatus = false
    /// Three counters per offer: eligible, undetermined, ineligible (flat, so
    /// that counting is one store).
    package var tally: [Int]
    /// Why the screen stopped before the end of the input, if it did.
    public package(set) var stop: Stop?
    /// Whether the screen stopped before the end of the input.
    public var stoppedEarly: Bool { stop != nil }

    /// Why a screen stopped before the end of its input.
    public enum Stop: Sendable, Equatable {
        /// `--max-errors` bad lines were found.
        case maxErrors
        /// A line the screen cannot read past: a bad CSV header, a CSV
        /// record longer than `--max-line-bytes` (reported as the bad line).
        case unreadable
    }

    /// Zero counts for `offers` offers.
    public init(offers: Int) { tally = Array(repeating: 0, count: 3 * offers) }

    /// How many profiles had `status` for offer `offer`.
    public func count(_ offer: Int, _ status: Status) -> Int { tally[3 * offer + ScreenSummary.slot(status)] }

    package static func slot(_ s: Status) -> Int {
        switch s {
        case .eligible: return 0
        case .undetermined: return 1
        case .ineligible: return 2
        }
    }

    /// Counts as ineligible, for each offer in `offers`, the profiles not
    /// counted as eligible or undetermined (screening counts only those two).
    package mutating func countIneligible(_ offers: [Int]) {
        guard !countsEachStatus else { return }
        for i in offers { tally[3 * i + 2] = profiles - tally[3 * i] - tally[3 * i + 1] }
    }

    /// Adds another piece's counts.
    package mutating func merge(_ o: ScreenSummary) {
        profiles += o.profiles
        skipped += o.skipped
        members += o.members
        countsEachStatus = countsEachStatus || o.countsEachStatus
        for i in tally.indices { tally[i] += o.tally[i] }
    }
}
