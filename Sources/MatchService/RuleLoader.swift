import Foundation
import RulesDSL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds and reads rule files from paths given by the user. A path that is
/// not there, or cannot be read, is an `input.*` error (bad usage).
///
/// A folder is read whole or not at all: a subfolder or `.rules` file that
/// cannot be read is `input.unreadable`, never skipped (a municipality's
/// offers would vanish with exit status 0). Symbolic links inside a folder
/// are followed while they stay inside it (the folder's real path, so a
/// linked rules folder is fine), and `input.outside-rules` where they lead
/// out of it: nothing outside the rule set is read, or quoted back as a
/// source excerpt. A file reached twice (through a link) is read once, and
/// named by where it really is in the folder. A path given by itself, file
/// or folder, is the user's choice and is read wherever it leads.
package enum RuleLoader {
    /// Every `.rules` file under `paths` (files or folders, searched
    /// recursively), in a stable order.
    package static func files(at paths: [String]) throws(ToolError) -> [SourceFile] {
        var found: [(path: String, real: String)] = []
        for path in paths {
            var st = stat()
            guard stat(path, &st) == 0 else {
                if errno == ENOENT || errno == ENOTDIR {
                    throw ToolError(.inputNotFound, "no such file or folder: \(path)")
                }
                throw ToolError(.inputUnreadable, "cannot read '\(path)': \(reason(errno))")
            }
            if isDirectory(st) {
                guard let root = realPath(path) else { throw ToolError(.inputUnreadable, "cannot read folder '\(path)': \(reason(errno))") }
                var inDir: [(path: String, real: String)] = []
                var walked: Set<String> = []
                try walk(path, real: root, root: (path, root), into: &inDir, walked: &walked)
                if inDir.isEmpty { throw ToolError(.inputNoRules, "no .rules files in \(path)") }
                found += inDir.sorted { $0.path < $1.path }
            } else {
                found.append((path, realPath(path) ?? path))
            }
        }
        var seen = Set<String>()
        var files: [SourceFile] = []
        for f in found where seen.insert(f.real).inserted {
            files.append(SourceFile(path: f.path, bytes: try read(f.path)))
        }
        return files
    }

    /// Adds the `.rules` files under the folder `dir` (whose real path is
    /// `real`) to `out`, named from `root.path` as where they really are
    /// in the root; `walked` holds the folders already walked (a link back
    /// up would otherwise loop).
    static func walk(_ dir: String, real: String, root: (path: String, real: String),
                     into out: inout [(path: String, real: String)], walked: inout Set<String>) throws(ToolError) {
        guard walked.insert(real).inserted else { return }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir)
        } catch {
            throw ToolError(.inputUnreadable, "cannot read folder '\(dir)': \(openError(dir) ?? "it cannot be listed")")
        }
        for name in names.sorted() {
            let path = join(dir, name)
            var st = stat()
            guard lstat(path, &st) == 0 else { throw ToolError(.inputUnreadable, "cannot read '\(path)': \(reason(errno))") }
            var target = real == "/" ? "/" + name : real + "/" + name
            if (st.st_mode & S_IFMT) == S_IFLNK {
                let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
                guard stat(path, &st) == 0, let resolved = realPath(path) else {
                    throw ToolError(.inputUnreadable, "cannot read '\(path)': it is a symbolic link to '\(link)', which \(errno == ENOENT ? "does not exist" : reason(errno))")
                }
                // Only what would be read must stay inside: a folder, or a `.rules` file.
                guard isDirectory(st) || name.hasSuffix(".rules") else { continue }
                guard inside(resolved, root.real) else {
                    throw ToolError(.inputOutsideRules, "'\(path)' is a symbolic link to '\(link)', outside '\(root.path)': links in a rules folder are followed only inside it")
                }
                target = resolved
            }
            if isDirectory(st) {
                try walk(path, real: target, root: root, into: &out, walked: &walked)
            } else if name.hasSuffix(".rules") {
                guard (st.st_mode & S_IFMT) == S_IFREG else {
                    throw ToolError(.inputUnreadable, "cannot read '\(path)': it is not a regular file")
                }
                out.append((join(root.path, relative(target, to: root.real)), target))
            }
        }
    }

    /// The bytes of the rule file at `path`; `input.unreadable`, with the
    /// system's reason, when it cannot be read.
    static func read(_ path: String) throws(ToolError) -> [UInt8] {
        if let why = openError(path) { throw ToolError(.inputUnreadable, "cannot read file '\(path)': \(why)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.inputUnreadable, "cannot read file '\(path)': \(reason(errno))")
        }
        return [UInt8](data)
    }

    static func isDirectory(_ st: stat) -> Bool { (st.st_mode & S_IFMT) == S_IFDIR }

    /// `path` with every link resolved, absolute; nil (and `errno`) when
    /// it cannot be resolved.
    static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// Whether the real path `path` is `root` or lies under it.
    static func inside(_ path: String, _ root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root + "/")
    }

    /// `path` (under `root`, both real) relative to `root`.
    static func relative(_ path: String, to root: String) -> String {
        if path == root { return "" }
        return String(path.dropFirst(root == "/" ? 1 : root.count + 1))
    }

    /// Why `path` cannot be opened for reading, in the system's words; nil
    /// when it can.
    static func openError(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        if fd < 0 { return reason(errno) }
        close(fd)
        return nil
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

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
