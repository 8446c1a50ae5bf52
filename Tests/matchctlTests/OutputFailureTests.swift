import Foundation
import Testing

/// Output that cannot be written is an error for every command: exit
/// status 2 and `matchctl: error: cannot write standard output: REASON`,
/// never 0 and never a trap (issue 15, finding 1).
@Suite(.serialized) struct OutputFailureTests {
    static let good = "Tests/matchctlTests/Fixtures/good"
    static let profile = "Examples/profile-amira.json"

    /// Every command and format, with what it writes on success.
    static let commands: [[String]] = [
        ["match", "--profile", profile, "--date", "2021-06-01"],
        ["match", "--profile", profile, "--date", "2021-06-01", "--format", "json"],
        ["explain", "stv_foetex", "--profile", profile, "--date", "2021-06-01"],
        ["offers"],
        ["offers", "--format", "json"],
        ["offers", "--format", "markdown"],
        ["check", "Rules", "--date", "2021-06-01"],
        ["check", "Rules", "--date", "2021-06-01", "--format", "json"],
        ["test", good, "--date", "2021-06-01"],
        ["screen", "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl", "--date", "2021-06-01", "--format", "jsonl"],
        ["screen", "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl", "--date", "2021-06-01", "--format", "csv"],
        ["screen", "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl", "--date", "2021-06-01", "--format", "summary"],
        ["screen", "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl", "--date", "2021-06-01", "--format", "summary", "--human"],
        ["bench", "--profile", profile, "--iterations", "1"],
        ["--help"],
        ["match", "--help"],
        ["--version"],
    ]

    static let full = "matchctl: error: cannot write standard output: No space left on device\n"

    @Test(arguments: commands)
    func devFullIsAnError(args: [String]) throws {
        let r = try matchctl(args, stdoutTo: "/dev/full")
        #expect(r.status == 2)
        #expect(r.stderr == Self.full)
    }

