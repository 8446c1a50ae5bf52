import Foundation
import MatchService
import Matcher
import Profiles
import Screening
import RulesDSL

/// In-process timings of the matcher, for the benchmark scripts: how long
/// loading, compiling and evaluating one profile take, as medians.
enum BenchCommand {
    static let options = ruleOptions + [
        OptionSpec(name: "--profile", value: "FILE", help: "The citizen's profile (JSON)"),
        OptionSpec(name: "--iterations", value: "N", help: "Timed repetitions of each step (default: 2000)"),
        OptionSpec(name: "--help", value: nil, help: "Show this help"),
    ]

    static var help: String {
        """
        USAGE: matchctl bench --profile FILE [options]

        Times, inside one process, the steps of 'matchctl match': loading and
        checking the rules, compiling them, reading the profile, deciding every
        offer (the batch path) and evaluating every offer with reasons (the
        caseworker's path). Prints the median and the 10th/90th percentiles.

        OPTIONS:
        \(optionsHelp(options))
        """
    }

    static func run(_ args: [String]) throws(ToolError) {
        let a = try parseArguments(args, specs: options, command: "bench")
        if a.flag("--help") { try Terminal.write(help); return }
        var n = 2000
        if let v = a.value("--iterations") {
            guard let k = Int(v), k >= 1 else { throw ToolError(.usageBadValue, "--iterations must be a whole number of at least 1, not '\(v)'", command: "bench") }
            n = k
        }
        guard let path = a.value("--profile") else { throw ToolError(.usageMissingArgument, "missing --profile FILE", command: "bench") }
        if path == "-" { throw ToolError(.usageBadValue, "bench reads the profile many times: give a file, not '-'", command: "bench") }
        let today = try parseDate(a.value("--date"))
        let files = try RuleLoader.files(at: RuleBook.paths(given: a.value("--rules")))
        let s = try RuleBook.load(files: files, date: today)
        let bytes = try RuleBook.profileBytes(atPath: path)
        let profile = try s.profile(from: bytes, name: path, date: today)

        func time(_ runs: Int, _ body: () -> Void) -> [Double] {
            var out: [Double] = []
            out.reserveCapacity(runs)
            for _ in 0..<runs {
                let t0 = DispatchTime.now().uptimeNanoseconds
                body()
                out.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
            }
            return out.sorted()
        }
        func row(_ name: String, _ us: [Double]) -> String {
            let p = { (q: Double) in us[min(us.count - 1, Int(Double(us.count) * q))] }
            return name.padding(36) + String(format: "%12.2f %12.2f %12.2f\n", p(0.5), p(0.1), p(0.9))
        }
        var sink = 0
        let small = max(5, n / 100)
        var out = "step".padding(36) + "  median µs      p10 µs       p90 µs\n"
        out += row("load and check the rules", time(small) { sink &+= Frontend.load(files, today: today).0.offers.count })
        out += row("compile", time(small) { sink &+= Compiler.compile(s.rules).nodes.count })
        let decoder = ProfileDecoder(rules: s.rules)
        out += row("read and validate the profile", time(n) { sink &+= (try? decoder.decode(bytes, today: today))?.facts.count ?? 0 })
        let facts = Facts(program: s.matcher.program, profile: profile)
        out += row("decide all \(s.rules.offers.count) offers (batch path)", time(n) { sink &+= s.matcher.statuses(facts: facts, today: today).count })
        out += row("evaluate all offers with reasons", time(max(5, n / 10)) { sink &+= s.matcher.evaluateAll(profile: profile, today: today).count })
        out += "(\(n) iterations; checksum \(sink % 10))\n"
        try Terminal.write(out)
    }
}
