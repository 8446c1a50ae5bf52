import RulesDSL

/// One entry of a token table: a key, an enum value or a rule-set text,
/// written as its JSON token `"name"` (quotes included), and what it maps to.
struct LineReaderEntry {
    /// Offset of the token in the byte pool, and its length with both quotes.
    var tokenStart: Int32 = 0
    var tokenLength: Int32 = 0
    /// What a key introduces (`Kind`); unused for values.
    var kind: UInt8 = LineReaderEntry.Kind.bail
    /// The value type of a key (`ValueKind`); unused for values.
    var type: UInt8 = LineReaderEntry.ValueKind.bail
    /// Bit for duplicate-key detection, one per distinct key in its object.
    var bit: UInt8 = 0
    /// A date whose key ends in `birth_date` and must not lie after today.
    var birthDate = false
    /// Top-level fact or assessment: its slot. Record field: its field index.
    /// List: its list index. Enum value or text: its index.
    var slot: Int32 = 0
    /// Enum keys: the scope of the enum's values. List keys: the record's scope.
    var scope: Int32 = 0
    /// Int keys: the allowed range. List keys: `lo` is the fact's index,
    /// `hi` the number of slots per element.
    var lo = Int64.min
    var hi = Int64.max

    enum Kind {
        static let scalar: UInt8 = 0, list: UInt8 = 1, id: UInt8 = 2, assessments: UInt8 = 3, bail: UInt8 = 4
    }
    enum ValueKind {
        static let bool: UInt8 = 0, int: UInt8 = 1, text: UInt8 = 2, date: UInt8 = 3, enumeration: UInt8 = 4, bail: UInt8 = 5
    }
}

/// The schema as byte tables, built once per program and never changed, so
/// that a line can be matched against it without creating any `String`.
///
/// Tokens are grouped in scopes (the top-level object, the assessments
/// object, each record, each enum's values, the rule set's texts); within a
/// scope they are bucketed by the first byte after the opening quote. The
/// memory is raw so the hot loop reads it without reference counting.
final class LineReaderTables: @unchecked Sendable {
    let entries: UnsafeMutablePointer<LineReaderEntry>
    /// Per scope 257 offsets into `entries` (CSR): bucket `b` of scope `s` is
    /// `entries[buckets[s * 257 + b] ..< buckets[s * 257 + b + 1]]`.
    let buckets: UnsafeMutablePointer<Int32>
    let pool: UnsafeMutablePointer<UInt8>
    let entryCount: Int, bucketCount: Int, poolCount: Int

    static let topScope: Int32 = 0
    static let assessmentScope: Int32 = 1
    static let textScope: Int32 = 2
    /// False when the schema cannot be read by the fast path at all (more
    /// than 256 top-level keys); every line then takes the general path.
    let fastPathEnabled: Bool
    /// The rule set's texts, for texts that are not Latin-1 (compared as `String`).
    let strings: [String]

