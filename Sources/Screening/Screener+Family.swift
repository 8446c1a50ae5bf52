import Matcher
import Profiles
import RulesDSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Screening cases of a rule set with members (`person`): one line is one
// case — the holder, a partner, children — and every member is decided, as
// `match` decides them. The line is read by the strict decoder (a member's
// own id and assessments live there), so this path is slower than the fast
// reader of a schema without members; its output and counts are per member.

extension Screener {
    /// Whether the rule set has members: then lines are screened as cases.
    var screensCases: Bool { matcher.rules.personRecord != nil }

    /// The CSV header of a screen of cases: a row per member and offer.
    static let caseCSVHeader = "id,member,offer,status\n"

    /// Screens the lines of `chunk[range]` as cases into `w`, stopping after
    /// the `errorLimit`th bad line (then `w.stopped`).
    func processCases(_ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ w: inout Worker, errorLimit: Int) {
        w.out.removeAll(keepingCapacity: true)
        w.errors.removeAll(keepingCapacity: true)
        w.lines = 0
        w.stopped = false
        var ev = Evaluator(program: matcher.program, today: options.date, tracer: NoTrace())
        let decoder = w.reader.decoder
        let base = chunk.baseAddress!
        var pos = range.lowerBound
        let end = range.upperBound
        while pos < end {
            w.lines += 1
            var lineEnd = end
            if let p = memchr(base + pos, 10, end - pos) { lineEnd = base.distance(to: p.assumingMemoryBound(to: UInt8.self)) }
            var contentEnd = lineEnd
            if contentEnd > pos, base[contentEnd - 1] == 13 { contentEnd -= 1 }
            let start = pos
            pos = lineEnd + 1
            if contentEnd - start > options.maxLineBytes {
                if skipLongLine(&w, errorLimit: errorLimit) { return }
                continue
            }
            var blank = true
            for i in start..<contentEnd where base[i] != 32 && base[i] != 9 && base[i] != 13 { blank = false; break }
            if blank { continue }
            let profile: Profile
            do {
                profile = try decoder.decode(Array(UnsafeBufferPointer(rebasing: chunk[start..<contentEnd])), today: options.date)
            } catch {
                w.errors.append(LineError(line: w.lines, message: error.message))
                w.summary.skipped += 1
                if w.errors.count >= errorLimit { w.stopped = true; return }
                continue
            }
            screenCase(&w, profile, &ev)
        }
    }

    /// Decides every reported offer for every member of `profile` (an offer
    /// `for household` once, for the case) and writes the output.
    func screenCase(_ w: inout Worker, _ profile: Profile, _ ev: inout Evaluator<NoTrace>) {
        let members = matcher.members(of: profile)
        w.summary.profiles += 1
        w.summary.members += members.count
        w.summary.countsEachStatus = true
        var decided: [(member: Member, statuses: [(offer: Int, status: Status)])] = []
        for (k, m) in members.enumerated() {
            let f = matcher.facts(m.profile, today: options.date)
            ev.newProfile()
            var statuses: [(offer: Int, status: Status)] = []
            for oi in reported {
                if matcher.isHouseholdOffer(oi) { continue }
                guard matcher.targetTruth(oi, f, &ev) != .no else { continue }
                statuses.append((oi, matcher.status(offer: oi, f, &ev)))
            }
            if k == 0 {
                // The household's offers: once, on the holder.
                for oi in reported where matcher.isHouseholdOffer(oi) { statuses.append((oi, matcher.status(offer: oi, f, &ev))) }
            }
            for (oi, s) in statuses { w.summary.tally[3 * oi + ScreenSummary.slot(s)] += 1 }
            decided.append((m, statuses))
        }
        switch options.format {
        case .summary: break
        case .jsonl: caseLine(&w, profile, decided)
        case .csv: caseRows(&w, profile, decided)
        }
    }

    func caseLine(_ w: inout Worker, _ profile: Profile, _ decided: [(member: Member, statuses: [(offer: Int, status: Status)])]) {
        func list(_ statuses: [(offer: Int, status: Status)], household: Bool) {
            var firstKey = true
            for s in [Status.eligible, .undetermined, .ineligible] where options.statuses.contains(s) {
                w.out.append(contentsOf: (firstKey ? "" : ",").utf8)
                firstKey = false
                w.out.append(contentsOf: "\"\(s.rawValue)\":[".utf8)
                var first = true
                for (oi, st) in statuses where st == s && matcher.isHouseholdOffer(oi) == household {
                    if !first { w.out.append(44) }
                    first = false
                    w.out.append(contentsOf: offerJSON[oi])
                }
                w.out.append(93)
            }
        }
        w.out.append(contentsOf: "{\"id\":\(profile.id.map(JSONWriter.quote) ?? "null"),\"members\":[".utf8)
        for (k, d) in decided.enumerated() {
            if k > 0 { w.out.append(44) }
            w.out.append(contentsOf: "{\"id\":\(JSONWriter.quote(d.member.id)),\"role\":\"\(d.member.role.rawValue)\",".utf8)
            list(d.statuses, household: false)
            w.out.append(125)
        }
        w.out.append(contentsOf: "],\"household\":{".utf8)
        list(decided.first?.statuses ?? [], household: true)
        w.out.append(contentsOf: "}}\n".utf8)
    }

    func caseRows(_ w: inout Worker, _ profile: Profile, _ decided: [(member: Member, statuses: [(offer: Int, status: Status)])]) {
        let caseField = Array(csvField((profile.id ?? "").escapingControls).utf8)
        for d in decided {
            let memberField = Array(csvField(d.member.id.escapingControls).utf8)
            for (oi, s) in d.statuses where options.statuses.contains(s) {
                w.out.append(contentsOf: caseField)
                w.out.append(44)
                // A household offer's row names no member: it is the case's.
                if !matcher.isHouseholdOffer(oi) { w.out.append(contentsOf: memberField) }
                w.out.append(44)
                w.out.append(contentsOf: offerCSV[oi])
                w.out.append(44)
                w.out.append(contentsOf: s.rawValue.utf8)
                w.out.append(10)
            }
        }
    }
}
