import Foundation
import RulesDSL

/// Finds and reads rule files from paths given by the user. A path that is
/// not there, or cannot be read, is an `input.*` error (bad usage).
package enum RuleLoader {
    /// Every `.rules` file under `paths` (files or folders, searched
    /// recursively), in a stable order.
    package static func files(at paths: [String]) throws(ToolError) -> [SourceFile] {
        let fm = FileManager.default
        var found: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw ToolError(.inputNotFound, "no such file or folder: \(path)")
            }
            if isDir.boolValue {
                guard let e = fm.enumerator(atPath: path) else { throw ToolError(.inputUnreadable, "cannot read folder: \(path)") }
                var inDir: [String] = []
                while let rel = e.nextObject() as? String {
                    if rel.hasSuffix(".rules") { inDir.append(join(path, rel)) }
                }
                if inDir.isEmpty { throw ToolError(.inputNoRules, "no .rules files in \(path)") }
                found += inDir.sorted()
            } else {
                found.append(path)
            }
        }
        var seen = Set<String>()
        var files: [SourceFile] = []
        for p in found where seen.insert(p).inserted {
            guard let data = fm.contents(atPath: p) else { throw ToolError(.inputUnreadable, "cannot read file: \(p)") }
            files.append(SourceFile(path: p, bytes: [UInt8](data)))
        }
        return files
    }

    static func join(_ dir: String, _ rel: String) -> String {
        if dir == "." { return rel }
        return dir.hasSuffix("/") ? dir + rel : dir + "/" + rel
    }

    /// Loads and checks a rule set, whatever its diagnostics (`check` shows
    /// them all; `RuleBook.load` refuses rules with errors).
    package static func load(paths: [String], today: Day) throws(ToolError) -> (RuleSet, [Diagnostic], SourceManager) {
        let files = try files(at: paths)
        return Frontend.load(files, today: today)
    }
}
