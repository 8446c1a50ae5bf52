import Dispatch
import Matcher
import Profiles
import RulesDSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Screener {
    /// Screens CSV input: a header of fact names, then a row per citizen.
    /// Chunks are cut only at line breaks outside quotes.
    func runCSV(source: ByteSource, write: ([UInt8]) -> Void, error: (LineError) -> Void,
                progress: ((Int, Int) -> Void)?) -> ScreenSummary {
        var total = ScreenSummary(offers: matcher.rules.offers.count)
        guard let first = source.next() else { return total }
        // The header is the first line that is not blank (after a byte order
        // mark); blank lines (spaces, tabs, CRs) before it are skipped, as
        // everywhere, and counted in line numbers.
        var headerStart = first.count >= 3 && first[0] == 0xEF && first[1] == 0xBB && first[2] == 0xBF ? 3 : 0
        var headerEnd = headerStart
        var blankLines = 0
        while true {
            headerEnd = headerStart
            while headerEnd < first.count, first[headerEnd] != 10 { headerEnd += 1 }
            guard headerEnd < first.count, first[headerStart..<headerEnd].allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) else { break }
            headerStart = headerEnd + 1
            blankLines += 1
        }
        var header = Array(first[headerStart..<headerEnd])
        if header.last == 13 { header.removeLast() }
        let decoder: CSVProfileDecoder
        do {
            let reader = try CSVReader(bytes: header + [10])
            decoder = try CSVProfileDecoder(rules: matcher.rules, header: reader.header, echoPersonal: false, strictColumns: options.strictColumns)
            setCSVHeader(header, separator: reader.separator)
            if !decoder.ignored.isEmpty {
                let n = decoder.ignored.count
                error(LineError(line: blankLines + 1, message: "ignored \(n) column\(n == 1 ? "" : "s") that name\(n == 1 ? "s" : "") no fact: " + decoder.ignored.joined(separator: ", "),
                                warning: true))
            }
        } catch let e as CSVError {
            error(LineError(line: blankLines + e.line, message: e.message))
            total.skipped = 1
            total.stop = .unreadable
            return total
        } catch let e as ProfileError {
            error(LineError(line: blankLines + 1, message: e.message))
            total.skipped = 1
            total.stop = .unreadable
            return total
        } catch {
            return total
        }
        source.unread(first.count - min(first.count, headerEnd + 1))
        // A few pieces per job, so that a job that finishes early takes
        // another piece instead of waiting at the end of the chunk.
        let jobs = options.jobs <= 1 ? 1 : options.jobs * 4
        var workers = makeWorkers(jobs)
        var lineBase = blankLines + 1
        var errorsSoFar = 0
        let headerLine = header + [10]
        chunks: while let chunk = source.next() {
            // Cut after the last line break outside quotes; give back the rest.
            // A record longer than a line may be (`--max-line-bytes`) stops
            // the screen where it starts: the records before it are screened,
            // but where the next one starts cannot be trusted, because
            // `ByteSource` hands out a long line cut short, perhaps inside
            // quotes, and a quote that is never closed has no end to find.
            var quoted = false
            var safe = 0
            var breaks: [Int] = []
            var tooLong = false
            let most = options.maxLineBytes
            for i in 0..<chunk.count {
                let b = chunk[i]
                if b == 34 {
                    quoted.toggle()
                } else if b == 10, !quoted {
                    let content = i - safe - (i > safe && chunk[i - 1] == 13 ? 1 : 0)
                    if content > most { tooLong = true; break }
                    safe = i + 1
                    breaks.append(i + 1)
                    continue
                }
                if i - safe > most + 1 { tooLong = true; break }
            }
            if tooLong {
                // Only the records before the long one are screened (then it is reported).
            } else if !source.atEnd, safe < chunk.count {
                source.unread(chunk.count - safe)
                if safe == 0 { continue }
            } else {
                safe = chunk.count
            }
            // Split among the jobs at safe line breaks.
            var pieces: [Range<Int>] = []
            var start = 0
            for k in 1...jobs {
                let target = k == jobs ? safe : safe * k / jobs
                let end = k == jobs ? safe : (breaks.first { $0 >= target && $0 <= safe } ?? safe)
                if end > start { pieces.append(start..<end); start = end }
            }
            let ranges = pieces, headerBytes = headerLine
            // No piece needs to go past the bad line that would stop the run.
            let limit = options.maxErrors.map { $0 - errorsSoFar } ?? Int.max
            workers.withUnsafeMutableBufferPointer { ws in
                let shared = Shared(chunk: chunk, workers: ws.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                    self.processCSV(shared.chunk, ranges[k], headerBytes, decoder, &shared.workers[k], errorLimit: limit)
                }
            }
            if collect(&workers, pieces.count, &total, &lineBase, &errorsSoFar, write, error,
                       again: { k, limit, w in self.processCSV(chunk, ranges[k], headerBytes, decoder, &w, errorLimit: limit) }) { break chunks }
            if tooLong {
                let e = LineError(line: lineBase + 1, message: Screener.longLineMessage(options.maxLineBytes) + "; the screen stops at this record")
                let row = errorRow(e, line: e.line)
                if !row.isEmpty { write(row) }
                error(e)
                total.skipped += 1
                total.stop = .unreadable
                break chunks
            }
            progress?(source.bytesRead, total.profiles)
        }
        return total
    }

    /// Screens the records of `chunk[range]` into `w`, stopping after the
    /// `errorLimit`th bad one (then `w.stopped`).
    func processCSV(_ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ header: [UInt8], _ decoder: CSVProfileDecoder,
                    _ w: inout Worker, errorLimit: Int) {
        w.out.removeAll(keepingCapacity: true)
        w.errors.removeAll(keepingCapacity: true)
        w.lines = 0
        w.stopped = false
        for i in range where chunk[i] == 10 { w.lines += 1 }
        if range.upperBound > range.lowerBound, chunk[range.upperBound - 1] != 10 { w.lines += 1 }
        var ev = Evaluator(program: matcher.program, today: options.date, tracer: NoTrace())
        var reader: CSVReader
        do {
            reader = try CSVReader(bytes: header + Array(UnsafeBufferPointer(rebasing: chunk[range])))
            reader.maxRecordBytes = options.maxLineBytes
        } catch {
            w.errors.append(LineError(line: 0, message: error.message))
            return
        }
        while true {
            let record: CSVRecord
            do {
                guard let r = try reader.nextRecord() else { break }
                record = r
            } catch {
                // The reader counts the header as line 1, so its line n is the piece's line n - 1.
                if skip(&w, line: error.recordLine - 1, error.tooLong ? Screener.longLineMessage(options.maxLineBytes) : error.message,
                        id: nil, raw: error.tooLong ? nil : error.recordBytes.map(reader.text), errorLimit: errorLimit) { return }
                continue
            }
            do {
                let profile = try decoder.decode(record.fields, today: options.date)
                if screensCases {
                    screenCase(&w, profile, &ev)
                    continue
                }
                w.facts.fill(from: profile, program: matcher.program)
                w.id.removeAll(keepingCapacity: true)
                if let id = profile.id { w.id.append(contentsOf: JSONWriter.quote(id).utf8.dropFirst().dropLast()) }
                screenProfile(&w, &ev, hasID: profile.id != nil)
            } catch {
                if skip(&w, line: record.line - 1, error.message, id: decoder.id(of: record.fields), raw: reader.text(record.bytes), errorLimit: errorLimit) { return }
            }
        }
    }
}
