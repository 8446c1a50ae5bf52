import Foundation
import MatchService
import RulesDSL
import Testing

/// A folder of rules is read whole or not at all, and nothing outside it
/// is read: links are followed inside the folder and refused where they
/// lead out; an unreadable part is an error, never skipped (issue 15,
/// finding 8).
@Suite(.serialized) struct RuleLoaderTests {
    /// A temporary folder, removed when the test ends.
    final class Tree {
        let path = NSTemporaryDirectory() + "matchctl-rules-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit {
            // What a test made unreadable is opened up again to be removed.
            if let all = FileManager.default.enumerator(atPath: path) {
                while let rel = all.nextObject() as? String { chmod(path + "/" + rel, 0o755) }
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        func file(_ rel: String, _ text: String = "# rules\n") throws {
            let p = path + "/" + rel
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        }
        func link(_ rel: String, to target: String) throws {
            let p = path + "/" + rel
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: p, withDestinationPath: target)
        }
    }

    func load(_ paths: [String]) throws(ToolError) -> [String] {
        try RuleLoader.files(at: paths).map(\.path)
    }

    func error(_ paths: [String]) -> ToolError? {
        do { _ = try load(paths); return nil } catch { return error }
    }

    @Test func aLinkedSubfolderInsideTheRootIsFollowedAndEachFileReadOnce() throws {
        let t = try Tree()
        try t.file("rules/schema.rules")
        try t.file("rules/.store/roskilde-2024/offers.rules")
        try t.link("rules/roskilde", to: ".store/roskilde-2024")
        try t.link("rules/hilleroed/schema.rules", to: "../schema.rules")
        let r = t.path + "/rules"
        // Named where each file really is in the folder.
        #expect(try load([r]) == [r + "/.store/roskilde-2024/offers.rules", r + "/schema.rules"])
    }

    /// The original report: a linked rules root was refused ("no .rules files").
    @Test func aLinkedRootIsRead() throws {
        let t = try Tree()
        try t.file("real/roskilde/offers.rules")
        try t.file("real/schema.rules")
        try t.link("current", to: "real")
        #expect(try load([t.path + "/current"]) == [t.path + "/current/roskilde/offers.rules", t.path + "/current/schema.rules"])
    }

    /// The original report: a linked municipality folder vanished, exit 0.
    @Test func aLinkedSubfolderOutsideTheRootIsAnError() throws {
        let t = try Tree()
        try t.file("rules/schema.rules")
        try t.file("elsewhere/roskilde/offers.rules")
        try t.link("rules/roskilde", to: "../elsewhere/roskilde")
        let e = try #require(error([t.path + "/rules"]))
        #expect(e.code == .inputOutsideRules)
        #expect(e.message == "'\(t.path)/rules/roskilde' is a symbolic link to '../elsewhere/roskilde', outside '\(t.path)/rules': links in a rules folder are followed only inside it")
    }

    /// The original report: a linked `.rules` file outside the folder was
    /// read, and its content quoted back as source excerpts.
    @Test func aLinkedFileOutsideTheRootIsAnErrorAndNotRead() throws {
        let t = try Tree()
        try t.file("rules/schema.rules")
        try t.file("secret.txt", "root:x:0:0:SECRET\n")
        try t.link("rules/offers.rules", to: t.path + "/secret.txt")
        let e = try #require(error([t.path + "/rules"]))
        #expect(e.code == .inputOutsideRules)
        #expect(!e.message.contains("SECRET"))
        let r = try matchctl(["check", t.path + "/rules"])
        #expect(r.status == 2)
        #expect(!r.stdout.contains("SECRET") && !r.stderr.contains("SECRET"))
        #expect(r.stderr.hasPrefix("matchctl: error: '\(t.path)/rules/offers.rules' is a symbolic link to '\(t.path)/secret.txt', outside"))
    }

    /// What is not read need not stay inside: a link to a file that is not
    /// a `.rules` file is left alone, wherever it leads.
    @Test func aLinkOutsideToAFileThatIsNotRulesIsLeftAlone() throws {
        let t = try Tree()
        try t.file("rules/schema.rules")
        try t.file("notes.txt")
        try t.link("rules/README", to: t.path + "/notes.txt")
        #expect(try load([t.path + "/rules"]) == [t.path + "/rules/schema.rules"])
    }

