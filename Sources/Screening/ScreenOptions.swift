import Matcher
import Profiles
import RulesDSL

/// What `matchctl screen` should do.
public struct ScreenOptions: Sendable {
    /// What is written: a line per citizen, a row per citizen and offer, or counts.
    public enum Format: String, Sendable, CaseIterable { case jsonl, csv, summary }
    /// How the caseload is written: JSON Lines or CSV.
    public enum InputFormat: String, Sendable, CaseIterable { case jsonl, csv }

    /// The evaluation date.
    public var date: Day
    /// Offers to report, by index; all when empty.
    public var offers: [Int] = []
    /// Statuses to report per citizen (jsonl, csv).
    public var statuses: Set<Status> = [.eligible, .undetermined]
    /// The output's form.
    public var format: Format = .summary
    /// The input's form.
    public var inputFormat: InputFormat = .jsonl
    /// Parallel jobs.
    public var jobs: Int = 2
    /// Stop after this many bad lines.
    public var maxErrors: Int?
    /// The longest line (or CSV row) screened, in bytes, its line break not
    /// counted: a longer one is a bad line, and memory stays within a few
    /// times this and `chunkSize` whatever the input.
    public var maxLineBytes: Int = 1 << 20
    /// A CSV column that names no fact is an error (`--strict-columns`),
    /// instead of one warning and ignored.
    public var strictColumns = false
    /// csv for Danish Excel (`--excel`): `;`, a byte order mark, CRLF,
    /// Danish headers and statuses, no cell Excel would run as a formula.
    public var excel = false
    /// Bytes read per chunk; each chunk is split among the jobs.
    public var chunkSize: Int = 8 << 20

    /// The defaults, for evaluation date `date`.
    public init(date: Day) { self.date = date }
}
