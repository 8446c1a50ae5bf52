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
package final class Screener: @unchecked Sendable {
    package let matcher: Matcher
    package let options: ScreenOptions
    let reported: [Int]
    let offerJSON: [[UInt8]]
    let offerCSV: [[UInt8]]
    let plan: BatchPlan
    /// The csv dialect: `,` and LF, or for Excel `;` and CRLF.
    let separator: UInt8
    let lineEnd: [UInt8]
    /// Whether some fact says whom it can apply to (then each line's facts are restricted).
    let hasApplies: Bool
    /// The lists of `person` (partner, children), by list index.
    let memberLists: [Int]

    /// One bad line: its number in the input and the message.
    package struct LineError: Sendable {
        package var line: Int
        package var message: String
        /// A warning (a CSV column ignored), not a skipped line.
        package var warning = false
        /// Where in the worker's output the skipped line's own row goes
        /// (every line is accounted for in the output, issue 13); -1: none.
        var outputOffset = -1
        /// The skipped line's id, when it could be read.
        var id: String? = nil
        /// The skipped line or record as it was (its line break left out), for `--errors`.
        package var raw: [UInt8]? = nil
    }

    /// For a CSV caseload: its header row (as read, line break left out) and
    /// separator, for the rows `--errors` writes back. Set before any row is read.
    package private(set) var inputHeader: (row: [UInt8], separator: UInt8)?

    func setCSVHeader(_ row: [UInt8], separator: UInt8) { inputHeader = (row, separator) }

    /// Records a skipped line of `w`: the error, its row's place in the
    /// output, the count; true when it was the `errorLimit`th bad line.
    func skip(_ w: inout Worker, line: Int, _ message: String, id: String?, raw: [UInt8]? = nil, errorLimit: Int) -> Bool {
        var e = LineError(line: line, message: message)
        e.outputOffset = w.out.count
        e.id = id
        if var r = raw {
            while let last = r.last, last == 10 || last == 13 { r.removeLast() }
            e.raw = r
        }
        w.errors.append(e)
        w.summary.skipped += 1
        if w.errors.count >= errorLimit { w.stopped = true; return true }
        return false
    }

    /// The id of a line that failed, when the line is a JSON object with a text `id`.
    static func idOfBadLine(_ bytes: [UInt8]) -> String? {
        guard case .object(let members)? = try? JSONParser.parse(bytes),
              case .string(let id)? = members.first(where: { $0.key == "id" })?.value else { return nil }
        return id
    }

    /// A skipped line's row in the output: jsonl `{"id":…,"line":N,"error":"…"}`,
    /// csv `id,…,error,message` (the `fejl` column).
    func errorRow(_ e: LineError, line: Int) -> [UInt8] {
        switch options.format {
        case .summary: return []
        case .jsonl:
            return Array("{\"id\":\(e.id.map(JSONWriter.quote) ?? "null"),\"line\":\(line),\"error\":\(JSONWriter.quote(e.message))}\n".utf8)
        case .csv:
            var row = cell(e.id ?? "")
            row += [separator] + (screensCases ? [separator] : []) + [separator] + statusWord(nil) + [separator] + cell(e.message) + lineEnd
            return row
        }
    }

    package init(matcher: Matcher, options: ScreenOptions) {
        self.matcher = matcher
        self.options = options
        reported = options.offers.isEmpty ? Array(matcher.rules.offers.indices) : options.offers
        offerJSON = matcher.rules.offers.map { Array(JSONWriter.quote($0.id).utf8) }
        offerCSV = matcher.rules.offers.map { Array(csvField($0.id).utf8) }
        separator = options.excel ? 59 : 44
        lineEnd = options.excel ? [13, 10] : [10]
        plan = BatchPlan(matcher: matcher, today: options.date, reported: reported)
        hasApplies = !matcher.program.appliesChecks.isEmpty || !matcher.program.appliesLists.isEmpty
        memberLists = matcher.rules.memberFacts.map { Int(matcher.program.listOfFact[$0]) }
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
        /// The piece was left at its `errorLimit`th bad line.
        var stopped = false
        var statuses: [Status]
        /// The plan's offer sets for the current profile.
        let sets: PlanSets
    }

    /// Screens `source`; `write` receives output bytes in input order,
    /// `error` each bad line (already numbered), `progress` the bytes read.
    package func run(source: ByteSource, write: ([UInt8]) -> Void, error: (LineError) -> Void,
                    progress: ((Int, Int) -> Void)? = nil) -> ScreenSummary {
        if options.format == .csv {
            write(csvHeader)
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
            // No piece needs to go past the bad line that would stop the run.
            let limit = options.maxErrors.map { $0 - errorsSoFar } ?? Int.max
            workers.withUnsafeMutableBufferPointer { ws in
                // Each job touches only its own worker and its own part of the chunk.
                let shared = Shared(chunk: chunk, workers: ws.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
                    self.process(shared.chunk, pieces[k], &shared.workers[k], errorLimit: limit)
                }
            }
            if collect(&workers, pieces.count, &total, &lineBase, &errorsSoFar, write, error,
                       again: { k, limit, w in self.process(chunk, pieces[k], &w, errorLimit: limit) }) { break chunks }
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
    ///
    /// The run stops right after the Nth bad line in input order, whatever
    /// the pieces were: nothing after that line is written or counted, and
    /// each of the N lines skipped is reported. The piece that holds the Nth
    /// bad line went on past it when its job did not know how many bad lines
    /// the pieces before it had; `again(k, limit, &worker)` then screens
    /// piece `k` once more, up to and with its `limit`th bad line.
    func collect(_ workers: inout [Worker], _ pieces: Int, _ total: inout ScreenSummary, _ lineBase: inout Int,
                 _ errorsSoFar: inout Int, _ write: ([UInt8]) -> Void, _ error: (LineError) -> Void,
                 again: (Int, Int, inout Worker) -> Void) -> Bool {
        for k in 0..<pieces {
            var stop = false
            if let m = options.maxErrors, errorsSoFar + workers[k].errors.count >= m {
                let left = m - errorsSoFar
                if !(workers[k].stopped && workers[k].errors.count == left) {
                    workers[k].summary = ScreenSummary(offers: matcher.rules.offers.count)
                    again(k, left, &workers[k])
                }
                stop = true
            }
            // The output, with each skipped line's row in its place.
            var from = 0
            let out = workers[k].out
            for e in workers[k].errors where e.outputOffset >= 0 {
                if e.outputOffset > from { write(Array(out[from..<e.outputOffset])) }
                from = e.outputOffset
                let row = errorRow(e, line: e.line + lineBase)
                if !row.isEmpty { write(row) }
            }
            if from < out.count { write(from == 0 ? out : Array(out[from...])) }
            workers[k].summary.countIneligible(reported)
            total.merge(workers[k].summary)
            workers[k].summary = ScreenSummary(offers: matcher.rules.offers.count)
            for var e in workers[k].errors {
                e.line += lineBase
                error(e)
                errorsSoFar += 1
            }
            lineBase += workers[k].lines
            if stop {
                total.stop = .maxErrors
                return true
            }
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

    /// Screens the lines of `chunk[range]` into `w`, stopping after the
    /// `errorLimit`th bad line (then `w.stopped`).
    func process(_ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ w: inout Worker, errorLimit: Int) {
        w.out.removeAll(keepingCapacity: true)
        w.errors.removeAll(keepingCapacity: true)
        w.lines = 0
        w.stopped = false
        let program = matcher.program
        var ev = Evaluator(program: program, today: options.date, tracer: NoTrace())
        let reader = w.reader  // (a call on `w.reader` copied the reader for every line)
        var pos = range.lowerBound
        let end = range.upperBound
        let base = chunk.baseAddress!
        let maxLine = options.maxLineBytes
        while pos < end {
            w.lines += 1
            let id: Range<Int>?
            let lineStart = pos
            if let (fastID, lineEnd) = reader.readFast(chunk, from: pos, end: end, into: &w.facts, today: options.date) {
                // The usual case: the fast path read the line and found its end.
                if lineEnd - pos > maxLine, lineEnd - pos - (base[lineEnd - 1] == 13 ? 1 : 0) > maxLine {
                    pos = lineEnd + 1
                    if skipLongLine(&w, errorLimit: errorLimit) { return }
                    continue
                }
                id = fastID
                pos = lineEnd + 1
            } else {
                var lineEnd = end
                if let p = memchr(base + pos, 10, end - pos) { lineEnd = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) }
                var contentEnd = lineEnd
                if contentEnd > pos, base[contentEnd - 1] == 13 { contentEnd -= 1 }
                let start = pos
                pos = lineEnd + 1
                if contentEnd - start > maxLine {
                    if skipLongLine(&w, errorLimit: errorLimit) { return }
                    continue
                }
                // Blank lines (spaces, tabs, CRs) are skipped but counted in line numbers.
                var blank = true
                for i in start..<contentEnd where base[i] != 32 && base[i] != 9 && base[i] != 13 { blank = false; break }
                if blank { continue }
                do {
                    id = try reader.read(chunk, start..<contentEnd, into: &w.facts, today: options.date)
                } catch {
                    let raw = Array(UnsafeBufferPointer(rebasing: chunk[start..<contentEnd]))
                    let bad = options.format == .summary ? nil : Screener.idOfBadLine(raw)
                    if skip(&w, line: w.lines, error.message, id: bad, raw: raw, errorLimit: errorLimit) { return }
                    continue
                }
            }
            // The id is needed only for per-citizen output.
            if options.format != .summary {
                w.id.removeAll(keepingCapacity: true)
                if let id {
                    let text = UnsafeBufferPointer(rebasing: chunk[id])
                    if Screener.holdsRawControl(text) { w.id.append(contentsOf: Screener.escapedID(text).utf8) } else { w.id.append(contentsOf: text) }
                }
            }
            if !screensCases {
                screenProfile(&w, &ev, hasID: id != nil)
            } else if holdsMembers(w.facts) {
                // Members: the line again, through the strict decoder (it read without error once).
                var lineEnd = min(pos, end) - 1
                while lineEnd > lineStart, base[lineEnd] == 10 || base[lineEnd] == 13 { lineEnd -= 1 }
                let line = Array(UnsafeBufferPointer(rebasing: chunk[lineStart...min(lineEnd, end - 1)]))
                do {
                    screenCase(&w, try reader.decoder.decode(line, today: options.date), &ev)
                } catch {
                    // (The strict decoder is the authority on a line; it read this one once already.)
                    if skip(&w, line: w.lines, error.message, id: Screener.idOfBadLine(line), raw: line, errorLimit: errorLimit) { return }
                }
            } else {
                screenHolder(&w, &ev, hasID: id != nil)
            }
        }
    }

    /// Skips the current line of `w` as longer than `--max-line-bytes` (of
    /// such a line, `ByteSource` hands out only the first bytes); true when
    /// it was the `errorLimit`th bad line.
    func skipLongLine(_ w: inout Worker, errorLimit: Int) -> Bool {
        skip(&w, line: w.lines, Screener.longLineMessage(options.maxLineBytes), id: nil, errorLimit: errorLimit)
    }

    /// Whether an id, as written in valid JSON, holds a control character
    /// that JSON allows raw but no output may carry (`ControlCharacters`):
    /// DEL, a C1 control (C2 80…9F), U+2028 or U+2029 (E2 80 A8/A9). The
    /// C0 controls cannot occur raw in a JSON string.
    static func holdsRawControl(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let x = b[i]
            if x == 0x7F { return true }
            if x == 0xC2, i + 1 < b.count, (0x80...0x9F).contains(b[i + 1]) { return true }
            if x == 0xE2, i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return true }
            i += 1
        }
        return false
    }

    /// An id that `holdsRawControl`, decoded and written again with its
    /// control characters escaped (between the quotes, as `w.id` keeps it).
    static func escapedID(_ b: UnsafeBufferPointer<UInt8>) -> String {
        String(JSONWriter.quote(idText(Array(b))).dropFirst().dropLast())
    }

    /// An id as `w.id` keeps it (JSON-escaped, between the quotes), decoded.
    static func idText(_ escaped: [UInt8]) -> String {
        guard case .string(let s)? = try? JSONParser.parse([0x22] + escaped + [0x22]) else { return "" }
        return s
    }

    /// What a line longer than `maxLineBytes` is reported as.
    static func longLineMessage(_ maxLineBytes: Int) -> String {
        "line is longer than \(maxLineBytes) bytes, the most a line may have (--max-line-bytes raises it)"
    }

    /// Decides the reported offers for the profile in `w.facts`, counts them
    /// and writes the output line(s). `w.id` holds the id, JSON-escaped.
    /// Only eligible and undetermined are counted here; `collect` derives
    /// the ineligible counts.
    func screenProfile(_ w: inout Worker, _ ev: inout Evaluator<NoTrace>, hasID: Bool) {
        w.summary.profiles += 1
        // Facts that cannot apply to the person (`for` on a fact) have no value, as in `match`.
        if hasApplies { matcher.restrictToApplicable(&w.facts, &ev) }
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
                idField = cell(Screener.idText(w.id))
            }
            w.out.append(contentsOf: idField!)
            w.out.append(separator)
            w.out.append(contentsOf: offerCSV[oi])
            w.out.append(separator)
            w.out.append(contentsOf: statusWord(w.statuses[oi]))
            w.out.append(separator)  // fejl: empty
            w.out.append(contentsOf: lineEnd)
        }
    }
}

/// One worker's offer sets (`BatchPlan.decide`), in a class so that a
/// `Worker` can be copied.
final class PlanSets {
    let memory: RawArray<BatchPlan.Group>

    init(groups: Int) { memory = RawArray(repeating: BatchPlan.Group(), count: groups) }

    var pointer: UnsafeMutablePointer<BatchPlan.Group> { memory.base }
}

/// Pointers handed to the jobs of one chunk; each job uses its own worker.
struct Shared: @unchecked Sendable {
    let chunk: UnsafeBufferPointer<UInt8>
    let workers: UnsafeMutablePointer<Screener.Worker>
}

/// A CSV field, quoted when it needs to be.
package func csvField(_ s: String) -> String {
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
