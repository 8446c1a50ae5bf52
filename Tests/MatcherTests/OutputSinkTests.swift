import Foundation
import Testing
import RulesDSL
@testable import Matcher
@testable import Screening

/// The output layer never loses output silently: a write that fails is kept
/// and thrown by `finish`, with its errno (issue 15, finding 1: `screen`
/// exited 0 on a full disk after writing 953 of 200,000 lines).
@Suite struct OutputSinkTests {
    /// A write(2) stand-in that takes `room` bytes in all, then fails with
    /// `code`; it records every call.
    final class Disk {
        var room: Int
        let code: Int32
        var written: [UInt8] = []
        var calls = 0
        init(room: Int, failing code: Int32 = ENOSPC) { self.room = room; self.code = code }
        func write(_ b: UnsafeRawBufferPointer) -> Int {
            calls += 1
            guard room > 0 else { return -Int(code) }
            let n = min(room, b.count)
            written += b[..<n]
            room -= n
            return n
        }
    }

    @Test func aFullDiskIsKeptAndThrownAndNothingMoreIsWritten() {
        let disk = Disk(room: 95_300)
        let sink = OutputSink(fd: -1, capacity: 1 << 16, write: disk.write)
        let line = Array(#"{"id":"c00000","eligible":[],"undetermined":["kibb"]}"#.utf8) + [10]
        for _ in 0..<200_000 { sink.write(line) }
        #expect(sink.failure == OutputSink.Failure(code: ENOSPC))
        #expect(sink.bytesWritten == 95_300)
        #expect(disk.written.count == 95_300)
        let calls = disk.calls
        sink.write(line)
        sink.flush()
        #expect(disk.calls == calls, "written after the failure")
        #expect(throws: OutputSink.Failure(code: ENOSPC)) { try sink.finish() }
        #expect(OutputSink.Failure(code: ENOSPC).reason == String(cString: strerror(ENOSPC)))
    }

    /// The summary is one small write at the end: it must fail too, not
    /// leave an empty file behind an exit status of 0.
    @Test func aSmallLastWriteThatFailsIsThrown() {
        let disk = Disk(room: 0)
        let sink = OutputSink(fd: -1, capacity: 1 << 20, write: disk.write)
        sink.write(Array("{\"profiles\":3}\n".utf8))
        #expect(sink.failure == nil)  // still buffered
        #expect(throws: OutputSink.Failure(code: ENOSPC)) { try sink.finish() }
        #expect(disk.written.isEmpty)
    }

    @Test func partialWritesAndInterruptionsLoseNothing() throws {
        var out: [UInt8] = []
        var k = 0
        let sink = OutputSink(fd: -1, capacity: 10) { b in
            k += 1
            if k % 3 == 0 { return -Int(EINTR) }
            let n = min(b.count, k % 4 + 1)
            out += b[..<n]
            return n
        }
        let text = Array((0..<500).map { "line \($0)\n" }.joined().utf8)
        for chunk in stride(from: 0, to: text.count, by: 7) { sink.write(Array(text[chunk..<min(chunk + 7, text.count)])) }
        try sink.finish()
        #expect(out == text)
        #expect(sink.bytesWritten == text.count)
    }

    /// write(2) taking nothing of a non-empty buffer would loop forever.
    @Test func aWriteThatTakesNothingIsAFailure() {
        let sink = OutputSink(fd: -1, capacity: 0) { _ in 0 }
        sink.write([1, 2, 3])
        #expect(sink.failure == OutputSink.Failure(code: EIO))
    }

    /// A real pipe whose reader has gone: `EPIPE` (the tool ignores SIGPIPE,
    /// as this test process must to see the error instead of dying).
    @Test func aPipeWithoutAReaderIsEPIPE() throws {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[0])
        defer { close(fds[1]) }
        let sink = OutputSink(fd: fds[1], capacity: 0)
        sink.write(Array("x\n".utf8))
        #expect(throws: OutputSink.Failure(code: EPIPE)) { try sink.finish() }
    }

    @Test func aClosedDescriptorIsEBADF() {
        let fd = open("/dev/null", O_WRONLY)
        close(fd)
        let sink = OutputSink(fd: fd, capacity: 0)
        sink.write([10])
        #expect(sink.failure == OutputSink.Failure(code: EBADF))
    }

    /// The screen goes on to count every profile when its output fails, and
    /// the failure is there at the end.
    @Test(arguments: [ScreenOptions.Format.jsonl, .csv])
    func aScreenIntoAFullDiskCountsEverythingAndFails(format: ScreenOptions.Format) throws {
        let m = matcher(offer("pass", "eligible when { age between 6 and 17 }"))
        let lines = (0..<20_000).map { #"{"id": "c\#($0)", "municipality": "roskilde", "birth_date": "2011-03-04"}"# }
        let path = NSTemporaryDirectory() + "matchctl-sink-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = ScreenOptions(date: Day("2021-06-01")!)
        options.format = format
        options.jobs = 2
        options.chunkSize = 1 << 14
        let disk = Disk(room: 9_530)
        let sink = OutputSink(fd: -1, capacity: 1 << 12, write: disk.write)
        let summary = Screener(matcher: m, options: options).run(source: try ByteSource(path: path, chunkSize: 1 << 14), into: sink, error: { _ in })
        #expect(summary.profiles == 20_000)
        #expect(disk.written.count == 9_530)
        #expect(throws: OutputSink.Failure(code: ENOSPC)) { try sink.finish() }
    }
}
