import Foundation
import Testing

/// Every text output and message escapes control characters (C0, DEL, C1,
/// U+2028, U+2029), and JSON has them as `\u…` escapes (issue 15, finding
/// 10). The text outputs of a rule set and a profile whose every string
/// holds ESC, BEL, a line break, a tab, U+2028, U+0085 and DEL are byte for
/// byte those of the same rule set with the escapes written out as plain
/// text: nothing can forge a line, colour or clear the screen.
@Suite(.serialized) struct ControlCharacterOutputTests {
    /// What goes into every string: raw ESC and BEL, a line break and a tab
    /// (the rules language's `\n`, `\t`), raw U+2028, U+0085 and DEL.
    static let hostile = "\u{1B}[31m\u{7}\\n\\t\u{2028}\u{85}\u{7F}"
    /// The same as plain text: exactly how the outputs show `hostile`
    /// (each `\\` is one backslash in the rules language).
    static let plain = #"\\u{1B}[31m\\u{7}\\n\\t\\u{2028}\\u{85}\\u{7F}"#

    /// A rule set with `x` at the end of every string (so that no position
    /// the outputs show moves).
    static func rules(_ x: String) -> String {
        """
        fact municipality: enum { roskilde = da "Roskilde\(x)" en "Roskilde\(x)" } { label da "Kommune\(x)" en "Municipality\(x)" }
        fact school: string {
          label da "Skole\(x)" en "School\(x)"
          question da "Hvilken skole\(x)" en "Which school\(x)"
        }
        fact in_association: bool {
          label da "Forening\(x)" en "Association\(x)"
          question da "Forening\(x)" en "Association\(x)"
        }
        partner helper { name "Partner\(x)" places 3 }
        condition local {
          label da "Lokal\(x)" en "Local\(x)"
          municipality = roskilde
        }
        offer pass {
          name da "Pas\(x)" en "Pass\(x)"
          description da "Beskrivelse\(x)" en "Description\(x)"
          municipality roskilde
          provider "Udbyder\(x)"
          partner helper
          source "plan\(x)" section "Afsnit\(x)"
            quote "Citat\(x)"
          valid from 2021-01-01
          detail note label da "Note\(x)" en "Note\(x)" {
            otherwise: da "Tekst\(x)" en "Text\(x)"
          }
          eligible when {
            local
            school = "Skolen\(x)"
            not in_association
          }
        }
        test "Passes\(x)" {
          date 2021-06-01
          profile { municipality = roskilde  school = "Skolen\(x)"  in_association = false }
          expect pass eligible
        }
        test "Fails\(x)" {
          date 2021-06-01
          profile { municipality = roskilde }
          expect pass eligible
        }

        """
    }