    @Test func aLinkBackUpDoesNotLoop() throws {
        let t = try Tree()
        try t.file("rules/roskilde/offers.rules")
        try t.link("rules/roskilde/up", to: "..")
        try t.link("rules/self", to: ".")
        #expect(try load([t.path + "/rules"]) == [t.path + "/rules/roskilde/offers.rules"])
    }

    @Test func aLinkThatLeadsNowhereIsAnError() throws {
        let t = try Tree()
        try t.file("rules/schema.rules")
        try t.link("rules/roskilde", to: "gone")
        let e = try #require(error([t.path + "/rules"]))
        #expect(e.code == .inputUnreadable)
        #expect(e.message == "cannot read '\(t.path)/rules/roskilde': it is a symbolic link to 'gone', which does not exist")
    }

    /// Files given twice, or through two paths, are read once.
    @Test func aFileGivenTwiceIsReadOnce() throws {
        let t = try Tree()
        try t.file("rules/roskilde/offers.rules")
        try t.file("rules/schema.rules")
        let r = t.path + "/rules"
        #expect(try load([r, r + "/roskilde", r + "/schema.rules"]) == [r + "/roskilde/offers.rules", r + "/schema.rules"])
    }

    // MARK: Unreadable parts, through the built tool

    /// Runs `matchctl args` as a user that chmod 000 stops: root reads
    /// through it, so as root the tool runs as `nobody` (65534).
    static func runUnprivileged(_ args: [String]) throws -> Run {
        guard getuid() == 0 else { return try matchctl(args) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import os, sys; os.setgroups([]); os.setgid(65534); os.setuid(65534); os.execv(sys.argv[1], sys.argv[1:])",
                       matchctlPath()] + args
        p.currentDirectoryURL = URL(fileURLWithPath: "/")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    /// Whether the tool can run unprivileged here and read a temporary
    /// folder (as `nobody`, the build and the temporary folder must be
    /// readable by all); if not, the two tests below are skipped, as root
    /// reads through chmod 000.
    static let canRunUnprivileged: Bool = {
        guard let t = try? Tree(), (try? rules(t)) != nil,
              let r = try? runUnprivileged(["offers", "--rules", t.path + "/rules"]) else { return false }
        return r.status == 0 && r.stdout.contains("kibb")
    }()

    static func rules(_ t: Tree) throws {
        try t.file("rules/schema.rules", "fact municipality: enum { roskilde } { label da \"Kommune\" en \"Municipality\" }\n")
        try t.file("rules/roskilde/offers.rules", """
            offer kibb {
              name da "KIBB" en "KIBB"
              municipality roskilde
              source "seed.txt" section "S"
              eligible when { municipality = roskilde }
            }

            """)
    }

    /// The original report: an unreadable municipality folder was skipped
    /// (its offers vanished) with exit status 0.
    @Test(.enabled(if: canRunUnprivileged, "chmod 000 does not stop root, and nobody cannot run the tool here"))
    func anUnreadableSubfolderIsAnError() throws {
        let t = try Tree()
        try Self.rules(t)
        chmod(t.path + "/rules/roskilde", 0)
        let r = try Self.runUnprivileged(["offers", "--rules", t.path + "/rules"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "matchctl: error: cannot read folder '\(t.path)/rules/roskilde': \(String(cString: strerror(EACCES)))\nRun 'matchctl offers --help' for its options.\n")
    }

    @Test(.enabled(if: canRunUnprivileged, "chmod 000 does not stop root, and nobody cannot run the tool here"))
    func anUnreadableRuleFileIsAnError() throws {
        let t = try Tree()
        try Self.rules(t)
        chmod(t.path + "/rules/roskilde/offers.rules", 0)
        let r = try Self.runUnprivileged(["check", t.path + "/rules"])
        #expect(r.status == 2)
        #expect(r.stderr == "matchctl: error: cannot read file '\(t.path)/rules/roskilde/offers.rules': \(String(cString: strerror(EACCES)))\nRun 'matchctl check --help' for its options.\n")
    }
}
