import RulesDSL

/// One citizen's facts in slots, ready for evaluation. Reused across
/// profiles in batch screening: `reset` clears without freeing memory.
@usableFromInline package struct Facts: Sendable {
    @usableFromInline package var values: [Int64]
    /// List elements, each `fieldCount` slots, one list after the other.
    @usableFromInline package var elements: [Int64] = []
    /// Per list: offset of its first element in `elements`, and its element
    /// count (-1: the list itself is unknown).
    @usableFromInline package var listStart: [Int32]
    @usableFromInline package var listCount: [Int32]

    @usableFromInline package init(program: Program) {
        values = Array(repeating: Slot.unknown, count: program.slotCount)
        listStart = Array(repeating: 0, count: program.lists.count)
        listCount = Array(repeating: -1, count: program.lists.count)
    }

    @usableFromInline package mutating func reset() {
        for i in values.indices { values[i] = Slot.unknown }
        elements.removeAll(keepingCapacity: true)
        for i in listCount.indices { listCount[i] = -1; listStart[i] = 0 }
    }

    /// Fills the slots from a resolved profile.
    @usableFromInline package init(program: Program, profile: Profile) {
        self.init(program: program)
        fill(from: profile, program: program)
    }

    /// Resets the slots and fills them from a resolved profile, keeping the
    /// memory (batch screening reuses one `Facts` per job).
    @usableFromInline package mutating func fill(from profile: Profile, program: Program) {
        reset()
        for (i, v) in profile.facts.enumerated() {
            guard let v else { continue }
            let slot = program.factSlot[i]
            if slot >= 0 {
                values[Int(slot)] = Facts.encode(v, program)
            } else if case .list(let rows) = v {
                let li = Int(program.listOfFact[i])
                let width = program.lists[li].fieldCount
                listStart[li] = Int32(elements.count)
                listCount[li] = Int32(rows.count)
                for row in rows {
                    for f in 0..<width {
                        elements.append(f < row.count ? (row[f].map { Facts.encode($0, program) } ?? Slot.unknown) : Slot.unknown)
                    }
                }
            }
        }
        for (i, v) in profile.assessments.enumerated() {
            if let v { values[Int(program.assessmentSlot[i])] = Facts.encode(v, program) }
        }
    }

    static func encode(_ v: ProfileValue, _ program: Program) -> Int64 {
        switch v {
        case .bool(let b): return b ? 1 : 0
        case .int(let i): return Int64(i)
        case .date(let d): return Int64(d.number)
        case .string(let s): return program.stringIndex(s)
        case .enumValue(let e): return Int64(e)
        case .list: return Slot.unknown
        }
    }
}