    /// The launcher the following tests run matchctl through: it gives
    /// SIGPIPE and SIGXFSZ their default action (a test runner or shell may
    /// have them ignored, which would hide a tool that does not), then sets
    /// standard output up as `mode` says, and a file size limit.
    static let launcher = #"""
    import os, resource, signal, sys
    mode, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for s in (signal.SIGPIPE, signal.SIGXFSZ):
        signal.signal(s, signal.SIG_DFL)
    if mode == "closed":
        os.close(1)
    elif mode == "pipe":
        r, w = os.pipe()
        os.close(r)
        os.dup2(w, 1)
    elif mode == "file":
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
    if limit > 0:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    os.execv(sys.argv[4], sys.argv[4:])
    """#

    struct Launched {
        var status: Int32
        var signalled: Bool
        var stderr: String
    }

    /// Runs matchctl with standard output `mode` ("closed", "pipe": a pipe
    /// whose reader has gone, "file": `path`) and at most `limit` bytes per
    /// file (0: no limit).
    static func launch(_ args: [String], mode: String, path: String = "", limit: Int = 0) throws -> Launched {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", launcher, mode, path, String(limit), matchctlPath()] + args
        p.currentDirectoryURL = URL(fileURLWithPath: repoRoot)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "MATCHCTL_RULES")
        p.environment = environment
        let err = Pipe()
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Launched(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal,
                        stderr: String(decoding: e, as: UTF8.self))
    }

    /// A caseload of `n` valid lines, in a temporary file.
    static func caseload(_ n: Int) throws -> String {
        let path = NSTemporaryDirectory() + "matchctl-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        var text = ""
        text.reserveCapacity(n * 80)
        for i in 0..<n { text += #"{"id": "c\#(i)", "municipality": "roskilde", "birth_date": "2011-03-04"}"# + "\n" }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let some: [[String]] = [
        ["match", "--profile", profile, "--date", "2021-06-01"],
        ["offers", "--format", "json"],
        ["check", "Rules", "--date", "2021-06-01", "--format", "json"],
        ["screen", "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl", "--date", "2021-06-01", "--format", "jsonl"],
        ["screen", "Tests/matchctlTests/Golden/profiles/caseload-300.jsonl", "--date", "2021-06-01", "--format", "summary"],
    ]

    /// `matchctl … >&-`: no trap, no silent exit 0.
    @Test(arguments: some)
    func aClosedStandardOutputIsAnError(args: [String]) throws {
        let r = try Self.launch(args, mode: "closed")
        #expect(!r.signalled)
        #expect(r.status == 2)
        #expect(r.stderr == "matchctl: error: cannot write standard output: \(String(cString: strerror(EBADF)))\n")
    }

    /// `matchctl … | head` once head has gone: EPIPE is reported, with
    /// status 2, instead of death by SIGPIPE (status 141 from a shell).
    @Test(arguments: some)
    func aPipeWithoutAReaderIsAnError(args: [String]) throws {
        let r = try Self.launch(args, mode: "pipe")
        #expect(!r.signalled, "killed by a signal")
        #expect(r.status == 2)
        #expect(r.stderr == "matchctl: error: cannot write standard output: \(String(cString: strerror(EPIPE)))\n")
    }

    /// The original input: 200,000 lines screened into a file that may grow
    /// to 200 KB (a file size limit: the write fails with EFBIG, instead of
    /// SIGXFSZ killing the process), and a summary into a file that may not
    /// grow at all. Both fail; neither is exit 0 with part of the output.
    /// (Not under the thread sanitizer: its runtime itself dies of SIGBUS in
    /// a process with a file-size limit, before matchctl writes a byte; the
    /// address sanitizer and the normal run cover it.)
    @Test(.disabled(if: ProcessInfo.processInfo.environment["MATCHCTL_SANITIZER"] == "thread",
                    "the thread sanitizer's runtime faults under RLIMIT_FSIZE"),
          arguments: [("jsonl", 200_000), ("csv", 200_000), ("summary", 1)])
    func aFileSizeLimitIsAnError(format: String, limit: Int) throws {
        let input = try Self.caseload(200_000)
        let output = input + ".\(format).out"
        defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: output) }
        let r = try Self.launch(["screen", input, "--rules", Self.good, "--date", "2021-06-01", "--format", format, "--quiet"], mode: "file", path: output, limit: limit)
        #expect(!r.signalled, "killed by a signal")
        #expect(r.status == 2)
        #expect(r.stderr == "matchctl: error: cannot write standard output: \(String(cString: strerror(EFBIG)))\n")
        let size = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int ?? -1
        #expect(size <= limit)
    }

    #if os(Linux)
    /// A new tmpfs of 200 KB, mounted on a temporary folder, when this
    /// process may mount one (root, with the right to mount); nil elsewhere.
    static func smallFilesystem() -> String? {
        guard getuid() == 0 else { return nil }
        let dir = NSTemporaryDirectory() + "matchctl-tmpfs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return nil }
        guard mount("tmpfs", dir, "tmpfs", 0, "size=200k") == 0 else {
            try? FileManager.default.removeItem(atPath: dir)
            return nil
        }
        return dir
    }

    static func unmount(_ dir: String) {
        umount2(dir, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Whether the next test can run here; elsewhere (no right to mount) it
    /// is skipped, and the file size limit above and the failures injected
    /// in `OutputSinkTests` cover the same path.
    static let canMount: Bool = {
        guard let dir = smallFilesystem() else { return false }
        unmount(dir)
        return true
    }()

    /// The original report: a 200 KB filesystem. The lines fill it; the
    /// summary comes when it is already full. Both fail with ENOSPC.
    @Test(.enabled(if: canMount, "needs the right to mount a tmpfs"), arguments: ["jsonl", "summary"])
    func aFullFilesystemIsAnError(format: String) throws {
        let dir = try #require(Self.smallFilesystem())
        defer { Self.unmount(dir) }
        let input = try Self.caseload(200_000)
        defer { try? FileManager.default.removeItem(atPath: input) }
        if format == "summary" {
            let fd = open(dir + "/filler", O_WRONLY | O_CREAT, 0o644)
            #expect(fd >= 0)
            let block = [UInt8](repeating: 0, count: 4096)
            while write(fd, block, block.count) > 0 {}
            close(fd)
        }
        let output = dir + "/out." + format
        let r = try Self.launch(["screen", input, "--rules", Self.good, "--date", "2021-06-01", "--format", format, "--quiet"], mode: "file", path: output)
        #expect(!r.signalled, "killed by a signal")
        #expect(r.status == 2)
        #expect(r.stderr == "matchctl: error: cannot write standard output: \(String(cString: strerror(ENOSPC)))\n")
    }
    #endif
}
