import Foundation
import MatchService
import RulesDSL
import Screening

/// Standard streams, colour decisions and the clock, in one place.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour only on a terminal, and never with NO_COLOR set.
    static func useColor(_ fd: Int32) -> Bool {
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return isTTY(fd)
    }

    /// Called once, first: a write to a pipe whose reader has gone, or past
    /// a file size limit (`ulimit -f`), then fails with `EPIPE` or `EFBIG`,
    /// which is reported like any write that fails, instead of killing the
    /// process with SIGPIPE or SIGXFSZ and no message.
    static func reportWriteFailures() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }

    /// Writes `s` to standard output, at once; a write that fails is
    /// `output.unwritable`. Every command's output goes here or through an
    /// `OutputSink` ended with `finish`.
    static func write(_ s: String) throws(ToolError) {
        let sink = OutputSink(fd: 1, capacity: 0)
        sink.write(Array(s.utf8))
        try finish(sink)
    }

    /// Writes out what `sink` holds: `output.unwritable` if any write to it
    /// failed (the output is then incomplete).
    static func finish(_ sink: OutputSink, name: String = "standard output") throws(ToolError) {
        do {
            try sink.finish()
        } catch {
            throw ToolError.unwritable(name, reason: error.reason)
        }
    }

    /// Writes `s` to standard error. Failures are reported there, so one
    /// writing it cannot be; the exit status still tells.
    static func error(_ s: String) {
        let sink = OutputSink(fd: 2, capacity: 0)
        sink.write(Array(s.utf8))
        sink.flush()
    }
}

enum Clock {
    /// Today's date in the local time zone.
    static func today() -> Day {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return Day(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday)) ?? Day(number: 0)
    }
}
