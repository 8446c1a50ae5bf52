import Foundation
import Matcher
import RulesDSL

extension RuleBook {
    /// Runs the tests written in the rule files (`date` for tests that give
    /// none); with `coverage` (or a `minCoverage`) measures what they cover,
    /// with `mutate` moves every bound by one each way.
    public func runTests(date: Day, coverage: Bool, minCoverage: Double?, mutate: Bool) -> RuleTestRun {
        let measure = coverage || minCoverage != nil
        let report = RuleTestRunner(matcher: matcher).run(defaultDate: date, keepResults: measure)
        return RuleTestRun(
            report: report,
            coverage: measure ? Coverage.measure(matcher: matcher, report: report) : nil,
            minCoverage: minCoverage,
            mutations: mutate ? BoundaryMutations(matcher: matcher).survivors(defaultDate: date) : nil)
    }
}

/// What a run of the rule tests found.
public struct RuleTestRun: Sendable {
    /// How many tests ran and expectations they checked, and those that do not hold.
    public package(set) var report: RuleTestRunner.Report
    /// Measured with `coverage` or a minimum.
    public package(set) var coverage: Coverage?
    /// The least coverage asked for, as a percentage.
    public package(set) var minCoverage: Double?
    /// With `mutate`: how many moved bounds there were and those no test noticed.
    public package(set) var mutations: (mutants: Int, survivors: [BoundaryMutations.Survivor])?

    /// Tests with at least one failed expectation.
    public var failedTests: Int { Set(report.failures.map(\.test)).count }

    /// Coverage was measured and is below `minCoverage`.
    public var coverageIsBelowMinimum: Bool {
        guard let m = minCoverage, let c = coverage else { return false }
        return c.percent + 1e-9 < m
    }

    /// Why the run fails, if it does: a test failed, coverage is below the
    /// minimum, or a bound is not pinned down (in that order). The report
    /// itself says so, so the text form shows nothing more.
    public var failure: ToolError? {
        if failedTests > 0 {
            return ToolError(.testFailed, "\(failedTests) of \(report.tests) tests failed", form: .reported)
        }
        if coverageIsBelowMinimum, let c = coverage, let m = minCoverage {
            return ToolError(.testCoverageLow, String(format: "coverage %.1f%% is below the minimum of %.1f%%", c.percent, m), form: .reported)
        }
        if let survivors = mutations?.survivors, !survivors.isEmpty {
            return ToolError(.testBoundsNotPinned, "\(survivors.count) moved bound\(survivors.count == 1 ? "" : "s") make no test fail", form: .reported)
        }
        return nil
    }
}