    init(program: Program, rejectFutureBirthDates: Bool) {
        var b = Builder()
        let rules = program.rules
        let top = b.addScope(), assessmentScope = b.addScope(), textScope = b.addScope()
        precondition(top == Self.topScope && assessmentScope == Self.assessmentScope && textScope == Self.textScope)

        let enumScopes = rules.enums.map { e -> Int32 in
            let s = b.addScope()
            // The value index `index(of:)` finds: the first value equal to the input.
            var seen = Set<[UInt8]>()
            for (k, v) in e.values.enumerated() {
                guard let form = Self.latin1Form(v), seen.insert(form).inserted else { continue }
                var entry = LineReaderEntry()
                entry.slot = Int32(k)
                b.add(s, form, entry)
            }
            return s
        }
        do {
            // `stringIndex`: the first equal text.
            var seen = Set<[UInt8]>()
            for (k, text) in program.strings.enumerated() {
                guard let form = Self.latin1Form(text), seen.insert(form).inserted else { continue }
                var entry = LineReaderEntry()
                entry.slot = Int32(k)
                b.add(textScope, form, entry)
            }
        }

        func typed(_ type: ValueType, range: (lo: Int, hi: Int)?, name: String) -> LineReaderEntry {
            var e = LineReaderEntry()
            e.kind = LineReaderEntry.Kind.scalar
            switch type {
            case .bool: e.type = LineReaderEntry.ValueKind.bool
            case .int:
                e.type = LineReaderEntry.ValueKind.int
                if let range { e.lo = Int64(range.lo); e.hi = Int64(range.hi) }
            case .string: e.type = LineReaderEntry.ValueKind.text
            case .date:
                e.type = LineReaderEntry.ValueKind.date
                e.birthDate = rejectFutureBirthDates && name.hasSuffix("birth_date")
            case .enumeration(let k):
                e.type = LineReaderEntry.ValueKind.enumeration
                e.scope = enumScopes[k]
            case .list, .duration, .error:
                e.type = LineReaderEntry.ValueKind.bail
            }
            return e
        }

        // Records: a field is found by the first field of that name.
        var recordScopes: [Int32] = []
        for rec in rules.records {
            let s = b.addScope()
            recordScopes.append(s)
            var bits: [Int: UInt8] = [:]
            for f in rec.fields {
                let target = rec.fields.firstIndex { $0.name == f.name }!
                guard target < 256 else { continue }
                let field = rec.fields[target]
                var e = typed(field.type, range: field.range, name: field.name)
                e.slot = Int32(target)
                e.bit = bits[target] ?? UInt8(bits.count)
                bits[target] = e.bit
                b.add(s, Array(f.name.utf8), e)
            }
        }

        // Assessments: by name (the decoder's dictionary: the last one wins).
        var assessmentIndex: [String: Int] = [:]
        for (i, a) in rules.assessments.enumerated() { assessmentIndex[a.name] = i }
        var assessmentBits: [Int: UInt8] = [:]
        for a in rules.assessments {
            let target = assessmentIndex[a.name]!
            if assessmentBits[target] == nil {
                guard assessmentBits.count < 256 else { continue }
                assessmentBits[target] = UInt8(assessmentBits.count)
            }
            let type: ValueType = rules.assessments[target].enumType.map { .enumeration($0) } ?? .bool
            var e = typed(type, range: nil, name: a.name)
            e.birthDate = false  // assessments are checked without a date
            e.slot = program.assessmentSlot[target]
            e.bit = assessmentBits[target]!
            b.add(assessmentScope, Array(a.name.utf8), e)
        }

        // Top level: "id" and "assessments" first, then facts by name (last wins).
        var factIndex: [String: Int] = [:]
        for (i, f) in rules.facts.enumerated() { factIndex[f.name] = i }
        var topBits: [Int: UInt8] = [:]
        var enabled = true
        func bit(_ target: Int) -> UInt8 {
            if let x = topBits[target] { return x }
            if topBits.count >= 256 { enabled = false; return 0 }
            topBits[target] = UInt8(topBits.count)
            return topBits[target]!
        }
        var idEntry = LineReaderEntry(), assessmentsEntry = LineReaderEntry()
        idEntry.kind = LineReaderEntry.Kind.id
        idEntry.bit = bit(-1)
        assessmentsEntry.kind = LineReaderEntry.Kind.assessments
        assessmentsEntry.bit = bit(-2)
        b.add(top, Array("id".utf8), idEntry)
        b.add(top, Array("assessments".utf8), assessmentsEntry)
        for f in rules.facts where f.name != "id" && f.name != "assessments" {
            let target = factIndex[f.name]!
            let fact = rules.facts[target]
            var e = typed(fact.type, range: fact.range, name: fact.name)
            if case .list(let r) = fact.type {
                e.kind = LineReaderEntry.Kind.list
                e.slot = program.listOfFact[target]
                e.scope = recordScopes[r]
                e.lo = Int64(target)
                e.hi = e.slot < 0 ? 0 : Int64(program.lists[Int(e.slot)].fieldCount)
                if e.slot < 0 { e.kind = LineReaderEntry.Kind.bail }
            } else {
                e.slot = program.factSlot[target]
                if e.slot < 0 { e.kind = LineReaderEntry.Kind.bail }
            }
            e.bit = bit(target)
            b.add(top, Array(f.name.utf8), e)
        }
        fastPathEnabled = enabled
        strings = program.strings

        // Flatten: each scope's entries sorted by the byte after the quote.
        var flat: [LineReaderEntry] = []
        var bucketOffsets: [Int32] = []
        var poolBytes: [UInt8] = []
        for scope in b.scopes {
            let sorted = scope.enumerated().sorted { ($0.element.token[1], $0.offset) < ($1.element.token[1], $1.offset) }.map(\.element)
            var k = 0
            for byte in 0...256 {
                bucketOffsets.append(Int32(flat.count + k))
                while byte < 256, k < sorted.count, Int(sorted[k].token[1]) == byte { k += 1 }
            }
            for item in sorted {
                var e = item.entry
                e.tokenStart = Int32(poolBytes.count)
                e.tokenLength = Int32(item.token.count)
                poolBytes += item.token
                flat.append(e)
            }
        }
        entryCount = flat.count
        bucketCount = bucketOffsets.count
        poolCount = poolBytes.count
        entries = .allocate(capacity: max(1, flat.count))
        entries.initialize(from: flat, count: flat.count)
        buckets = .allocate(capacity: bucketOffsets.count)
        buckets.initialize(from: bucketOffsets, count: bucketOffsets.count)
        pool = .allocate(capacity: max(1, poolBytes.count))
        pool.initialize(from: poolBytes, count: poolBytes.count)
    }

