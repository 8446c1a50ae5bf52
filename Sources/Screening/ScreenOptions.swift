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
