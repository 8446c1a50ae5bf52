import Testing
@testable import RulesDSL

// Shared helpers for the RulesDSL tests: load a rule file through the whole
// front end and render what it reports, the way `matchctl check` does.

/// The default evaluation date of the tests.
let testToday = Day("2021-06-01")!

/// Loads `source` as one file and returns the diagnostics (sorted by
/// position, stable) with the source manager that renders them.
func loadDiagnostics(_ source: String, path: String = "t.rules", today: Day = testToday) -> ([Diagnostic], SourceManager) {
    loadDiagnostics(bytes: Array(source.utf8), path: path, today: today)
}

func loadDiagnostics(bytes: [UInt8], path: String = "t.rules", today: Day = testToday) -> ([Diagnostic], SourceManager) {
    let (_, diagnostics, sources) = Frontend.load([SourceFile(path: path, bytes: bytes)], today: today)
    var bag = DiagnosticBag()
    bag.append(contentsOf: diagnostics)
    return (bag.sorted, sources)
}

/// Every diagnostic of `source`, rendered as compiler-style text without
/// colour (one string per diagnostic, with its snippet, notes and fix-its).
func check(_ source: String, path: String = "t.rules", today: Day = Day("2021-06-01")!) -> [String] {
    let (diagnostics, sources) = loadDiagnostics(source, path: path, today: today)
    let renderer = DiagnosticRenderer(sources: sources, color: false)
    return diagnostics.map { renderer.text($0) }
}

/// Every diagnostic of `source` as one JSON object per diagnostic.
func checkJSON(_ source: String, path: String = "t.rules", today: Day = Day("2021-06-01")!) -> [String] {
    let (diagnostics, sources) = loadDiagnostics(source, path: path, today: today)
    let renderer = DiagnosticRenderer(sources: sources, color: false)
    return diagnostics.map { renderer.json($0) }
}

/// `code@line:column` of every diagnostic, for compact assertions.
func codes(_ source: String, today: Day = testToday) -> [String] {
    let (diagnostics, sources) = loadDiagnostics(source, today: today)
    return diagnostics.map { d in
        let loc = sources.file(d.range.file)!.location(of: d.range.start)
        return "\(d.severity.rawValue) \(d.code)@\(loc.line):\(loc.column)"
    }
}

/// A snippet followed by the shared schema. The snippet comes first so that
/// its line numbers are the ones the tests assert; names resolve across the
/// whole file, so the snippet may use everything the prelude declares.
func withPrelude(_ snippet: String) -> String {
    snippet + "\n" + prelude
}

/// An offer with everything it must have (a Danish name, a municipality, a
/// source) and `body` (lines ending in a line break) from line 5 on, so that
/// the first body line is line 5 of the file.
func offer(_ body: String, name: String = "o") -> String {
    "offer \(name) {\n  name da \"O\"\n  municipality roskilde\n  source \"s.txt\"\n" + body + "}\n"
}

/// A small schema that on its own produces no diagnostic at all (every fact
/// and the assessment are used by `prelude_offer`). Tests append to it.
let prelude = """
# --- shared test schema ---
fact municipality: enum { roskilde, hilleroed, hedensted, frederikssund } {
  label da "Bopælskommune" en "Municipality of residence"
}
fact birth_date: date { label da "Fødselsdato" en "Date of birth" }
derived age = years_since(birth_date) { label da "Alder" en "Age" }
fact gender: enum { female, male } { label da "Køn" en "Gender" }
fact in_association: bool { label da "Foreningsaktiv" en "In an association" }
fact school_grade: int 0 to 10 { label da "Klassetrin" en "School grade" }
fact children: list of child { label da "Børn" en "Children" }
record child {
  fact birth_date: date { label da "Fødselsdato" en "Date of birth" }
  fact in_association: bool { label da "Foreningsaktiv" en "In an association" }
  derived age = years_since(birth_date) { label da "Barnets alder" en "Child's age" }
}
assessment needs_mentor { label da "Behov for mentor" en "Needs a mentor" }
offer prelude_offer {
  name da "Forspil" en "Prelude"
  municipality roskilde
  source "000_prelude.txt"
  requires needs_mentor
  eligible when {
    age >= 0
    gender = female
    not in_association
    school_grade >= 0
    any children where age < 18
  }
}

"""

/// SplitMix64: a tiny, seedable, platform-independent PRNG, so that the fuzz
/// tests mutate the same way on every run and machine.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0 ..< bound` (`bound > 0`).
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}
