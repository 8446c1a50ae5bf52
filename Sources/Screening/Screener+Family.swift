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
// `match` decides them. A line without members (a household of one) is read
// by the fast reader and decided on its facts; a line with members is read
// again by the strict decoder (a member's own id and assessments live there).
// The holder's decisions (with the household's offers) are the line's own
// keys, as for a rule set without members; the other members follow.
extension Screener {
    /// Whether the rule set has members: then lines are screened as cases.
    var screensCases: Bool { matcher.rules.personRecord != nil }

    /// The csv header: `id,offer,status,fejl`, for cases with `member`; for
    /// Excel in Danish, after a byte order mark.
    var csvHeader: [UInt8] {
        let names = options.excel ? ["Sagsnummer"] + (screensCases ? ["Medlem"] : []) + ["Tilbud", "Status", "Fejl"]
                                  : ["id"] + (screensCases ? ["member"] : []) + ["offer", "status", "fejl"]
        return (options.excel ? [0xEF, 0xBB, 0xBF] : []) + Array(names.joined(separator: String(UnicodeScalar(separator))).utf8) + lineEnd
    }

    /// A csv cell of text: control characters written as `\n`, `\u{1B}`
    /// (CSV has no escapes), quoted when it must be; for Excel, a text that
    /// Excel would run as a formula (`=`, `+`, `-`, `@`, a tab first) begins
    /// with `'`.
    func cell(_ text: String) -> [UInt8] {
        var t = text.escapingControls
        if options.excel, let f = t.first, "=+-@\t".contains(f) { t = "'" + t }
        return Array(csvField(t).utf8)
    }

    /// A status as csv writes it; nil: a skipped line. For Excel in Danish:
    /// `berettiget`, `afventer`, `ikke`, `fejl`.
    func statusWord(_ s: Status?) -> [UInt8] {
        guard options.excel else { return Array((s?.rawValue ?? "error").utf8) }
        switch s {
        case .eligible?: return Array("berettiget".utf8)
        case .undetermined?: return Array("afventer".utf8)
        case .ineligible?: return Array("ikke".utf8)
        case nil: return Array("fejl".utf8)
        }
    }

    /// Whether the facts just read hold members (a partner, children).
    func holdsMembers(_ f: Facts) -> Bool {
        for lf in memberLists where f.listCount[lf] > 0 { return true }
        return false
    }

    /// One member's decisions: the reported offers it is in the target group
    /// of (for the holder, also those `for household`), with their status.
    func decide(_ f: Facts, holder: Bool, _ ev: inout Evaluator<NoTrace>, into summary: inout ScreenSummary) -> [(offer: Int, status: Status)] {
        ev.newProfile()
        var statuses: [(offer: Int, status: Status)] = []
        for oi in reported {
            if matcher.isHouseholdOffer(oi) {
                guard holder else { continue }
            } else if matcher.targetTruth(oi, f, &ev) == .no {
                continue
            }
            let s = matcher.status(offer: oi, f, &ev)
            statuses.append((oi, s))
            summary.tally[3 * oi + ScreenSummary.slot(s)] += 1
        }
        return statuses
    }

    /// A household of one, on the facts the reader filled (`w.id` holds its id).
    func screenHolder(_ w: inout Worker, _ ev: inout Evaluator<NoTrace>, hasID: Bool) {
        w.summary.profiles += 1
        w.summary.members += 1
        w.summary.countsEachStatus = true
        if hasApplies { matcher.restrictToApplicable(&w.facts, &ev) }
        let statuses = decide(w.facts, holder: true, &ev, into: &w.summary)
        let id = hasID ? w.id : nil
        writeCase(&w, id: id, holderID: id.map(Screener.idText), statuses, others: [])
    }

    /// A case with members, decoded again by the strict decoder.
    func screenCase(_ w: inout Worker, _ profile: Profile, _ ev: inout Evaluator<NoTrace>) {
        let members = matcher.members(of: profile)
        w.summary.profiles += 1
        w.summary.members += members.count
        w.summary.countsEachStatus = true
        var holder: [(offer: Int, status: Status)] = []
        var others: [(member: Member, statuses: [(offer: Int, status: Status)])] = []
        for m in members {
            let f = matcher.facts(m.profile, today: options.date)
            let statuses = decide(f, holder: m.role == .holder, &ev, into: &w.summary)
            if m.role == .holder { holder = statuses } else { others.append((m, statuses)) }
        }
        let id = profile.id.map { Array(JSONWriter.quote($0).utf8.dropFirst().dropLast()) }
        writeCase(&w, id: id, holderID: profile.id, holder, others: others)
    }

    /// The output of one case. jsonl: the holder's lists as a profile's
    /// (`{"id":…,"eligible":[…],"undetermined":[…]}`), then, when the case
    /// has more members, `"members":[{"id":…,"role":…,"eligible":[…],…}]`.
    /// csv: a row per member and offer, `id,member,offer,status` (a
    /// household offer's row names no member). `id` is JSON-escaped.
    func writeCase(_ w: inout Worker, id: [UInt8]?, holderID: String?, _ holder: [(offer: Int, status: Status)],
                   others: [(member: Member, statuses: [(offer: Int, status: Status)])]) {
        switch options.format {
        case .summary: return
        case .jsonl:
            func lists(_ statuses: [(offer: Int, status: Status)]) {
                for s in [Status.eligible, .undetermined, .ineligible] where options.statuses.contains(s) {
                    w.out.append(contentsOf: ",\"\(s.rawValue)\":[".utf8)
                    var first = true
                    for (oi, st) in statuses where st == s {
                        if !first { w.out.append(44) }
                        first = false
                        w.out.append(contentsOf: offerJSON[oi])
                    }
                    w.out.append(93)
                }
            }
            w.out.append(contentsOf: #"{"id":"#.utf8)
            if let id { w.out.append(34); w.out.append(contentsOf: id); w.out.append(34) } else { w.out.append(contentsOf: "null".utf8) }
            lists(holder)
            if !others.isEmpty {
                w.out.append(contentsOf: #","members":["#.utf8)
                for (k, o) in others.enumerated() {
                    if k > 0 { w.out.append(44) }
                    w.out.append(contentsOf: "{\"id\":\(JSONWriter.quote(o.member.id)),\"role\":\"\(o.member.role.rawValue)\"".utf8)
                    lists(o.statuses)
                    w.out.append(125)
                }
                w.out.append(93)
            }
            w.out.append(contentsOf: "}\n".utf8)
        case .csv:
            let caseField = cell(holderID ?? "")
            func rows(_ member: String, _ statuses: [(offer: Int, status: Status)]) {
                let memberField = cell(member)
                for (oi, s) in statuses where options.statuses.contains(s) {
                    w.out.append(contentsOf: caseField)
                    w.out.append(separator)
                    if !matcher.isHouseholdOffer(oi) { w.out.append(contentsOf: memberField) }
                    w.out.append(separator)
                    w.out.append(contentsOf: offerCSV[oi])
                    w.out.append(separator)
                    w.out.append(contentsOf: statusWord(s))
                    w.out.append(separator)  // fejl: empty
                    w.out.append(contentsOf: lineEnd)
                }
            }
            rows(Member.derivedID(caseID: holderID, role: .holder, number: 0), holder)
            for o in others { rows(o.member.id, o.statuses) }
        }
    }
}
