import Matcher
import RulesDSL

/// `matchctl screen --format summary`: the counts per offer and status over
/// a caseload, as the stable JSON object or (`--human`) a table.
public struct ScreenReport {
    let rules: RuleSet
    /// The offers reported, by index, in rule-set order.
    let offers: [Int]

    /// A summary of `offers` (all of the rule set's when empty).
    public init(rules: RuleSet, offers: [Int]) {
        self.rules = rules
        self.offers = offers.isEmpty ? Array(rules.offers.indices) : offers
    }

    /// One JSON object: the date, the counts, and per offer each status.
    public func json(_ summary: ScreenSummary, date: Day) -> String {
        let w = JSONWriter()
        w.object {
            w.field("date", date.description)
            w.field("profiles", summary.profiles)
            // A rule set with members counts each offer over the members it is for.
            if summary.countsEachStatus { w.field("members", summary.members) }
            w.field("skipped", summary.skipped)
            w.fieldObject("eligible") {
                for i in offers { w.field(rules.offers[i].id, summary.count(i, .eligible)) }
            }
            w.fieldObject("offers") {
                for i in offers {
                    w.fieldObject(rules.offers[i].id) {
                        w.field("eligible", summary.count(i, .eligible))
                        w.field("undetermined", summary.count(i, .undetermined))
                        w.field("ineligible", summary.count(i, .ineligible))
                    }
                }
            }
        }
        return w.output + "\n"
    }

    /// A table with a row per offer and a column per status.
    public func table(_ summary: ScreenSummary) -> String {
        let ids = offers.map { rules.offers[$0].id.escapingControls }
        let width = max(5, ids.map(\.count).max() ?? 5)
        func pad(_ s: String) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
        func num(_ n: Int) -> String {
            let s = String(n)
            return String(repeating: " ", count: max(0, 12 - s.count)) + s
        }
        var out = pad("offer") + "    eligible undetermined  ineligible\n"
        for (k, i) in offers.enumerated() {
            out += pad(ids[k]) + num(summary.count(i, .eligible)) + num(summary.count(i, .undetermined)) + num(summary.count(i, .ineligible)) + "\n"
        }
        let members = summary.countsEachStatus ? " (\(summary.members) members, each offer counted over those it is for)" : ""
        out += "\(summary.profiles) profile\(summary.profiles == 1 ? "" : "s") screened\(members), \(summary.skipped) skipped\n"
        return out
    }
}
