import Testing
@testable import RulesDSL

/// `matchctl check --format json`: one JSON object per diagnostic, one line
/// each, with a stable key order.
@Suite struct JSONRendering {
    @Test func diagnosticWithANoteAndAFixIt() {
        let src = withPrelude(offer("  eligible when {\n    gender = Female\n  }\n"))
        #expect(checkJSON(src) == [
            #"{"file":"t.rules","line":6,"column":14,"end":{"line":6,"column":20},"severity":"error","code":"unknown-name","message":"unknown value 'Female'","notes":[{"message":"allowed values: female, male"}],"fixits":[{"message":"did you mean 'female'?","line":6,"column":14,"end":{"line":6,"column":20},"replacement":"female"}]}"#,
        ])
    }

    @Test func noteWithALocation() {
        let src = withPrelude(offer("  eligible when {\n    age >= 18 and age < 15\n  }\n"))
        #expect(checkJSON(src) == [
            #"{"file":"t.rules","line":6,"column":19,"end":{"line":6,"column":27},"severity":"error","code":"never-holds","message":"this condition can never hold: 'age < 15' contradicts 'age >= 18'","notes":[{"message":"the contradicting condition is here","file":"t.rules","line":6,"column":5}],"fixits":[]}"#,
        ])
    }

    @Test func warningWithoutNotesAndQuotesInTheMessage() {
        let src = withPrelude("offer o {\n  name da \"O\"\n  municipality national\n  review 2020-01-01\n}\n")
        #expect(checkJSON(src) == [
            #"{"file":"t.rules","line":1,"column":7,"end":{"line":1,"column":8},"severity":"error","code":"missing-source","message":"offer 'o' has no source citation; add 'source \"<seed file>\" section \"…\" quote \"…\"'","notes":[],"fixits":[]}"#,
            #"{"file":"t.rules","line":4,"column":10,"end":{"line":4,"column":20},"severity":"warning","code":"review-passed","message":"offer 'o' was due for review on 2020-01-01, which has passed (as of 2021-06-01)","notes":[],"fixits":[]}"#,
        ])
    }

    @Test func columnsCountLettersNotBytes() {
        // 'ø' is two bytes but one column; the path is written as given.
        let src = "# Fritidspas, Hillerød\noffer fritidspas_hillerød {\n}\n"
        let json = checkJSON(src, path: "Rules/hillerød/fritid.rules")
        #expect(json.first == #"{"file":"Rules/hillerød/fritid.rules","line":2,"column":7,"end":{"line":2,"column":26},"severity":"error","code":"non-ascii-name","message":"names may use only a–z, 0–9 and '_'; 'fritidspas_hillerød' has other letters (Danish letters belong in strings and labels)","notes":[],"fixits":[{"message":"write 'fritidspas_hilleroed'","line":2,"column":7,"end":{"line":2,"column":26},"replacement":"fritidspas_hilleroed"}]}"#)
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("a \"quote\" and a \\ backslash", #""a \"quote\" and a \\ backslash""#),
        ("line\nbreak\ttab\rreturn", #""line\nbreak\ttab\rreturn""#),
        ("\u{01}\u{1F}", #""\u0001\u001f""#),
        ("æøå €", #""æøå €""#),
    ])
    func quoting(input: String, expected: String) {
        #expect(JSONWriter.quote(input) == expected)
    }

    @Test func writerNesting() {
        let w = JSONWriter()
        w.object {
            w.field("a", 1)
            w.fieldArray("b") {
                w.element("x")
                w.element(2)
                w.element { w.object { w.field("c", true); w.fieldNull("d") } }
            }
            w.fieldObject("e") {}
            w.field("f", nil as String?)
            w.fieldRaw("g", "[1,2]")
        }
        #expect(w.output == #"{"a":1,"b":["x",2,{"c":true,"d":null}],"e":{},"f":null,"g":[1,2]}"#)
    }
}
