import Foundation
import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening

/// Issue 15, finding 13: an unranged `int` read −2^63 as "unknown" and
/// −2^63+1 as "no value"; `{"id": 12345}` was accepted while `true` was
/// refused; whitespace-only and CR-only JSON Lines were dropped where the
/// strict reader had other rules; a leading blank line rejected a whole CSV;
/// `+1` and `01` were integers in CSV but errors in JSON.
private let domainRules = """
fact id: string { label da "Sagsnummer" }
fact income: int { label da "Indkomst" }
fact grade: int 0 to 10 { label da "Klassetrin" }
fact gender: enum { female, male } { label da "Køn" }
offer o {
  name da "O"
  municipality national
  source "s.txt"
  eligible when { income < 100 and grade >= 3 and gender = female }
}

"""

private let today = Day("2021-06-01")!

private let domainMatcher: Matcher = {
    let (set, diags, _) = Frontend.load([SourceFile(path: "domain.rules", text: domainRules)], today: today)
    precondition(diags.allSatisfy { $0.severity != .error }, "\(diags.map(\.message))")
    return Matcher(rules: set)
}()

@Suite struct ValueDomainTests {
    let m = domainMatcher
    var decoder: ProfileDecoder { ProfileDecoder(rules: m.rules) }

    func decode(_ json: String) -> Result<Profile, ProfileError> {
        Result { () throws(ProfileError) in try decoder.decode(Array(json.utf8), today: today) }
    }

    /// The fast screening reader on one line: the fact slots, or the error.
    func screenRead(_ json: String) -> Result<[Int64], ProfileError> {
        let reader = LineReader(program: m.program)
        var facts = Facts(program: m.program)
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBufferPointer { b in
            Result { () throws(ProfileError) in
                _ = try reader.read(b, 0 ..< b.count, into: &facts, today: today)
                return facts.values
            }
        }
    }

    var incomeSlot: Int { Int(m.program.factSlot[m.rules.factIndex("income")!]) }

    @Test(arguments: [Int64.min, Int64.min + 1, Int64.min + 2, Int64.max, -(1 << 62) - 1, (1 << 62) + 1] as [Int64])
    func numbersOutsideTheDomainAreRefusedWithTheRange(_ n: Int64) {
        let json = #"{"income": \#(n)}"#
        let message = "'income' must be from -4611686018427387904 to 4611686018427387904, but found \(n)"
        guard case .failure(let e) = decode(json) else {
            Issue.record("accepted \(n)")
            return
        }
        #expect(e.field == "income" && e.message == message && e.offset == 1)
        guard case .failure(let fast) = screenRead(json) else {
            Issue.record("screening accepted \(n)")
            return
        }
        #expect(fast.message == message)
        // In CSV too.
        let csv = try? CSVProfileDecoder(rules: m.rules, header: ["income"])
        #expect(throws: ProfileError(field: "income", message: message, offset: 0)) { try csv?.decode(["\(n)"], today: today) }
    }

