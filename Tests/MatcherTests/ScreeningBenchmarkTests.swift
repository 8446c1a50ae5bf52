import Foundation
import Testing
import RulesDSL
@testable import Matcher
@testable import Profiles
@testable import Screening
@testable import MatchService

/// The screening benchmark of shared/bench: a 100,000-profile caseload from
/// its generator, screened with Benchmarks/rules, must give exactly the
/// expected eligible counts (correctness only; speed lives in Benchmarks/).
@Suite(.serialized) struct ScreeningBenchmarkTests {
    static let caseload: String? = {
        let path = NSTemporaryDirectory() + "matchctl-caseload-100000-\(getpid()).jsonl"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", shared + "/bench/gen_caseload.py", "--count", "100000", "--seed", "42"]
        guard FileManager.default.createFile(atPath: path, contents: nil), let out = FileHandle(forWritingAtPath: path) else { return nil }
        p.standardOutput = out
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        try? out.close()
        return p.terminationStatus == 0 ? path : nil
    }()

    func expected(_ date: String) throws -> [String: Int] {
        let data = try Data(contentsOf: URL(fileURLWithPath: shared + "/bench/expected/counts-100000-\(date).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Int])
    }

    @Test(arguments: ["2021-06-01", "2016-01-01"])
    func countsMatchTheExpectedOnes(date: String) throws {
        let path = try #require(Self.caseload, "could not run shared/bench/gen_caseload.py with python3")
        let (rules, diags, _) = try RuleLoader.load(paths: [repository + "/Benchmarks/rules"], today: Day(date)!)
        #expect(diags.filter { $0.severity == .error }.isEmpty)
        let matcher = Matcher(rules: rules)
        var options = ScreenOptions(date: Day(date)!)
        options.jobs = 2
        let screener = Screener(matcher: matcher, options: options)
        let source = try ByteSource(path: path, chunkSize: 1 << 20)
        var errors: [Screener.LineError] = []
        let summary = screener.run(source: source, write: { _ in }, error: { errors.append($0) })
        #expect(errors.isEmpty)
        #expect(summary.profiles == 100_000)
        var counts: [String: Int] = [:]
        for (i, o) in rules.offers.enumerated() { counts[o.id] = summary.count(i, .eligible) }
        #expect(counts == (try expected(date)))
        // Every profile has exactly one status per offer.
        for i in rules.offers.indices {
            #expect(summary.count(i, .eligible) + summary.count(i, .undetermined) + summary.count(i, .ineligible) == 100_000)
        }
    }
}
