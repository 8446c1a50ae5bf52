import Testing
@testable import RulesDSL

private func d(_ s: String) -> Day { Day(s)! }

@Suite struct DayParsing {
    @Test(arguments: ["2021-05-10", "2020-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "1970-01-01"])
    func realDays(text: String) {
        #expect(Day(text)?.description == text)
    }

    @Test(arguments: ["2021-02-29", "1900-02-29", "2021-13-01", "2021-00-10", "2021-04-31", "2021-13-45",
                      "0000-01-01", "2021-1-1", "21-01-01", "2021/01/01", "2021-01-01x", ""])
    func notCalendarDays(text: String) {
        #expect(Day(text) == nil)
    }

    @Test func dayNumbers() {
        #expect(d("1970-01-01").number == 0)
        #expect(d("1970-01-02").number == 1)
        #expect(d("1969-12-31").number == -1)
        #expect(d("2000-03-01").number == 11017)
        #expect(d("2021-03-01").adding(days: -1) == d("2021-02-28"))
        #expect(d("2020-03-01").adding(days: -1) == d("2020-02-29"))
    }
}

@Suite struct DayArithmetic {
    @Test(arguments: [
        // 29 February + 1 year = 1 March; leap year to leap year keeps the day.
        ("2020-02-29", 12, "2021-03-01"),
        ("2020-02-29", 48, "2024-02-29"),
        ("2021-01-15", 1, "2021-02-15"),
        ("2021-12-15", 1, "2022-01-15"),
        ("2021-03-15", -15, "2019-12-15"),
        ("2021-04-30", 1, "2021-05-30"),
    ])
    func addingMonths(from: String, months: Int, to: String) {
        #expect(d(from).adding(months: months) == d(to))
    }

    @Test func addingYears() {
        #expect(d("2020-02-29").adding(years: 1) == d("2021-03-01"))
        #expect(d("2020-02-29").adding(years: 4) == d("2024-02-29"))
        #expect(d("2021-06-01").adding(years: 3) == d("2024-06-01"))
        #expect(d("2021-06-01").adding(years: -3) == d("2018-06-01"))
    }

    @Test func addingStaysInsideTheCalendar() {
        #expect(d("9999-06-01").adding(years: 5) == d("9999-12-31"))
        #expect(d("0001-06-01").adding(years: -5) == d("0001-01-01"))
    }

    @Test(arguments: [
        (Duration(96, .hours), "2021-06-05"),
        (Duration(24, .hours), "2021-06-02"),
        (Duration(14, .days), "2021-06-15"),
        (Duration(4, .weeks), "2021-06-29"),
        (Duration(3, .months), "2021-09-01"),
        (Duration(3, .years), "2024-06-01"),
    ])
    func durations(duration: Duration, expected: String) {
        #expect(duration.added(to: d("2021-06-01")) == d(expected))
    }

    @Test func subtractingDurations() {
        #expect(Duration(4, .weeks).added(to: d("2021-06-29"), sign: -1) == d("2021-06-01"))
        #expect(Duration(1, .years).added(to: d("2021-03-01"), sign: -1) == d("2020-03-01"))
    }

    @Test func durationText() {
        #expect(Duration(1, .weeks).description == "1 week")
        #expect(Duration(4, .weeks).description == "4 weeks")
        #expect(Duration(4, .weeks).danish == "4 uger")
        #expect(Duration(1, .months).danish == "1 måned")
        #expect(Duration(3, .months).danish == "3 måneder")
        #expect(Duration(1, .years).danish == "1 år")
        #expect(DurationUnit(word: "hour") == .hours)
        #expect(DurationUnit(word: "weeks") == .weeks)
        #expect(DurationUnit(word: "uger") == nil)
        #expect(DurationUnit(word: "Weeks") == nil)
    }
}

@Suite struct CompletedYearsAndMonths {
    @Test(arguments: [
        ("2010-06-02", "2021-06-01", 10),   // the day before the 11th birthday
        ("2010-06-02", "2021-06-02", 11),   // on the birthday
        ("2010-06-02", "2010-06-02", 0),    // born today
        ("2008-02-29", "2021-02-28", 12),   // a 29 February birthday is reached on 1 March
        ("2008-02-29", "2021-03-01", 13),
        ("2008-02-29", "2024-02-28", 15),
        ("2008-02-29", "2024-02-29", 16),
        ("2003-06-01", "2021-06-01", 18),
        ("2003-06-02", "2021-06-01", 17),
    ])
    func completedYears(born: String, on: String, age: Int) {
        #expect(d(born).completedYears(to: d(on)) == age)
    }

    @Test func noAgeBeforeBirth() {
        #expect(d("2021-06-02").completedYears(to: d("2021-06-01")) == nil)
        #expect(d("2021-06-02").completedMonths(to: d("2021-06-01")) == nil)
    }

    /// 12·years + months, minus one if the day of the month is earlier.
    @Test(arguments: [
        ("2021-01-31", "2021-02-28", 0),
        ("2021-01-31", "2021-03-01", 1),
        ("2021-01-15", "2021-03-14", 1),
        ("2021-01-15", "2021-03-15", 2),
        ("2020-12-20", "2021-01-19", 0),
        ("2020-12-20", "2021-01-20", 1),
        ("2019-05-10", "2021-06-01", 24),
        ("2019-05-10", "2021-06-10", 25),
        ("2020-02-29", "2021-02-28", 11),
        ("2020-02-29", "2021-03-01", 12),
        ("2021-06-01", "2021-06-01", 0),
    ])
    func completedMonths(from: String, to: String, months: Int) {
        #expect(d(from).completedMonths(to: d(to)) == months)
    }
}
