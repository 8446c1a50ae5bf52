/// Records every node result of one offer's evaluation, for explanations.
public struct ExplainTrace: Tracer {
    public static var complete: Bool { true }
    var truths: [Int64: Truth] = [:]
    var values: [Int64: Int64] = [:]

    public init() {}

    @inline(__always) static func key(_ node: Int32, _ element: Int32) -> Int64 {
        (Int64(node) << 32) | Int64(UInt32(bitPattern: element))
    }

    public mutating func record(node: Int32, element: Int32, truth: Truth) {
        truths[ExplainTrace.key(node, element)] = truth
    }

    public mutating func record(node: Int32, element: Int32, value: Int64) {
        values[ExplainTrace.key(node, element)] = value
    }

    public func truth(_ node: Int32, _ element: Int32) -> Truth? { truths[ExplainTrace.key(node, element)] }
    public func value(_ node: Int32, _ element: Int32) -> Int64? { values[ExplainTrace.key(node, element)] }
}
