import Foundation
import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// Batch screening never stops or crashes on a bad line: every line is either
/// screened or reported with its number and a clear message.
@Suite struct ScreenFuzzTests {
    let m = matcher(offer("pass", "eligible when { age between 6 and 17\n not in_association }")
                    + offer("family", "eligible when { any children where age < 18 }"))

    func screen(_ text: [UInt8], jobs: Int = 2, format: ScreenOptions.Format = .jsonl, chunk: Int = 1 << 16) throws -> (ScreenSummary, [Screener.LineError], String) {
        let path = NSTemporaryDirectory() + "matchctl-fuzz-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = ScreenOptions(date: Day("2021-06-01")!)
        options.jobs = jobs
        options.format = format
        options.chunkSize = chunk
        let source = try ByteSource(path: path, chunkSize: chunk)
        var out: [UInt8] = []
        var errors: [Screener.LineError] = []
        let summary = Screener(matcher: m, options: options).run(source: source, write: { out.append(contentsOf: $0) }, error: { errors.append($0) })
        return (summary, errors, String(decoding: out, as: UTF8.self))
    }

    @Test(arguments: [
        (#"{"id": "x", "birth_date": "2011-03-04""#, "invalid JSON: expected ',' or '}' after object member"),
        (#"{"id": "x", "gender": "female", "gender": "male"}"#, "invalid JSON: duplicate key 'gender'"),
        (#"{"birth_date": "2011-02-30"}"#, #"'birth_date' must be a date written YYYY-MM-DD, but "2011-02-30" is not a calendar date"#),
        (#"{"children": [{"birth_date": 12}]}"#, "'children[1].birth_date' must be a date written YYYY-MM-DD, but found the number 12"),
        (String(repeating: "[", count: 5000), "invalid JSON: nesting too deep (more than 64 levels)"),
        (#"{"in_association": 1e999999}"#, "'in_association' must be true or false, but found the number 1e999999"),
        ("{\"school\": \"\u{FF}\"}", "invalid JSON"),
        (#"{"gender": "Female"}"#, #"'gender' must be one of female, male, but found "Female"; did you mean 'female'?"#),
        (#"{"in_asociation": true}"#, "unknown fact 'in_asociation'; did you mean 'in_association'?"),
        ("[]", "a profile must be a JSON object {\"fact\": value, …}, not a list"),
    ])
    func hostileLineGetsAClearErrorAndTheRunGoesOn(line: String, message: String) throws {
        var text = Array(#"{"id": "a", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}"#.utf8) + [10]
        text += line == "{\"school\": \"\u{FF}\"}" ? Array("{\"school\": \"".utf8) + [0xFF] + Array("\"}".utf8) : Array(line.utf8)
        text += [10] + Array(#"{"id": "b", "municipality": "roskilde"}"#.utf8) + [10]
        let (summary, errors, out) = try screen(text)
        #expect(summary.profiles == 2)
        #expect(summary.skipped == 1)
        #expect(errors.count == 1)
        #expect(errors.first?.line == 2)
        #expect(errors.first?.message.hasPrefix(message) == true, "\(errors.first?.message ?? "")")
        // The bad line's row, with its line number and message, between the two others (issue 13).
        let rows = out.split(separator: "\n").map(String.init)
        #expect(rows.count == 3)
        #expect(rows.count == 3 && rows[1].contains(#""line":2,"error":"#))
    }

    /// The fast path finds a line's end while reading it: a line cut short
    /// never borrows the next one, and CR LF, blank lines and a last line
    /// without a line break are handled as before.
    @Test func aLineNeverReadsIntoTheNext() throws {
        let text = "{\"id\": \"a\", \"municipality\": \"roskilde\",\n\"in_association\": true}\n"
            + "{\"id\": \"b\", \"in_association\": false}\r\n  \n"
            + "{\"id\": \"c\", \"municipality\": \"roskilde\"}"
        let (summary, errors, out) = try screen(Array(text.utf8))
        #expect(summary.profiles == 2 && summary.skipped == 2)
        #expect(errors.map(\.line) == [1, 2])
        // The two bad lines have rows of their own (issue 13); the first has no id to give.
        #expect(out.split(separator: "\n").map { $0.prefix(12) } == [#"{"id":null,""#, #"{"id":null,""#, #"{"id":"b","e"#, #"{"id":"c","e"#])
        // The reader alone: the first line is not taken, the second's end is its line break.
        let reader = LineReader(program: m.program)
        var facts = Facts(program: m.program)
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { b in
            #expect(reader.readFast(b, from: 0, end: b.count, into: &facts, today: Day("2021-06-01")!) == nil)
            let second = bytes.firstIndex(of: 10)! + 1
            #expect(reader.readFast(b, from: second, end: b.count, into: &facts, today: Day("2021-06-01")!) == nil)
            let third = bytes[second...].firstIndex(of: 10)! + 1
            let read = reader.readFast(b, from: third, end: b.count, into: &facts, today: Day("2021-06-01")!)
            #expect(read?.lineEnd == bytes[third...].firstIndex(of: 10))
            let last = bytes.lastIndex(of: 10)! + 1
            #expect(reader.readFast(b, from: last, end: b.count, into: &facts, today: Day("2021-06-01")!)?.lineEnd == b.count)
        }
    }

    @Test func mutatedCaseloadsAreFullyAccountedFor() throws {
        var rng = InputFuzz.SplitMix64(seed: 7)
        let good = [
            #"{"id": "c1", "municipality": "roskilde", "birth_date": "2011-03-04", "in_association": false}"#,
            #"{"id": "c2", "municipality": "hilleroed", "children": [{"birth_date": "2010-01-01"}, {"in_association": true}]}"#,
            #"{"id": "c\u00f83", "gender": "female", "school": "Østervangsskolen", "assessments": {"needs_mentor": true}}"#,
            #"{"id": "c4", "birth_date": null, "employed": true, "arrival_date": "2021-05-10"}"#,
        ]
        for round in 0..<40 {
            var text: [UInt8] = []
            var lines = 0
            for i in 0..<200 {
                var line = Array(good[(i + round) % good.count].utf8)
                switch rng.next() % 8 {
                case 0: line = Array(line.prefix(Int(rng.next() % UInt64(line.count))))
                case 1: line[Int(rng.next() % UInt64(line.count))] = UInt8(truncatingIfNeeded: rng.next())
                case 2: line.insert(contentsOf: Array("{[\",\\".utf8).shuffled(using: &rng), at: Int(rng.next() % UInt64(line.count)))
                case 3: line += line
                default: break
                }
                line.removeAll { $0 == 10 || $0 == 13 }
                text += line + [10]
                lines += 1
            }
            let (summary, errors, out) = try screen(text, jobs: 1 + round % 3, chunk: 1 << 12)
            let nonBlank = text.split(separator: 10, omittingEmptySubsequences: false).filter { l in l.contains { $0 != 32 && $0 != 9 } }.count
            #expect(summary.profiles + summary.skipped == nonBlank)
            #expect(errors.count == summary.skipped)
            #expect(errors.allSatisfy { $0.line >= 1 && $0.line <= lines && !$0.message.isEmpty })
            #expect(Set(errors.map(\.line)).count == errors.count)
            // Every line is accounted for in the output: a row per profile, a row per skipped line (issue 13).
            #expect(out.split(separator: "\n").count == summary.profiles + summary.skipped)
        }
    }

    @Test func outputOrderDoesNotDependOnJobs() throws {
        var text: [UInt8] = []
        for i in 0..<5000 {
            text += Array(#"{"id": "p\#(i)", "municipality": "roskilde", "birth_date": "\#(2000 + i % 20)-03-04", "in_association": \#(i % 3 == 0)}"#.utf8) + [10]
        }
        let one = try screen(text, jobs: 1, chunk: 1 << 14).2
        let four = try screen(text, jobs: 4, chunk: 1 << 14).2
        #expect(one == four)
        #expect(one.split(separator: "\n").count == 5000)
    }
}