    /// The ends of the domain are numbers like any other: never the engine's
    /// unknown (Int64.min) or no-value (Int64.min + 1) markers.
    @Test(arguments: [-(Int64(1) << 62), Int64(1) << 62, Int64(0), Int64(-1)] as [Int64])
    func theEndsOfTheDomainAreValues(_ n: Int64) throws {
        let p = try decode(#"{"income": \#(n)}"#).get()
        #expect(p.facts[m.rules.factIndex("income")!] == .int(Int(n)))
        #expect(Facts(program: m.program, profile: p).values[incomeSlot] == n)
        #expect(try screenRead(#"{"income": \#(n)}"#).get()[incomeSlot] == n)
        #expect(n != Slot.unknown && n != Slot.none)
    }

    /// Too long to be any Int64: the range, not "a whole number".
    @Test func aHugeWholeNumberGetsTheRange() {
        guard case .failure(let e) = decode(#"{"income": -99999999999999999999}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(e.message == "'income' must be from -4611686018427387904 to 4611686018427387904, but found -99999999999999999999")
        guard case .failure(let f) = decode(#"{"income": 2.5}"#) else {
            Issue.record("accepted")
            return
        }
        #expect(f.message == "'income' must be a whole number, but found the number 2.5")
    }

    /// The id is a text (or null); a number is refused like `true` is, by
    /// `match` and by screening's fast path alike.
    @Test(arguments: [#"{"id": 12345}"#, #"{"id": -7}"#, #"{"id": 1.5e3}"#, #"{"id": true}"#, #"{"id": [1]}"#])
    func anIdIsAText(_ json: String) {
        guard case .failure(let e) = decode(json) else {
            Issue.record("accepted \(json)")
            return
        }
        #expect(e.field == "id" && e.message.hasPrefix("'id' must be a text (the case reference), but found "))
        guard case .failure(let fast) = screenRead(json) else {
            Issue.record("screening accepted \(json)")
            return
        }
        #expect(fast.field == "id")
    }

    /// Screening words it without the number (the id is personal there),
    /// and a whole number too long for any range gets the range, not the value.
    @Test func screeningShowsNeitherTheNumberNorAHugeOne() throws {
        let screening = ProfileDecoder(rules: m.rules, echoPersonal: false)
        #expect(throws: ProfileError(field: "id", message: "'id' must be a text (the case reference), but found a number (not shown: personal data)", offset: 1)) {
            try screening.decode(Array(#"{"id": 12345}"#.utf8), today: today)
        }
        #expect(throws: ProfileError(field: "id", message: "'id' must be a text (the case reference), but found the number 12345", offset: 1)) {
            try decoder.decode(Array(#"{"id": 12345}"#.utf8), today: today)
        }
        let (set, _, _) = Frontend.load([SourceFile(path: "p.rules", text: #"fact grade: int 0 to 10 { personal label da "Klassetrin" }"#)], today: today)
        let personal = ProfileDecoder(rules: set, echoPersonal: false)
        #expect(throws: ProfileError(field: "grade", message: "'grade' must be from 0 to 10, but found a number outside it (not shown: personal data)", offset: 1)) {
            try personal.decode(Array(#"{"grade": 99999999999999999999}"#.utf8), today: today)
        }
        let digits = String(repeating: "7", count: 1 << 16)
        do {
            _ = try decoder.decode(Array(#"{"income": \#(digits)}"#.utf8), today: today)
            Issue.record("accepted")
        } catch {
            #expect(error.message == "'income' must be from -4611686018427387904 to 4611686018427387904, but found \(Excerpt.of(digits))")
        }
    }

    @Test func anIdInQuotesOrNullIsRead() throws {
        #expect(try decode(#"{"id": "12345"}"#).get().id == "12345")
        #expect(try decode(#"{"id": null}"#).get().id == nil)
        #expect(throws: Never.self) { try screenRead(#"{"id": "12345"}"#).get() }
    }

    /// A CSV cell is a number exactly when the same text is a JSON number:
    /// `+1`, `01`, ` 1` (inside quotes) and `0x1` are not; `1e0` and `-0` are.
    @Test(arguments: ["1", "+1", "01", "-01", "00", "-0", "1e0", "10e-1", "1.0", "1.", ".5", "0x1", "1_000", "٣", "--1", "-", "1e", "5", "11"])
    func csvNumbersFollowJSON(_ text: String) throws {
        let csv = try CSVProfileDecoder(rules: m.rules, header: ["grade"])
        let fromCSV = Result { () throws(ProfileError) in try csv.decode([text], today: today).facts }
        let fromJSON = decode(#"{"grade": \#(text)}"#).map(\.facts)
        switch (fromCSV, fromJSON) {
        case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
        case (.failure, .failure): break
        default: Issue.record("'\(text)': CSV \(fromCSV), JSON \(fromJSON)")
        }
    }

    func screen(_ text: String, input: ScreenOptions.InputFormat) throws -> (ScreenSummary, [Screener.LineError], String) {
        let path = NSTemporaryDirectory() + "matchctl-domain-\(getpid())-\(UInt32.random(in: 0 ... UInt32.max)).\(input.rawValue)"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = ScreenOptions(date: today)
        options.jobs = 2
        options.format = .jsonl
        options.inputFormat = input
        options.statuses = [.eligible, .undetermined, .ineligible]
        let source = try ByteSource(path: path, chunkSize: 1 << 16)
        var out: [UInt8] = []
        var errors: [Screener.LineError] = []
        let summary = Screener(matcher: m, options: options).run(source: source, write: { out.append(contentsOf: $0) }, error: { errors.append($0) })
        return (summary, errors, String(decoding: out, as: UTF8.self))
    }

    /// Blank lines (nothing but spaces, tabs and CRs) are the same lines for
    /// screening as for the strict splitter (`LineSplitter`): skipped, not
    /// errors, counted in line numbers.
    @Test func screeningAndTheStrictSplitterAgreeOnBlankLines() throws {
        let lines = [#"{"id": "a"}"#, "", "   ", "\r", "\r\r", " \t\r ", "\t", #"{"id": "b", "gender": "x"}"#, "\r \r", #"{"id": "c"}"#, "  \r"]
        let text = lines.joined(separator: "\n")
        let (summary, errors, out) = try screen(text, input: .jsonl)
        #expect(summary.profiles == 2 && summary.skipped == 1)
        #expect(errors.map(\.line) == [8])
        #expect(out.split(separator: "\n").map { $0.prefix(10) } == [#"{"id":"a","#, #"{"id":"b","#, #"{"id":"c","#])  // b: the skipped row, accounted for
        let strict = LineSplitter(Array(text.utf8)).map(\.lineNumber)
        #expect(strict == [1, 8, 10])
    }

    /// A CSV's leading blank lines are skipped (the header is the first
    /// non-blank line), also after a byte order mark; its rows' line numbers
    /// count them. Blank lines between rows are skipped too.
    @Test(arguments: ["", "\n", "\r\n", "  \n\t\r\n", "\u{FEFF}\n", "\u{FEFF}"])
    func aCSVMayStartWithBlankLines(_ lead: String) throws {
        let text = lead + "id,grade,gender\na,3,female\n \nb,+1,female\nc,5,male\n"
        let (summary, errors, out) = try screen(text, input: .csv)
        let header = lead.filter { $0 == "\n" || $0 == "\r\n" }.count + 1
        #expect(summary.profiles == 2 && summary.skipped == 1, "\(errors)")
        #expect(errors.map(\.line) == [header + 3])
        #expect(errors.first?.message == #"'grade' must be a whole number, but found the text "+1""#)
        #expect(out.split(separator: "\n").map { $0.prefix(10) } == [#"{"id":"a","#, #"{"id":"b","#, #"{"id":"c","#])  // b: the skipped row, accounted for
        // The reader alone finds the separator past the blank lines.
        let reader = try CSVReader(text: lead + "id,grade\n")
        #expect(reader.header == ["id", "grade"] && reader.separator == UInt8(ascii: ","))
    }
}
