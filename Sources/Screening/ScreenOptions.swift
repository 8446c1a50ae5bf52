import Matcher
import Profiles
import RulesDSL

/// What `matchctl screen` should do.
public struct ScreenOptions: Sendable {
    public enum Format: String, Sendable, CaseIterable { case jsonl, csv, summary }
    public enum InputFormat: String, Sendable, CaseIterable { case jsonl, csv }

    public var date: Day
    /// Offers to report, by index; all when empty.
    public var offers: [Int] = []
    /// Statuses to report per citizen (jsonl, csv).
    public var statuses: Set<Status> = [.eligible, .undetermined]
    public var format: Format = .summary
    public var inputFormat: InputFormat = .jsonl
    public var jobs: Int = 2
    /// Stop after this many bad lines.
    public var maxErrors: Int?
    /// Bytes read per chunk; each chunk is split among the jobs.
    public var chunkSize: Int = 8 << 20

    public init(date: Day) { self.date = date }
}

/// Counts per offer and status, and what was skipped.
public struct ScreenSummary: Sendable {
    public var profiles = 0
    public var skipped = 0
    /// Three counters per offer: eligible, undetermined, ineligible (flat, so
    /// that counting is one store).
    var tally: [Int]
    public var stoppedEarly = false

    public init(offers: Int) { tally = Array(repeating: 0, count: 3 * offers) }

    /// How many profiles had `status` for offer `offer`.
    public func count(_ offer: Int, _ status: Status) -> Int { tally[3 * offer + ScreenSummary.slot(status)] }

    static func slot(_ s: Status) -> Int {
        switch s {
        case .eligible: return 0
        case .undetermined: return 1
        case .ineligible: return 2
        }
    }

    /// Counts as ineligible, for each offer in `offers`, the profiles not
    /// counted as eligible or undetermined (screening counts only those two).
    mutating func countIneligible(_ offers: [Int]) {
        for i in offers { tally[3 * i + 2] = profiles - tally[3 * i] - tally[3 * i + 1] }
    }

    mutating func merge(_ o: ScreenSummary) {
        profiles += o.profiles
        skipped += o.skipped
        for i in tally.indices { tally[i] += o.tally[i] }
    }
}
