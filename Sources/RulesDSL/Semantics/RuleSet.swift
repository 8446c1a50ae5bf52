/// The types of values in the rules language.
public enum ValueType: Sendable, Equatable {
    case bool, int, string, date, duration
    /// An enum, by index into `RuleSet.enums`.
    case enumeration(Int)
    /// A list of records, by index into `RuleSet.records`.
    case list(Int)
    /// The type of an expression that already failed to check.
    case error

    public func describe(_ rules: RuleSet) -> String {
        switch self {
        case .bool: return "a yes/no value"
        case .int: return "a number"
        case .string: return "a text"
        case .date: return "a date"
        case .duration: return "a duration"
        case .enumeration(let e): return "one of \(rules.enums[e].values.joined(separator: ", "))"
        case .list(let r): return "a list of \(rules.records[r].name)"
        case .error: return "an invalid value"
        }
    }
}

public struct EnumType: Sendable {
    public var name: String
    public var values: [String]
    /// Each value's label, if it has one (shown instead of the id).
    public var labels: [LocalizedText?] = []

    /// The value's label in `language`, else its id.
    public func label(_ i: Int, _ language: Language) -> String {
        (i < labels.count ? labels[i]?.text(language) : nil) ?? values[i]
    }

    public func index(of value: String) -> Int? { values.firstIndex(of: value) }
}

/// Where a fact lives: on the citizen, or on an element of a list (a child).
public enum FactRef: Sendable, Hashable {
    case citizen(Int)
    case element(record: Int, field: Int)
}

public struct FactInfo: Sendable {
    public var name: String
    public var type: ValueType
    public var range: (lo: Int, hi: Int)?
    public var label: LocalizedText
    public var question: LocalizedText?
    public var declared: SourceRange
}

public struct DerivedInfo: Sendable {
    public var name: String
    public var expr: CheckedExpr
    public var label: LocalizedText
    public var declared: SourceRange
}

public struct RecordInfo: Sendable {
    public var name: String
    public var fields: [FactInfo]
    public var derived: [DerivedInfo]
    public var declared: SourceRange
}

public struct AssessmentInfo: Sendable {
    public var name: String
    /// nil: yes/no; otherwise the enum of its values.
    public var enumType: Int?
    public var label: LocalizedText
    public var question: LocalizedText?
    public var declared: SourceRange
}

public struct ConditionInfo: Sendable {
    public var name: String
    public var label: LocalizedText
    public var expr: CheckedExpr
    public var declared: SourceRange
}

public struct SetInfo: Sendable {
    public var name: String
    public var elementType: ValueType
    public var values: [Constant]
    public var label: LocalizedText
    public var declared: SourceRange
}

public struct PartnerInfo: Sendable {
    public var id: String
    public var name: String
    public var municipality: String?
    public var places: Int?
    public var declared: SourceRange
}

public struct Deadline: Sendable {
    public var due: CheckedExpr
    public var earliest: CheckedExpr?
    public var label: LocalizedText
    public var declared: SourceRange
}

public struct Detail: Sendable {
    public enum Kind: Sendable {
        case cases([(condition: CheckedExpr?, text: LocalizedText)])
        case lists(fact: Int, record: Int, condition: CheckedExpr)
    }
    public var name: String
    public var label: LocalizedText
    public var kind: Kind
    public var declared: SourceRange
}

public struct Ladder: Sendable {
    public struct Step: Sendable {
        public var id: String
        public var title: LocalizedText
        public var condition: CheckedExpr?
        public var declared: SourceRange
    }
    public var assessment: Int
    public var steps: [Step]
    public var declared: SourceRange
}

