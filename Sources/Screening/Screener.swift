import Dispatch
import Matcher
import Profiles
import RulesDSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Screens a whole caseload: reads profiles in large chunks, splits each
/// chunk at line breaks among the jobs, decides the offers for every
/// profile, and writes results in input order.
public final class Screener: @unchecked Sendable {
    public let matcher: Matcher
    public let options: ScreenOptions
    let reported: [Int]
    let offerJSON: [[UInt8]]
    let offerCSV: [[UInt8]]
    let plan: BatchPlan

    /// One bad line: its number in the input and the message.
    public struct LineError: Sendable {
        public var line: Int
        public var message: String
    }

    public init(matcher: Matcher, options: ScreenOptions) {
        self.matcher = matcher
        self.options = options
        reported = options.offers.isEmpty ? Array(matcher.rules.offers.indices) : options.offers
        offerJSON = matcher.rules.offers.map { Array(JSONWriter.quote($0.id).utf8) }
        offerCSV = matcher.rules.offers.map { Array(csvField($0.id).utf8) }
        plan = BatchPlan(matcher: matcher, today: options.date, reported: reported)
    }

    /// The per-job state, reused from chunk to chunk.
    struct Worker {
        var facts: Facts
        var reader: LineReader
        var summary: ScreenSummary
        var out: [UInt8] = []
        /// The current profile's id, JSON-escaped.
        var id: [UInt8] = []
        var errors: [LineError] = []
        /// Physical lines in the piece (blank ones included).
        var lines = 0
        var statuses: [Status]
        /// The plan's offer sets for the current profile.
        let sets: PlanSets
    }

    /// Screens `source`; `write` receives output bytes in input order,
    /// `error` each bad line (already numbered), `progress` the bytes read.
    public func run(source: ByteSource, write: (UnsafeRawBufferPointer) -> Void, error: (LineError) -> Void,
                    progress: ((Int, Int) -> Void)? = nil) -> ScreenSummary {
        if options.format == .csv {
            let header = Array("id,offer,status\n".utf8)
            header.withUnsafeBytes { write($0) }
        }
        if options.inputFormat == .csv { return runCSV(source: source, write: write, error: error, progress: progress) }
        // A few pieces per job, so that a job that finishes early takes
        // another piece instead of waiting at the end of the chunk.
        let jobs = options.jobs <= 1 ? 1 : options.jobs * 4
        var workers = makeWorkers(jobs)
        var total = ScreenSummary(offers: matcher.rules.offers.count)
        var lineBase = 0
        var errorsSoFar = 0
        chunks: while let chunk = source.next() {
            let pieces = Screener.split(chunk, into: jobs)
            workers.withUnsafeMutableBufferPointer { ws in
                // Each job touches only its own worker and its own part of the chunk.
                let shared = Shared(chunk: chunk, workers: ws.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
                    self.process(shared.chunk, pieces[k], &shared.workers[k])
                }
            }
            if collect(&workers, pieces.count, &total, &lineBase, &errorsSoFar, write, error) { break chunks }
            progress?(source.bytesRead, total.profiles)
        }
        return total
    }

    /// One worker per job, reused from chunk to chunk.
    func makeWorkers(_ jobs: Int) -> [Worker] {
        let reader = LineReader(program: matcher.program)  // its tables are built once, for all workers
        return (0..<jobs).map { _ in
            Worker(facts: Facts(program: matcher.program), reader: reader.fresh(),
                   summary: ScreenSummary(offers: matcher.rules.offers.count), statuses: Array(repeating: .ineligible, count: matcher.rules.offers.count),
                   sets: PlanSets(groups: plan.groups))
        }
    }

    /// Writes the jobs' output and errors in input order and adds up their
    /// counts; true when --max-errors says to stop.
    func collect(_ workers: inout [Worker], _ pieces: Int, _ total: inout ScreenSummary, _ lineBase: inout Int,
                 _ errorsSoFar: inout Int, _ write: (UnsafeRawBufferPointer) -> Void, _ error: (LineError) -> Void) -> Bool {
        for k in 0..<pieces {
            workers[k].out.withUnsafeBytes { write($0) }
            workers[k].summary.countIneligible(reported)
            total.merge(workers[k].summary)
            workers[k].summary = ScreenSummary(offers: matcher.rules.offers.count)
            for var e in workers[k].errors {
                e.line += lineBase
                error(e)
                errorsSoFar += 1
                if let m = options.maxErrors, errorsSoFar >= m {
                    total.stoppedEarly = true
                    return true
                }
            }
            lineBase += workers[k].lines
        }
        return false
    }

