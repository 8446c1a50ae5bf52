// swift-tools-version: 6.2
// matchctl: a rules-based eligibility and program-matching engine.
// No third-party packages: the standard library, Foundation, Dispatch and the
// test frameworks only (municipal IT supply-chain rules).
//
// One module per concern (docs/ARCHITECTURE.md); each may import only the
// modules listed as its dependencies here.
import PackageDescription

let package = Package(
    name: "matchctl",
    // macOS 26: Span and UTF8Span, the safe byte views the profile readers parse.
    platforms: [.macOS(.v26)],
    products: [
        .executable(name: "matchctl", targets: ["matchctl"]),
        .library(name: "MatchService", targets: ["MatchService"]),
    ],
    targets: [
        // source → tokens → syntax → checked rules, and diagnostics. Pure: no I/O.
        .target(name: "RulesDSL"),
        // The engine: checked rules → program → decisions and explanations, as values.
        .target(name: "Matcher", dependencies: ["RulesDSL"]),
        // Decisions into words: Danish and English text, JSON, Markdown (later HTML).
        .target(name: "Reports", dependencies: ["RulesDSL", "Matcher"]),
        // Reading one profile: the JSON and CSV readers and the schema check.
        .target(name: "Profiles", dependencies: ["RulesDSL"]),
        // Batch screening: raw bytes in, counts and lines out. The only unsafe code.
        .target(name: "Screening", dependencies: ["RulesDSL", "Matcher", "Profiles"]),
        // The one service layer the command line (and a server) calls.
        .target(name: "MatchService", dependencies: ["RulesDSL", "Matcher", "Profiles", "Screening", "Reports"]),
        .executableTarget(name: "matchctl", dependencies: ["MatchService", "RulesDSL", "Matcher", "Profiles", "Screening", "Reports"]),
        .testTarget(name: "RulesDSLTests", dependencies: ["RulesDSL"]),
        .testTarget(name: "MatcherTests", dependencies: ["Matcher", "RulesDSL", "Profiles", "Screening", "MatchService", "Reports"]),
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "matchctlTests", dependencies: ["matchctl", "MatchService", "Matcher", "RulesDSL"], exclude: ["Fixtures", "Golden"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/, run by Fuzz/run.sh): declared only when
// MATCHCTL_FUZZ=1, which Fuzz/run.sh sets together with its own scratch path
// (.build-fuzz) and -sanitize=fuzzer,address, so the normal build and tests
// never see them or the fuzzer flags. Each target's main.swift hands its
// LLVMFuzzerTestOneInput to libFuzzer's LLVMFuzzerRunDriver (FuzzDriver
// declares it), since SwiftPM makes main.swift the program's main.
if Context.environment["MATCHCTL_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/Driver"))
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["MatchService", "RulesDSL"], path: "Fuzz/Support"))
    let fuzzTargets: [(String, [Target.Dependency])] = [
        ("fuzz-rules", ["RulesDSL", "Matcher"]),
        ("fuzz-profile-json", ["MatchService", "Profiles", "RulesDSL", "FuzzSupport"]),
        ("fuzz-csv", ["MatchService", "Profiles", "RulesDSL", "FuzzSupport"]),
        ("fuzz-screen-diff", ["MatchService", "Screening", "Matcher", "Profiles", "RulesDSL", "FuzzSupport"]),
    ]
    for (name, dependencies) in fuzzTargets {
        package.targets.append(.executableTarget(name: name, dependencies: dependencies + ["FuzzDriver"], path: "Fuzz/Targets/\(name)"))
    }
}
