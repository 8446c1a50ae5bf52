// swift-tools-version: 6.0
// matchctl: a rules-based eligibility and program-matching engine.
// No third-party packages: the standard library, Foundation, Dispatch and the
// test frameworks only (municipal IT supply-chain rules).
import PackageDescription

let package = Package(
    name: "matchctl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "matchctl", targets: ["matchctl"]),
        .library(name: "RulesDSL", targets: ["RulesDSL"]),
        .library(name: "Matcher", targets: ["Matcher"]),
    ],
    targets: [
        .target(name: "RulesDSL"),
        .target(name: "Matcher", dependencies: ["RulesDSL"]),
        .executableTarget(name: "matchctl", dependencies: ["RulesDSL", "Matcher"]),
        .testTarget(name: "RulesDSLTests", dependencies: ["RulesDSL"]),
        .testTarget(name: "MatcherTests", dependencies: ["Matcher", "RulesDSL"]),
        .testTarget(name: "matchctlTests", dependencies: ["matchctl", "Matcher", "RulesDSL"], exclude: ["Fixtures", "Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
