import Matcher
import Profiles
import RulesDSL

/// One entry of a token table: a key, an enum value or a rule-set text,
/// written as its JSON token `"name"` (quotes included), and what it maps to.
struct LineReaderEntry {
    /// `name"` (the token without its opening quote; for a key `name":`,
    /// as keys are mostly followed by the colon), bytes 0..<32 zero-padded,
    /// and masks selecting its bytes: compared branch-free.
    var text: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var mask: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    /// Offset of the token in the byte pool, and its length with both quotes.
    var tokenStart: Int32 = 0
    var tokenLength: Int32 = 0
    /// The length of `"` + `text`: the token, and a key's colon.
    var matchLength: Int32 = 0
    /// Top-level fact or assessment: its slot. Record field: its field index.
    /// List: its list index. Enum value or text: its index.
    var slot: Int32 = 0
    /// Enum keys: the scope of the enum's values. List keys: the record's scope.
    var scope: Int32 = 0
    /// What a key introduces (`Action`); unused for values.
    var action: UInt8 = Action.bail
    /// Bit for duplicate-key detection, one per distinct key in its object.
    var bit: UInt8 = 0
    /// A date whose key ends in `birth_date` and must not lie after today.
    var birthDate = false
    /// A token longer than `text` holds: compared byte by byte with the pool.
    var long = false
    /// A key (whose `text` ends in a colon).
    var isKey = false
    /// Int keys: the allowed range. List keys: `hi` is the number of slots
    /// per element.
    var lo = Int64.min
    var hi = Int64.max

    enum Action {
        static let bool: UInt8 = 0, int: UInt8 = 1, text: UInt8 = 2, date: UInt8 = 3, enumeration: UInt8 = 4
        /// A value type the fast path does not read: only `null` passes.
        static let nullOnly: UInt8 = 5
        static let list: UInt8 = 6, id: UInt8 = 7, assessments: UInt8 = 8
        /// Always the general path.
        static let bail: UInt8 = 9
    }
}

/// One slot of a scope's hash table: the first (up to) 8 bytes of a name,
/// little-endian and zero-padded, its entry, and the next slot with the same
/// hash (-1: none).
struct LineReaderSlot {
    var word: UInt64 = LineReaderSlot.emptyWord
    var entry: Int32 = 0
    var next: Int32 = -1

    /// No input gives this word: a word is cut at the first `"`.
    static let emptyWord: UInt64 = 0x22
}

/// A scope's hash table: `slots[base + (word &* multiplier) >> shift]`.
struct LineReaderScope {
    var multiplier: UInt64 = 1
    var shift: UInt64 = 63
    var base: Int = 0
}

/// The schema as byte tables, built once per program and never changed, so
/// that a line can be matched against it without creating any `String`.
///
/// Tokens are grouped in scopes (the top-level object, the assessments
/// object, each record, each enum's values, the rule set's texts); within a
/// scope they are hashed by their first 8 bytes (multiplicative hash, the
/// multiplier chosen so that distinct prefixes do not collide; equal
/// prefixes are chained). The tables are `RawArray`s, so the hot loop reads
/// them without bounds checks or reference counting.
///
/// What a reader learns while reading lives apart, in `LineReaderState`,
/// so one set of tables serves every worker.
final class LineReaderTables: @unchecked Sendable {
    let slots: RawArray<LineReaderSlot>
    let entries: RawArray<LineReaderEntry>
    let scopes: RawArray<LineReaderScope>
    let pool: RawArray<UInt8>
    /// Day number of the first of each month from `firstYear` to `firstYear + years - 1`,
    /// and each month's length.
    let monthStart: RawArray<Int32>
    let monthLength: RawArray<UInt8>
    static let firstYear = 1800, years = 400
    /// The tables' base addresses side by side, which each line's parser
    /// copies in one go.
    let addresses: Addresses

    struct Addresses {
        let slots: UnsafeMutablePointer<LineReaderSlot>
        let entries: UnsafeMutablePointer<LineReaderEntry>
        let scopes: UnsafeMutablePointer<LineReaderScope>
        let pool: UnsafeMutablePointer<UInt8>
        let monthStart: UnsafeMutablePointer<Int32>
        let monthLength: UnsafeMutablePointer<UInt8>
    }

    static let topScope = 0
    static let assessmentScope = 1
    static let textScope = 2
    /// False when the schema cannot be read by the fast path at all (more
    /// than 256 top-level keys); every line then takes the general path.
    let fastPathEnabled: Bool
    /// The rule set's texts, for texts that are not Latin-1 (compared as `String`).
    let strings: [String]