public struct Offer: Sendable {
    public var id: String
    public var title: LocalizedText
    public var description: LocalizedText
    /// nil: national.
    public var municipality: String?
    /// The value index of `municipality` in the municipality fact's enum.
    public var municipalityValue: Int?
    public var theme: String?
    public var provider: String?
    public var partners: [Int]
    public var sources: [SourceCitation]
    public var validFrom: Day?
    public var validTo: Day?
    public var review: Day?
    public var planned: String?
    public var capacity: Int?
    public var duration: Duration?
    public var extendableTo: Duration?
    public var hours: (lo: Int, hi: Int?)?
    /// Assessments that must be recorded as met.
    public var requires: [(assessment: Int, range: SourceRange)]
    public var deadlines: [Deadline]
    /// nil: no conditions beyond municipality and validity.
    public var eligible: CheckedExpr?
    public var details: [Detail]
    public var ladder: Ladder?
    public var declared: SourceRange
    /// Ranges of the `valid` and `municipality` items, for coverage.
    public var validRange: SourceRange?
    public var municipalityRange: SourceRange?
}

/// A value written in a test profile or read from a JSON profile.
public indirect enum ProfileValue: Sendable, Equatable {
    case bool(Bool)
    case int(Int)
    case date(Day)
    case string(String)
    case enumValue(Int)
    /// List elements: per element, a value (or nil) for each record field.
    case list([[ProfileValue?]])
}

/// A citizen's profile, resolved against a rule set: facts by index, absent
/// facts nil. Assessments are kept apart from facts.
public struct Profile: Sendable, Equatable {
    public var id: String?
    public var facts: [ProfileValue?]
    public var assessments: [ProfileValue?]

    public init(factCount: Int, assessmentCount: Int) {
        id = nil
        facts = Array(repeating: nil, count: factCount)
        assessments = Array(repeating: nil, count: assessmentCount)
    }
}

public struct TestCase: Sendable {
    public enum Expect: Sendable {
        case status(ExpectedStatus, because: [String], missing: [String]?)
        case deadline(Day)
        case step(String)
        case detail(String, text: String?, elements: [Int]?)
    }
    public struct Expectation: Sendable {
        public var offer: Int
        public var expect: Expect
        public var declared: SourceRange
    }
    public var title: String
    public var date: Day?
    public var profile: Profile
    public var expectations: [Expectation]
    public var declared: SourceRange
}

/// A checked rule set: every name resolved, every expression typed. The
/// input of the compiler in `Matcher`.
public struct RuleSet: Sendable {
    public var sources: SourceManager
    public var enums: [EnumType] = []
    public var facts: [FactInfo] = []
    public var records: [RecordInfo] = []
    public var assessments: [AssessmentInfo] = []
    public var derived: [DerivedInfo] = []
    public var conditions: [ConditionInfo] = []
    public var sets: [SetInfo] = []
    public var partners: [PartnerInfo] = []
    public var offers: [Offer] = []
    public var tests: [TestCase] = []

    public init(sources: SourceManager) { self.sources = sources }

    public func factIndex(_ name: String) -> Int? { facts.firstIndex { $0.name == name } }
    public func assessmentIndex(_ name: String) -> Int? { assessments.firstIndex { $0.name == name } }
    public func offerIndex(_ id: String) -> Int? { offers.firstIndex { $0.id == id } }

    /// The index of the `municipality` fact, if the schema has one.
    public var municipalityFact: Int? { factIndex("municipality") }

    /// The label of a fact or an assessment by name, in `language`.
    public func label(of name: String, assessment: Bool, _ language: Language) -> String? {
        assessment ? assessments.first { $0.name == name }?.label.text(language)
                   : facts.first { $0.name == name }?.label.text(language)
    }

    /// A municipality's name as the `municipality` fact's enum labels it
    /// (`Hillerød`), else its id.
    public func municipalityLabel(_ id: String, _ language: Language) -> String {
        if let mf = municipalityFact, case .enumeration(let e) = facts[mf].type, let i = enums[e].index(of: id) {
            return enums[e].label(i, language)
        }
        return id
    }

    public func fact(_ ref: FactRef) -> FactInfo {
        switch ref {
        case .citizen(let i): return facts[i]
        case .element(let r, let f): return records[r].fields[f]
        }
    }
}
