// libFuzzer target: one JSON profile read against the shipped rules (Rules/,
// or $MATCHCTL_FUZZ_RULES) through the service, as `matchctl match` reads it:
// the strict JSON parser and ProfileDecoder; an error is rendered as text and
// JSON, an accepted profile is matched (every offer explained).
// Built and run by Fuzz/run.sh (MATCHCTL_FUZZ=1, -sanitize=fuzzer,address).
import Foundation
import FuzzSupport
import MatchService
import Profiles
import RulesDSL

let today = fuzzDate
let book = shippedRuleBook(for: "fuzz-profile-json")

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzProfileJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    do throws(ToolError) {
        let profile = try book.profile(from: bytes, name: "fuzz.json", date: today)
        _ = book.match(profile, date: today)
    } catch {
        _ = ToolErrorRenderer().text(error)
        _ = ToolErrorRenderer().json(error)
    }
    return 0
}