    /// `s` as a JSON string body (what a profile file holds).
    static func json(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// `x` as the value holds it: the rules language's `\n`, `\t`, `\\`.
    static func value(_ x: String) -> String {
        var out = "", escape = false
        for c in x {
            if escape {
                out.append(c == "n" ? "\n" : c == "t" ? "\t" : c)
                escape = false
            } else if c == "\\" {
                escape = true
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A folder with `rules/r.rules` and `profile.json` (an id with ESC and
    /// a line break, the school the offer asks for) for `x`.
    static func folder(_ x: String, id: String) throws -> String {
        let dir = NSTemporaryDirectory() + "matchctl-controls-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir + "/rules", withIntermediateDirectories: true)
        try Data(rules(x).utf8).write(to: URL(fileURLWithPath: dir + "/rules/r.rules"))
        let profile = #"{"id": "\#(json(id))", "municipality": "roskilde", "school": "\#(json("Skolen" + value(x)))", "in_association": false}"#
        try Data(profile.utf8).write(to: URL(fileURLWithPath: dir + "/profile.json"))
        return dir
    }

    static let commands: [[String]] = [
        ["match", "--profile", "profile.json", "--rules", "rules", "--date", "2021-06-01", "--all"],
        ["match", "--profile", "profile.json", "--rules", "rules", "--date", "2021-06-01", "--lang", "en"],
        ["explain", "pass", "--profile", "profile.json", "--rules", "rules", "--date", "2021-06-01"],
        ["offers", "--rules", "rules", "--date", "2021-06-01"],
        ["offers", "--rules", "rules", "--format", "markdown"],
        ["test", "rules", "--date", "2021-06-01", "--verbose", "--coverage"],
        ["check", "rules", "--date", "2021-06-01"],
    ]

    /// Raw controls in `s`, other than the line breaks that end lines.
    static func controls(_ s: String) -> [String] {
        s.unicodeScalars.filter { u in u != "\n" && (u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029) }
            .map { "U+" + String($0.value, radix: 16) }
    }

    @Test(arguments: commands)
    func textOutputShowsControlsAsPlainText(args: [String]) throws {
        let hostile = try Self.folder(Self.hostile, id: "\u{1B}[31mX\nY")
        let plain = try Self.folder(Self.plain, id: #"\u{1B}[31mX\nY"#)
        defer { try? FileManager.default.removeItem(atPath: hostile); try? FileManager.default.removeItem(atPath: plain) }
        let h = try matchctl(args, in: hostile), p = try matchctl(args, in: plain)
        #expect(Self.controls(h.stdout + h.stderr).isEmpty, "raw controls: \(Self.controls(h.stdout + h.stderr))")
        // Some labels are shown in capitals or small letters (a heading, a
        // value's label): `\U{1B}` of the plain text is `\u{1B}` then.
        #expect(h.stdout.lowercased() == p.stdout.lowercased())
        #expect(h.stdout.split(separator: "\n", omittingEmptySubsequences: false).count == p.stdout.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(h.stderr.lowercased() == p.stderr.lowercased())
        #expect(h.status == p.status)
        #expect(!h.stdout.isEmpty)
    }

    /// JSON escapes them (`\u001b`, `\u2028`), and reads back as written.
    @Test(arguments: [
        ["match", "--profile", "profile.json", "--rules", "rules", "--date", "2021-06-01", "--format", "json"],
        ["offers", "--rules", "rules", "--format", "json"],
    ])
    func jsonEscapesControls(args: [String]) throws {
        let dir = try Self.folder(Self.hostile, id: "\u{1B}[31mX\nY\u{2028}")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try matchctl(args, in: dir)
        #expect(r.status == 0)
        #expect(Self.controls(r.stdout).isEmpty, "raw controls: \(Self.controls(r.stdout))")
        #expect(r.stdout.contains(#"\u001b[31m\u0007\n\t\u2028\u0085\u007f"#))
        let parsed = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
        if let report = parsed as? [String: Any] {
            #expect(report["profile"] as? String == "\u{1B}[31mX\nY\u{2028}")
        } else {
            let offers = try #require(parsed as? [[String: Any]])
            #expect((offers.first?["name"] as? [String: Any])?["da"] as? String == "Pas" + Self.value(Self.hostile))
        }
    }

    /// The original report: `check --format json` gave a raw U+2028.
    @Test func checkJSONEscapesU2028() throws {
        let dir = try Self.folder(Self.hostile, id: "x")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("offer broken {\n  name da \"B\u{2028}\" bogus\n}\n\u{2028}\n".utf8).write(to: URL(fileURLWithPath: dir + "/rules/broken.rules"))
        let r = try matchctl(["check", "rules", "--format", "json"], in: dir)
        #expect(r.status == 1)
        #expect(Self.controls(r.stdout).isEmpty, "raw controls: \(Self.controls(r.stdout))")
        #expect(r.stdout.contains(#""message":"unexpected character '\u2028'""#))
        for line in r.stdout.split(separator: "\n") { _ = try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        let text = try matchctl(["check", "rules"], in: dir)
        #expect(Self.controls(text.stdout).isEmpty, "raw controls: \(Self.controls(text.stdout))")
        #expect(text.stdout.contains("rules/broken.rules:4:1: error: unexpected character '\\u{2028}'\n\\u{2028}\n^~~~~~~~\n"))
    }

    /// Messages on standard error: a value from the profile and an argument.
    @Test func messagesEscapeControls() throws {
        let dir = try Self.folder(Self.hostile, id: "x")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = try matchctl(["match", "--profile", "-", "--rules", "rules"], stdin: #"{"municipality": "\u001b[2J\nmatchctl: ok"}"#, in: dir)
        #expect(bad.status == 1)
        #expect(bad.stderr == #"<stdin>:1:2: error: 'municipality' must be one of roskilde, but found "\u{1B}[2J\nmatchctl: ok""# + "\n")
        let arg = try matchctl(["explain", "\u{1B}[31mX\nY", "--profile", "-", "--rules", "rules"], stdin: "{}", in: dir)
        #expect(arg.status == 2)
        #expect(arg.stderr.hasPrefix(#"matchctl: error: unknown offer '\u{1B}[31mX\nY'"#))
        #expect(Self.controls(arg.stderr).isEmpty)
        let line = try matchctl(["screen", "-", "--rules", "rules", "--format", "summary"], stdin: "{\"municipality\": \"\\u001b]0;title\\u0007\"}\n", in: dir)
        #expect(line.status == 1)
        #expect(line.stderr == #"<stdin>:1: error: 'municipality' must be one of roskilde, but found "\u{1B}]0;title\u{7}""# + "\n")
    }

    /// `screen`'s own lines: an id with raw U+2028, U+0085 and DEL (which
    /// JSON allows raw), and escaped ESC and a line break, read on the fast
    /// and the general path and from a CSV; jsonl escapes them as JSON
    /// does, csv (which has no escapes) as text does.
    @Test func screenLinesEscapeControls() throws {
        let dir = try Self.folder("", id: "x")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // The fast path (no escape anywhere), the general path (escapes in the id and a fact).
        let fast = "{\"id\": \"X\u{2028}\u{85}\u{7F}\", \"municipality\": \"roskilde\", \"school\": \"Skolen\", \"in_association\": false}\n"
        let general = "{\"id\": \"A\\u001b[31m\\nB\u{2028}\", \"municipality\": \"roskilde\", \"school\": \"Sk\\u006flen\", \"in_association\": false}\n"
        for format in ["jsonl", "csv"] {
            let r = try matchctl(["screen", "-", "--rules", "rules", "--date", "2021-06-01", "--format", format], stdin: fast + general, in: dir)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(Self.controls(r.stdout).isEmpty, "raw controls: \(Self.controls(r.stdout))")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            if format == "jsonl" {
                let ids = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["id"] as? String }
                #expect(ids == ["X\u{2028}\u{85}\u{7F}", "A\u{1B}[31m\nB\u{2028}"])
                #expect(lines.first?.hasPrefix(#"{"id":"X\u2028\u0085\u007f","#) == true)
            } else {
                #expect(lines == ["id,offer,status,fejl", #"X\u{2028}\u{85}\u{7F},pass,eligible,"#, #"A\u{1B}[31m\nB\u{2028},pass,eligible,"#])
            }
        }
        // From a CSV caseload: the id is a field as written.
        let csv = "id,municipality,school,in_association\n\"A\u{1B}[31m\u{7}\u{2028}\",roskilde,Skolen,false\n"
        let c = try matchctl(["screen", "-", "--input-format", "csv", "--rules", "rules", "--date", "2021-06-01", "--format", "csv"], stdin: csv, in: dir)
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout == "id,offer,status,fejl\n" + #"A\u{1B}[31m\u{7}\u{2028},pass,eligible,"# + "\n")
    }
}