    init(program: Program, rejectFutureBirthDates: Bool) {
        var b = Builder()
        let rules = program.rules
        let top = b.addScope(keys: true), assessmentScope = b.addScope(keys: true), textScope = b.addScope(keys: false)
        precondition(top == Self.topScope && assessmentScope == Self.assessmentScope && textScope == Self.textScope)

        let enumScopes = rules.enums.map { e -> Int in
            let s = b.addScope(keys: false)
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
            switch type {
            case .bool: e.action = LineReaderEntry.Action.bool
            case .int:
                e.action = LineReaderEntry.Action.int
                let range = range ?? ValueType.intValues  // what any int fact holds: never the unknown/none markers
                e.lo = Int64(range.lo)
                e.hi = Int64(range.hi)
            case .string: e.action = LineReaderEntry.Action.text
            case .date:
                e.action = LineReaderEntry.Action.date
                e.birthDate = rejectFutureBirthDates && name.hasSuffix("birth_date")
            case .enumeration(let k):
                e.action = LineReaderEntry.Action.enumeration
                e.scope = Int32(enumScopes[k])
            case .list, .duration, .error:
                e.action = LineReaderEntry.Action.nullOnly
            }
            return e
        }

        // Records: a field is found by the first field of that name.
        var recordScopes: [Int] = []
        for rec in rules.records {
            let s = b.addScope(keys: true)
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
        idEntry.action = LineReaderEntry.Action.id
        idEntry.bit = bit(-1)
        assessmentsEntry.action = LineReaderEntry.Action.assessments
        assessmentsEntry.bit = bit(-2)
        b.add(top, Array("id".utf8), idEntry)
        b.add(top, Array("assessments".utf8), assessmentsEntry)
        // The parser keeps lists in list order, which must be fact order.
        let listsInFactOrder = zip(program.lists, program.lists.dropFirst()).allSatisfy { $0.fact < $1.fact }
        for f in rules.facts where f.name != "id" && f.name != "assessments" {
            let target = factIndex[f.name]!
            let fact = rules.facts[target]
            var e = typed(fact.type, range: fact.range, name: fact.name)
            if case .list(let r) = fact.type {
                e.action = LineReaderEntry.Action.list
                e.slot = program.listOfFact[target]
                e.scope = Int32(recordScopes[r])
                e.hi = e.slot < 0 ? 0 : Int64(program.lists[Int(e.slot)].fieldCount)
                if e.slot < 0 || !listsInFactOrder { e.action = LineReaderEntry.Action.bail }
            } else {
                e.slot = program.factSlot[target]
                if e.slot < 0 { e.action = LineReaderEntry.Action.bail }
            }
            e.bit = bit(target)
            b.add(top, Array(f.name.utf8), e)
        }
        fastPathEnabled = enabled
        strings = program.strings

        // Flatten: per scope a hash table of 2^bits entries; equal prefixes
        // are chained through entries after all the tables.
        var scopeInfo: [LineReaderScope] = []
        var scopeWords: [[UInt64]] = []
        var tableCount = 0
        for scope in b.scopes {
            let words = scope.map { Self.word(Array($0.token.dropFirst().dropLast())) }
            let info = Self.hash(Set(words), base: tableCount)
            scopeInfo.append(info)
            scopeWords.append(words)
            tableCount += 1 << (64 - info.shift)
        }
        var table = Array(repeating: LineReaderSlot(), count: tableCount)
        var dense: [LineReaderEntry] = []
        var poolBytes: [UInt8] = []
        for (s, scope) in b.scopes.enumerated() {
            let info = scopeInfo[s]
            for (k, item) in scope.enumerated() {
                var e = item.entry
                e.tokenStart = Int32(poolBytes.count)
                e.tokenLength = Int32(item.token.count)
                poolBytes += item.token
                let isKey = b.keyScopes[s]
                let text = Array(item.token.dropFirst()) + (isKey ? [0x3A] : [])  // name, quote (and colon)
                e.isKey = isKey
                e.matchLength = Int32(1 + text.count)
                e.long = text.count > 32
                var words: [UInt64] = [0, 0, 0, 0], masks: [UInt64] = [0, 0, 0, 0]
                for (n, byte) in text.prefix(32).enumerated() {
                    words[n / 8] |= UInt64(byte) << UInt64(8 * (n % 8))
                    masks[n / 8] |= UInt64(0xFF) << UInt64(8 * (n % 8))
                }
                e.text = (words[0], words[1], words[2], words[3])
                e.mask = (masks[0], masks[1], masks[2], masks[3])
                dense.append(e)
                let slot = LineReaderSlot(word: scopeWords[s][k], entry: Int32(dense.count - 1), next: -1)
                var h = info.base + Int((slot.word &* info.multiplier) >> info.shift)
                if table[h].word == LineReaderSlot.emptyWord {
                    table[h] = slot
                } else {
                    while table[h].next >= 0 { h = Int(table[h].next) }
                    table[h].next = Int32(table.count)
                    table.append(slot)
                }
            }
        }
        slots = RawArray(table)
        entries = RawArray(dense)
        scopes = RawArray(scopeInfo)
        pool = RawArray(poolBytes)
        monthStart = RawArray(rows: Self.years, columns: 12) { y, m in Day(year: Self.firstYear + y, month: m + 1, day: 1)!.number }
        monthLength = RawArray(rows: Self.years, columns: 12) { y, m in UInt8(Day.daysIn(year: Self.firstYear + y, month: m + 1)) }
        addresses = Addresses(slots: slots.base, entries: entries.base, scopes: scopes.base, pool: pool.base,
                              monthStart: monthStart.base, monthLength: monthLength.base)
    }

    /// The first (up to) 8 bytes of `name`, little-endian, zero-padded: what
    /// `LineReaderParser.word(at:)` computes from a key in the input.
    static func word(_ name: [UInt8]) -> UInt64 {
        var w: UInt64 = 0
        for (k, byte) in name.prefix(8).enumerated() { w |= UInt64(byte) << UInt64(8 * k) }
        return w
    }

    /// A multiplier and table size under which `words` do not collide (if one
    /// is found; collisions only cost a longer chain).
    static func hash(_ words: Set<UInt64>, base: Int) -> LineReaderScope {
        var bits = 1
        while (1 << bits) < 4 * words.count { bits += 1 }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var best = LineReaderScope(multiplier: 0x9E37_79B9_7F4A_7C15, shift: UInt64(64 - bits), base: base)
        for _ in 0 ..< 4 {
            for _ in 0 ..< 2_000 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let multiplier = state | 1
                let shift = UInt64(64 - bits)
                if Set(words.map { ($0 &* multiplier) >> shift }).count == words.count {
                    return LineReaderScope(multiplier: multiplier, shift: shift, base: base)
                }
            }
            guard bits < 16 else { break }
            bits += 1
            best.shift = UInt64(64 - bits)
        }
        return best
    }

