/// Records every node result of one offer's evaluation, for explanations.
@usableFromInline package struct ExplainTrace: Tracer {
    @usableFromInline package static var complete: Bool { true }
    var truths: [Int64: Truth] = [:]
    var values: [Int64: Int64] = [:]

    @usableFromInline package init() {}

    @inline(__always) static func key(_ node: Int32, _ element: Int32) -> Int64 {
        (Int64(node) << 32) | Int64(UInt32(bitPattern: element))
    }

    @usableFromInline package mutating func record(node: Int32, element: Int32, truth: Truth) {
        truths[ExplainTrace.key(node, element)] = truth
    }

    @usableFromInline package mutating func record(node: Int32, element: Int32, value: Int64) {
        values[ExplainTrace.key(node, element)] = value
    }

    @usableFromInline package func recorded(node: Int32, element: Int32) -> Truth? { truth(node, element) }
    @usableFromInline package func recordedValue(node: Int32, element: Int32) -> Int64? { value(node, element) }

    @usableFromInline package func truth(_ node: Int32, _ element: Int32) -> Truth? { truths[ExplainTrace.key(node, element)] }
    @usableFromInline package func value(_ node: Int32, _ element: Int32) -> Int64? { values[ExplainTrace.key(node, element)] }
}