    /// Splits a chunk into up to `n` ranges that end at line breaks.
    static func split(_ chunk: UnsafeBufferPointer<UInt8>, into n: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        let count = chunk.count
        for k in 1...n {
            if start >= count { break }
            var end = k == n ? count : max(start, count * k / n)
            if end < count {
                if let p = memchr(chunk.baseAddress! + end, 10, count - end) {
                    end = chunk.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
                } else {
                    end = count
                }
            }
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    func process(_ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ w: inout Worker) {
        w.out.removeAll(keepingCapacity: true)
        w.errors.removeAll(keepingCapacity: true)
        w.lines = 0
        let program = matcher.program
        var ev = Evaluator(program: program, today: options.date, tracer: NoTrace())
        let reader = w.reader  // (a call on `w.reader` copied the reader for every line)
        var pos = range.lowerBound
        let end = range.upperBound
        let base = chunk.baseAddress!
        while pos < end {
            w.lines += 1
            let id: Range<Int>?
            if let (fastID, lineEnd) = reader.readFast(chunk, from: pos, end: end, into: &w.facts, today: options.date) {
                // The usual case: the fast path read the line and found its end.
                id = fastID
                pos = lineEnd + 1
            } else {
                var lineEnd = end
                if let p = memchr(base + pos, 10, end - pos) { lineEnd = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) }
                var contentEnd = lineEnd
                if contentEnd > pos, base[contentEnd - 1] == 13 { contentEnd -= 1 }
                let start = pos
                pos = lineEnd + 1
                // Blank lines (spaces, tabs, CRs) are skipped but counted in line numbers.
                var blank = true
                for i in start..<contentEnd where base[i] != 32 && base[i] != 9 && base[i] != 13 { blank = false; break }
                if blank { continue }
                do {
                    id = try reader.read(chunk, start..<contentEnd, into: &w.facts, today: options.date)
                } catch {
                    w.errors.append(LineError(line: w.lines, message: error.message))
                    w.summary.skipped += 1
                    continue
                }
            }
            // The id is needed only for per-citizen output.
            if options.format != .summary {
                w.id.removeAll(keepingCapacity: true)
                if let id { w.id.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[id])) }
            }
            screenProfile(&w, &ev, hasID: id != nil)
        }
    }

    /// Decides the reported offers for the profile in `w.facts`, counts them
    /// and writes the output line(s). `w.id` holds the id, JSON-escaped.
    /// Only eligible and undetermined are counted here; `collect` derives
    /// the ineligible counts.
    func screenProfile(_ w: inout Worker, _ ev: inout Evaluator<NoTrace>, hasID: Bool) {
        w.summary.profiles += 1
        ev.newProfile()
        let plan = self.plan, sets = w.sets.pointer
        if plan.usable, plan.decide(w.facts, &ev, into: sets) {
            w.summary.tally.withUnsafeMutableBufferPointer { tally in
                for k in 0 ..< 2 * plan.groups {
                    let g = sets[k >> 1], h = k & 1
                    let open = plan.reported[k] & ~g[h]
                    var eligible = open & ~g[2 + h], undetermined = open & g[2 + h]
                    while eligible != 0 {
                        tally[3 * (64 * k + eligible.trailingZeroBitCount)] += 1
                        eligible &= eligible &- 1
                    }
                    while undetermined != 0 {
                        tally[3 * (64 * k + undetermined.trailingZeroBitCount) + 1] += 1
                        undetermined &= undetermined &- 1
                    }
                }
            }
            if options.format == .summary { return }
            for oi in reported { w.statuses[oi] = BatchPlan.status(oi, sets) }
        } else {
            let matcher = self.matcher
            let facts = w.facts
            w.statuses.withUnsafeMutableBufferPointer { statuses in
                w.summary.tally.withUnsafeMutableBufferPointer { tally in
                    for oi in reported {
                        let s = matcher.status(offer: oi, facts, &ev)
                        statuses[oi] = s
                        if s != .ineligible { tally[3 * oi + ScreenSummary.slot(s)] += 1 }
                    }
                }
            }
        }
        switch options.format {
        case .summary: break
        case .jsonl: jsonLine(&w, hasID: hasID)
        case .csv: csvRows(&w)
        }
    }

    func jsonLine(_ w: inout Worker, hasID: Bool) {
        w.out.append(contentsOf: #"{"id":"#.utf8)
        if hasID {
            w.out.append(34)
            w.out.append(contentsOf: w.id)
            w.out.append(34)
        } else {
            w.out.append(contentsOf: "null".utf8)
        }
        for s in [Status.eligible, .undetermined, .ineligible] where options.statuses.contains(s) {
            w.out.append(contentsOf: ",\"\(s.rawValue)\":[".utf8)
            var first = true
            for oi in reported where w.statuses[oi] == s {
                if !first { w.out.append(44) }
                first = false
                w.out.append(contentsOf: offerJSON[oi])
            }
            w.out.append(93)
        }
        w.out.append(contentsOf: "}\n".utf8)
    }

    func csvRows(_ w: inout Worker) {
        var idField: [UInt8]?
        for oi in reported where options.statuses.contains(w.statuses[oi]) {
            if idField == nil {
                // The id is kept JSON-escaped; decode it once for CSV quoting.
                let text = (try? JSONParser.parse(Array("\"".utf8) + w.id + Array("\"".utf8))).flatMap { v -> String? in
                    if case .string(let s) = v { return s } else { return nil }
                } ?? ""
                idField = Array(csvField(text).utf8)
            }
            w.out.append(contentsOf: idField!)
            w.out.append(44)
            w.out.append(contentsOf: offerCSV[oi])
            w.out.append(44)
            w.out.append(contentsOf: w.statuses[oi].rawValue.utf8)
            w.out.append(10)
        }
    }
}

/// Memory for one worker's offer sets (`BatchPlan.decide`).
final class PlanSets {
    let pointer: UnsafeMutablePointer<BatchPlan.Group>
    let groups: Int

    init(groups: Int) {
        self.groups = groups
        pointer = .allocate(capacity: groups)
        pointer.initialize(repeating: BatchPlan.Group(), count: groups)
    }

    deinit { pointer.deallocate() }
}

/// Pointers handed to the jobs of one chunk; each job uses its own worker.
struct Shared: @unchecked Sendable {
    let chunk: UnsafeBufferPointer<UInt8>
    let workers: UnsafeMutablePointer<Screener.Worker>
}

/// A CSV field, quoted when it needs to be.
func csvField(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.replacingQuotes() + "\""
    }
    return s
}

extension String {
    func replacingQuotes() -> String {
        var out = ""
        for c in self { if c == "\"" { out += "\"\"" } else { out.append(c) } }
        return out
    }
}
