// libFuzzer target: a CSV caseload read against the shipped rules (Rules/, or
// $MATCHCTL_FUZZ_RULES): CSVReader's header and every record (a bad record is
// an error and the reader goes on with the next), each record decoded by
// CSVProfileDecoder. A reader that stops making progress is reported as a
// crash rather than a hang.
// Built and run by Fuzz/run.sh (MATCHCTL_FUZZ=1, -sanitize=fuzzer,address).
import Foundation
import FuzzSupport
import MatchService
import Profiles
import RulesDSL

let today = fuzzDate
let book = shippedRuleBook(for: "fuzz-csv")

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    var reader: CSVReader
    do {
        reader = try CSVReader(bytes: bytes)
    } catch {
        return 0
    }
    let decoder: CSVProfileDecoder
    do {
        decoder = try CSVProfileDecoder(rules: book.rules, header: reader.header)
    } catch {
        return 0
    }
    // Every call reads at least one byte or ends: at most one call per byte, and the last.
    var calls = 0
    while true {
        calls += 1
        precondition(calls <= bytes.count + 2, "CSVReader.nextRecord makes no progress")
        do {
            guard let record = try reader.nextRecord() else { break }
            precondition(record.fields.count == reader.header.count, "a record's field count differs from the header's")
            do {
                _ = try decoder.decode(record.fields, today: today)
            } catch {
                precondition(!error.message.isEmpty, "an empty profile error message")
            }
        } catch {
            precondition(!error.message.isEmpty, "an empty CSV error message")
        }
    }
    return 0
}