    struct Builder {
        var scopes: [[(token: [UInt8], entry: LineReaderEntry)]] = []
        var keyScopes: [Bool] = []

        mutating func addScope(keys: Bool) -> Int {
            scopes.append([])
            keyScopes.append(keys)
            return scopes.count - 1
        }

        /// Adds `"name"` unless it could never appear unescaped in valid JSON
        /// (then the input must use an escape, which takes the general path).
        mutating func add(_ scope: Int, _ name: [UInt8], _ entry: LineReaderEntry) {
            guard !name.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else { return }
            let token = [0x22] + name + [0x22]
            guard !scopes[scope].contains(where: { $0.token == token }) else { return }
            scopes[scope].append((token, entry))
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

/// What one reader learns and uses as it reads, beside the shared tables:
/// the order of keys (so that the next key is usually found with one
/// comparison) and scratch memory for list elements. A guess is always
/// checked against the input, so it only ever saves or costs time; still,
/// the state belongs to one reader, and a reader to one thread at a time
/// (batch screening makes one per worker with `LineReader.fresh()`).
final class LineReaderState: @unchecked Sendable {
    /// Per key entry: the key that followed it in its object last time (-1: none yet).
    let follow: RawArray<Int32>
    /// Per key scope: the first key of the last object read (-1: none yet).
    let first: RawArray<Int32>
    /// Where a list's elements are read before they are appended to the facts.
    let scratch = Scratch()

    init(_ tables: LineReaderTables) {
        follow = RawArray(repeating: -1, count: tables.entries.count)
        first = RawArray(repeating: -1, count: tables.scopes.count)
    }

    /// Room for list elements, reused from line to line, growing as needed.
    final class Scratch {
        private var memory = RawArray<Int64>(repeating: Slot.unknown, count: 64)
        /// `memory.base` and `memory.count`, read for every list (through
        /// `memory`, each read was checked for exclusive access at run time).
        private(set) var base: UnsafeMutablePointer<Int64>
        private var capacity: Int

        init() {
            base = memory.base
            capacity = memory.count
        }

        /// Makes room for `count` slots (keeping those before) and returns the memory.
        @inline(__always) func reserve(_ count: Int) -> UnsafeMutablePointer<Int64> {
            if count > capacity { grow(count) }
            return base
        }

        @inline(never) private func grow(_ count: Int) {
            memory = memory.grown(to: max(count, 2 * capacity), filling: Slot.unknown)
            base = memory.base
            capacity = memory.count
        }
    }
}
