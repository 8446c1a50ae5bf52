import Foundation
import RulesDSL

/// Finds and reads rule files from paths given by the user.
public enum RuleLoader {
    public struct LoadError: Error, Sendable, Equatable {
        public var message: String
    }

    /// Every `.rules` file under `paths` (files or folders, searched
    /// recursively), in a stable order.
    public static func files(at paths: [String]) throws(LoadError) -> [SourceFile] {
        let fm = FileManager.default
        var found: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                throw LoadError(message: "no such file or folder: \(path)")
            }
            if isDir.boolValue {
                guard let e = fm.enumerator(atPath: path) else { throw LoadError(message: "cannot read folder: \(path)") }
                var inDir: [String] = []
                while let rel = e.nextObject() as? String {
                    if rel.hasSuffix(".rules") { inDir.append(join(path, rel)) }
                }
                if inDir.isEmpty { throw LoadError(message: "no .rules files in \(path)") }
                found += inDir.sorted()
            } else {
                found.append(path)
            }
        }
        var seen = Set<String>()
        var files: [SourceFile] = []
        for p in found where seen.insert(p).inserted {
            guard let data = fm.contents(atPath: p) else { throw LoadError(message: "cannot read file: \(p)") }
            files.append(SourceFile(path: p, bytes: [UInt8](data)))
        }
        return files
    }

    static func join(_ dir: String, _ rel: String) -> String {
        if dir == "." { return rel }
        return dir.hasSuffix("/") ? dir + rel : dir + "/" + rel
    }

    /// Loads and checks a rule set.
    public static func load(paths: [String], today: Day) throws(LoadError) -> (RuleSet, [Diagnostic], SourceManager) {
        let files = try files(at: paths)
        return Frontend.load(files, today: today)
    }
}
