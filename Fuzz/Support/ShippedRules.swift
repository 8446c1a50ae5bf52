// Shared by the fuzz targets that decide against the shipped rules.
import Foundation
import MatchService
import RulesDSL

/// The evaluation date of every fuzz run.
public let fuzzDate = Day("2021-06-01")!

/// The shipped rules (Rules/, or $MATCHCTL_FUZZ_RULES), loaded once; a rule
/// set that does not load stops `target` with the reason.
public func shippedRuleBook(for target: String) -> RuleBook {
    let path = ProcessInfo.processInfo.environment["MATCHCTL_FUZZ_RULES"] ?? "Rules"
    do throws(ToolError) {
        return try RuleBook.load(paths: [path], date: fuzzDate)
    } catch {
        fatalError("\(target): cannot load the rules at \(path): \(ToolErrorRenderer().text(error))")
    }
}
