// libFuzzer target: the rule-file front end (lexer, parser, checker) on one
// file made of the input bytes, every diagnostic rendered as text and JSON;
// a file without errors is compiled and every offer decided (fast and with
// explanations) for a citizen of whom nothing is known.
// Built and run by Fuzz/run.sh (MATCHCTL_FUZZ=1, -sanitize=fuzzer,address).
import Foundation
import Matcher
import RulesDSL

let today = Day("2021-06-01")!

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let (rules, diagnostics, sources) = Frontend.load([SourceFile(path: "fuzz.rules", bytes: bytes)], today: today)
    let renderer = DiagnosticRenderer(sources: sources)
    for d in diagnostics.prefix(50) {
        _ = renderer.text(d)
        _ = renderer.json(d)
    }
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return 0 }
    let matcher = Matcher(rules: rules)
    _ = matcher.statuses(facts: Facts(program: matcher.program), today: today)
    _ = matcher.evaluateAll(profile: Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count), today: today)
    return 0
}
