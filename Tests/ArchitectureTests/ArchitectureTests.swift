import Foundation
import Testing

/// The layout that docs/ARCHITECTURE.md describes, checked against the code,
/// so that the document stays true: what each module may import, where
/// unsafe code and raw memory may live, and that the engine holds no words.
@Suite struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources").path

    static let libc: Set<String> = ["Glibc", "Darwin", "Musl", "ucrt"]

    /// Each module and the modules it may import (docs/ARCHITECTURE.md).
    static let allowed: [String: Set<String>] = [
        "RulesDSL": [],
        "Matcher": ["RulesDSL"],
        "Profiles": ["RulesDSL"],
        "Reports": ["RulesDSL", "Matcher", "Foundation"],
        "Screening": Set(["RulesDSL", "Matcher", "Profiles", "Dispatch"]).union(libc),
        "MatchService": Set(["RulesDSL", "Matcher", "Profiles", "Reports", "Screening", "Foundation", "Dispatch"]).union(libc),
        "matchctl": Set(["RulesDSL", "Matcher", "Profiles", "Reports", "Screening", "MatchService", "Foundation", "Dispatch"]).union(libc),
    ]

    /// The Swift files of one module, with their text.
    static func files(_ module: String) -> [(path: String, text: String)] {
        let root = sources + "/" + module
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [(String, String)] = []
        while let rel = e.nextObject() as? String {
            guard rel.hasSuffix(".swift"), let text = try? String(contentsOfFile: root + "/" + rel, encoding: .utf8) else { continue }
            out.append((module + "/" + rel, text))
        }
        return out
    }

    /// Lines of code with comments removed (`//` to the end of the line).
    static func code(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var inString = false
            var prev: Character = " "
            for (i, c) in zip(line.indices, line) {
                if c == "\"" && prev != "\\" { inString.toggle() }
                if !inString, c == "/", prev == "/" { return line[..<line.index(before: i)] }
                prev = c
            }
            return line
        }
    }

    @Test func everyModuleIsDescribed() throws {
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.sources).filter { !$0.hasPrefix(".") }
        #expect(Set(present) == Set(Self.allowed.keys))
    }

    @Test(arguments: allowed.keys.sorted())
    func modulesImportOnlyWhatTheyMay(module: String) {
        let allowed = Self.allowed[module]!
        for (path, text) in Self.files(module) {
            for line in Self.code(text) {
                let t = line.trimmingCharacters(in: .whitespaces)
                guard t.hasPrefix("import ") || t.hasPrefix("@testable import ") else { continue }
                let name = String(t.split(separator: " ").last!)
                #expect(allowed.contains(name), "\(path) imports \(name), which \(module) may not")
            }
        }
    }

    /// Unsafe pointers, raw memory and unsafe I/O live in Screening only.
    @Test(arguments: allowed.keys.sorted().filter { $0 != "Screening" })
    func unsafeCodeStaysInScreening(module: String) {
        let words = ["Unsafe", "unsafe", ".allocate(", "deallocate()", "mmap(", "munmap("]
        for (path, text) in Self.files(module) {
            for (n, line) in Self.code(text).enumerated() {
                for w in words where line.contains(w) {
                    Issue.record("\(path):\(n + 1) uses '\(w)': unsafe code belongs in Screening")
                }
            }
        }
    }

    /// Screening allocates raw memory in one place: its owner type.
    @Test func rawMemoryHasOneOwner() {
        var allocating = Set<String>()
        for (path, text) in Self.files("Screening") where Self.code(text).contains(where: { $0.contains(".allocate(") }) {
            allocating.insert(path)
        }
        #expect(allocating.count == 1, "raw memory is allocated in \(allocating.sorted())")
    }

    /// The engine decides; it does not word. A string literal with two words
    /// in a row (`"ikke opfyldt"`, `"not met"`) is wording and belongs in Reports.
    @Test func theEngineHoldsNoSentences() throws {
        let twoWords = try Regex(#""[^"]*\p{L}{2,} \p{L}{2,}[^"]*""#)
        for (path, text) in Self.files("Matcher") {
            for (n, line) in Self.code(text).enumerated() where line.contains(twoWords) {
                Issue.record("\(path):\(n + 1) holds wording: \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }
}
