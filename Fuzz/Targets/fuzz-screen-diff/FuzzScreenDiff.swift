// libFuzzer target, differential: one JSON Lines line screened as `matchctl
// screen` reads it — the fast `LineReader` (`readFast` on the line and the
// text after it, as the screener calls it, else `read`, which falls back to
// the strict parser) — against the strict path alone (`ProfileDecoder`, then
// `Matcher.evaluateAll`, which decides each offer with explanations). Both
// must give the same decision: accepted with the same id, fact slots and
// status of every offer, or rejected with the same field, message and offset.
// A difference is printed and trapped, so libFuzzer keeps the line.
// The rules are the shipped ones (Rules/, or $MATCHCTL_FUZZ_RULES).
// Built and run by Fuzz/run.sh (MATCHCTL_FUZZ=1, -sanitize=fuzzer,address).
import Foundation
import FuzzSupport
import Matcher
import MatchService
import Profiles
import RulesDSL
import Screening

let today = fuzzDate
let book = shippedRuleBook(for: "fuzz-screen-diff")
/// The reader as the screener builds it, and the decoder it must agree with,
/// set as `screen` sets it: future birth dates taken (as `match` takes them,
/// issue 15 finding 9), and no personal value echoed in a message.
let reader = LineReader(program: book.matcher.program)
let decoder = ProfileDecoder(rules: book.rules, rejectFutureBirthDates: false, echoPersonal: false)

enum Outcome: Equatable {
    case accepted(id: String?, values: [Int64], elements: [Int64], listStart: [Int32], listCount: [Int32], statuses: [Status])
    case rejected(field: String, message: String, offset: Int)
}

/// The id as `ProfileDecoder` gives it, from the text the reader's range covers.
func decodeID(_ raw: [UInt8], isString: Bool) -> String {
    guard isString else { return String(decoding: raw, as: UTF8.self) }
    guard case .string(let s)? = try? JSONParser.parse([0x22] + raw + [0x22]) else { return "<bad id text>" }
    return s
}

func strict(_ line: [UInt8]) -> Outcome {
    do {
        let profile = try decoder.decode(line, today: today)
        let facts = Facts(program: book.matcher.program, profile: profile)
        return .accepted(id: profile.id, values: facts.values, elements: facts.elements, listStart: facts.listStart,
                         listCount: facts.listCount, statuses: book.matcher.evaluateAll(profile: profile, today: today).map(\.status))
    } catch {
        return .rejected(field: error.field, message: error.message, offset: error.offset)
    }
}

/// The facts as the screener decides on them: those outside their `for`
/// block have no value (`Matcher.restrictToApplicable`, as `match` does).
func applicable(_ facts: Facts) -> Facts {
    var f = facts
    var ev = Evaluator(program: book.matcher.program, today: today, tracer: NoTrace())
    book.matcher.restrictToApplicable(&f, &ev)
    return f
}

/// `buffer` is the line, a line feed and the next line; `contentEnd` is the
/// line's end without a CR.
func screened(_ buffer: [UInt8], lineEnd: Int, contentEnd: Int) -> Outcome {
    var facts = Facts(program: book.matcher.program)
    return buffer.withUnsafeBufferPointer { b in
        var id: Range<Int>?
        if let (fastID, end) = reader.readFast(b, from: 0, end: b.count, into: &facts, today: today) {
            guard end == lineEnd else {
                fatalError("readFast ended the line at \(end), not at its line feed at \(lineEnd)")
            }
            id = fastID
        } else {
            do throws(ProfileError) {
                id = try reader.read(b, 0 ..< contentEnd, into: &facts, today: today)
            } catch {
                return .rejected(field: error.field, message: error.message, offset: error.offset)
            }
        }
        let idText = id.map { decodeID(Array(b[$0]), isString: $0.lowerBound > 0 && b[$0.lowerBound - 1] == 0x22) }
        return .accepted(id: idText, values: facts.values, elements: facts.elements, listStart: facts.listStart,
                         listCount: facts.listCount, statuses: book.matcher.statuses(facts: applicable(facts), today: today))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzScreenDiff(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // One line: up to the first line feed; a CR before it is not the line's.
    let lineEnd = input.firstIndex(of: 10) ?? input.count
    var contentEnd = lineEnd
    if contentEnd > 0, input[contentEnd - 1] == 13 { contentEnd -= 1 }
    let content = Array(input[..<contentEnd])
    // The screener skips (and counts) blank lines; it does not read them.
    if content.allSatisfy({ $0 == 32 || $0 == 9 }) { return 0 }
    let buffer = Array(input[..<lineEnd]) + [10] + Array(#"{"id": "next", "municipality": "roskilde"}"#.utf8)
    let fast = screened(buffer, lineEnd: lineEnd, contentEnd: contentEnd)
    let expected = strict(content)
    if fast != expected {
        FileHandle.standardError.write(Data("""
            fuzz-screen-diff: the screening reader and the strict path disagree on
              \(String(decoding: content, as: UTF8.self).debugDescription)
              strict:    \(expected)
              screening: \(fast)

            """.utf8))
        fatalError("the screening reader and the strict path disagree")
    }
    return 0
}
