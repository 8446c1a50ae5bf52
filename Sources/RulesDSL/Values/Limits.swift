/// The bounds of the numbers in a rule set.
package enum Limits {
    /// An integer constant, and every number a rule computes, lies in
    /// −2^62…2^62: the values an int fact holds, with room on either side so
    /// that a sum or difference of two of them cannot overflow a 64-bit
    /// integer, and far from the engine's markers for unknown and no value
    /// (−2^63 and −2^63+1).
    package static let int = -(1 << 62)...(1 << 62)
}
