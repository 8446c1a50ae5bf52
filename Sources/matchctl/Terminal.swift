import Foundation
import RulesDSL

/// Standard streams, colour decisions and the clock, in one place.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour only on a terminal, and never with NO_COLOR set.
    static func useColor(_ fd: Int32) -> Bool {
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return isTTY(fd)
    }

    static func write(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    static func error(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
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
