/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
///
/// All date arithmetic of the rules language lives here: adding durations,
/// completed years and months between two days, the 29 February rule.
public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
    @usableFromInline package var number: Int32

    @inlinable package init(number: Int32) { self.number = number }

    /// The first and last days a `Day` is made for: 0001-01-01 and
    /// 9999-12-31 (the years a date literal or a profile's date can name).
    package static let first = Day(number: -719_162)
    package static let last = Day(number: 2_932_896)

    /// nil unless `number` lies in `first … last`: for a day number computed
    /// at run time (a shifted date), which may have left the calendar.
    @inlinable package init?(validNumber n: Int64) {
        guard n >= -719_162, n <= 2_932_896 else { return nil }
        self.number = Int32(n)
    }

    /// nil unless `year-month-day` is a real calendar day (years 1–9999).
    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1, year <= 9999, month >= 1, month <= 12, day >= 1,
              day <= Day.daysIn(year: year, month: month) else { return nil }
        self.number = Int32(Day.daysFromCivil(year, month, day))
    }

    /// Parses exactly `YYYY-MM-DD`.
    package init?(iso: some Collection<UInt8>) {
        let b = Array(iso)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses exactly `YYYY-MM-DD`; nil unless it is a real calendar day.
    public init?(_ iso: String) { self.init(iso: Array(iso.utf8)) }

    /// Earlier days first.
    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    /// The calendar year, month (1–12) and day of the month (1–31).
    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(number)) }

    /// The day as `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    package static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    package static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    package func adding(days: Int) -> Day { Day(number: Int32(clamping: Int(number) + days)) }

    /// Adds calendar months; a day the target month lacks moves to the first
    /// of the next month (31 January + 1 month = 1 March, and 29 February +
    /// 12 months = 1 March in a common year), so that a birthday on 29
    /// February is reached on 1 March in other years, and a month after 31
    /// January is complete on 1 March, as `completedMonths` counts.
    package func adding(months: Int) -> Day {
        let (y, m, d) = components
        let total = (y * 12 + (m - 1)) + months
        let ny = total / 12, nm = total % 12 + 1
        guard ny >= 1, ny <= 9999 else { return ny < 1 ? Day(number: Int32(Day.daysFromCivil(1, 1, 1))) : Day(number: Int32(Day.daysFromCivil(9999, 12, 31))) }
        let first = Day.daysFromCivil(ny, nm, 1)
        if d > Day.daysIn(year: ny, month: nm) {
            // The target month lacks the day: the first of the next month.
            return Day(number: Int32(first + Day.daysIn(year: ny, month: nm)))
        }
        return Day(number: Int32(first + d - 1))
    }

    package func adding(years: Int) -> Day { adding(months: years * 12) }

    /// `adding(months:)`, or nil when the month reached is outside years
    /// 1–9999 (instead of the first or last day). `months` must be small
    /// enough not to overflow (`Duration.limit` keeps it so).
    package func exactlyAdding(months: Int) -> Day? {
        let (y, m, _) = components
        let total = y * 12 + (m - 1) + months
        guard total >= 12, total < 10000 * 12 else { return nil }
        return Day(validNumber: Int64(adding(months: months).number))
    }

    /// Completed years from `self` to `to` (an age); nil when `to` is earlier.
    package func completedYears(to: Day) -> Int? {
        guard to >= self else { return nil }
        let (y1, _, _) = components, (y2, _, _) = to.components
        var n = y2 - y1
        if adding(years: n) > to { n -= 1 }
        return n
    }

    /// Completed months from `self` to `to`: 12·(years) + (months), minus one
    /// when `to`'s day of the month is before `self`'s; nil when `to` is earlier.
    package func completedMonths(to: Day) -> Int? {
        guard to >= self else { return nil }
        let (y1, m1, d1) = components, (y2, m2, d2) = to.components
        var n = 12 * (y2 - y1) + (m2 - m1)
        if d2 < d1 { n -= 1 }
        return n
    }

    // Howard Hinnant's civil-from-days algorithms.
    @inlinable package static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    @inlinable package static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// The units of a duration literal.
package enum DurationUnit: String, Sendable, CaseIterable {
    case hours, days, weeks, months, years

    /// Accepts singular and plural English forms.
    package init?(word: String) {
        switch word {
        case "hour", "hours": self = .hours
        case "day", "days": self = .days
        case "week", "weeks": self = .weeks
        case "month", "months": self = .months
        case "year", "years": self = .years
        default: return nil
        }
    }
}

/// `4 weeks`, `96 hours`, `3 months`.
package struct Duration: Sendable, Hashable, CustomStringConvertible {
    package var amount: Int
    package var unit: DurationUnit

    package init(_ amount: Int, _ unit: DurationUnit) {
        self.amount = amount
        self.unit = unit
    }

    package var description: String {
        let word = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(word)"
    }

    /// Danish rendering: `4 uger`, `3 måneder`.
    package var danish: String {
        let one = amount == 1
        switch unit {
        case .hours: return "\(amount) \(one ? "time" : "timer")"
        case .days: return "\(amount) \(one ? "dag" : "dage")"
        case .weeks: return "\(amount) \(one ? "uge" : "uger")"
        case .months: return "\(amount) \(one ? "måned" : "måneder")"
        case .years: return "\(amount) år"
        }
    }

    /// The largest amount of each unit the checker accepts in a duration:
    /// the span of the calendar (`Day.first … Day.last`, 3,652,058 days), so
    /// that a duration's arithmetic never overflows.
    package static func limit(_ unit: DurationUnit) -> Int {
        let days = Int(Day.last.number - Day.first.number)
        switch unit {
        case .hours: return days * 24
        case .days: return days
        case .weeks: return days / 7
        case .months: return 9999 * 12
        case .years: return 9999
        }
    }

    /// The day `amount` units after (or, negated, before) `day`; nil when
    /// that day is outside `Day.first … Day.last` (or the amount beyond
    /// `limit`). Hours must be whole days (checked by the checker).
    package func added(to day: Day, sign: Int = 1) -> Day? {
        guard amount.magnitude <= UInt(Duration.limit(unit)) else { return nil }
        let n = amount * (sign < 0 ? -1 : 1)
        switch unit {
        case .hours: return Day(validNumber: Int64(day.number) + Int64(n / 24))
        case .days: return Day(validNumber: Int64(day.number) + Int64(n))
        case .weeks: return Day(validNumber: Int64(day.number) + Int64(7 * n))
        case .months: return day.exactlyAdding(months: n)
        case .years: return day.exactlyAdding(months: 12 * n)
        }
    }
}