    deinit {
        entries.deinitialize(count: entryCount)
        entries.deallocate()
        buckets.deinitialize(count: bucketCount)
        buckets.deallocate()
        pool.deinitialize(count: poolCount)
        pool.deallocate()
    }

    struct Builder {
        var scopes: [[(token: [UInt8], entry: LineReaderEntry)]] = []

        mutating func addScope() -> Int32 {
            scopes.append([])
            return Int32(scopes.count - 1)
        }

        /// Adds `"name"` unless it could never appear unescaped in valid JSON
        /// (then the input must use an escape, which takes the general path).
        mutating func add(_ scope: Int32, _ name: [UInt8], _ entry: LineReaderEntry) {
            guard !name.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return }
            let token = [0x22] + name + [0x22]
            guard !scopes[Int(scope)].contains(where: { $0.token == token }) else { return }
            scopes[Int(scope)].append((token, entry))
        }
    }

    /// The UTF-8 bytes of the string of Latin-1 scalars (U+0000–U+00FF) that
    /// is equal (`==`, canonical equivalence) to `s`, or nil if there is none.
    ///
    /// A string of Latin-1 scalars is in NFC, so an input text made of them
    /// equals `s` exactly when its bytes equal this form. Swift compares
    /// strings Character by Character under canonical equivalence; each
    /// Character of a Latin-1 string is one scalar (or CR LF), so `s` has
    /// such a form only if each of its Characters equals one Latin-1 scalar.
    static func latin1Form(_ s: String) -> [UInt8]? {
        if s.unicodeScalars.allSatisfy({ $0.value < 0x100 }) { return Array(s.utf8) }
        var out = ""
        for c in s {
            if c == "\r\n" {
                out += "\r\n"
                continue
            }
            guard let u = (0 ..< 256).lazy.map({ Unicode.Scalar(UInt8($0)) }).first(where: { Character($0) == c }) else { return nil }
            out.unicodeScalars.append(u)
        }
        return out == s ? Array(out.utf8) : nil
    }
}
