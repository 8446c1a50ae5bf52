/// Danish and English text: `da "…" en "…"`.
public struct LocalizedText: Sendable, Equatable {
    public var da: String?
    public var en: String?
    public var range: SourceRange

    public init(da: String? = nil, en: String? = nil, range: SourceRange = .none) {
        self.da = da
        self.en = en
        self.range = range
    }

    /// The text in `language`, falling back to the other one.
    public func text(_ language: Language) -> String? {
        language == .da ? (da ?? en) : (en ?? da)
    }
}

public enum Language: String, Sendable, CaseIterable {
    case da, en
}

/// A value with the range it was written at.
public struct Located<T: Sendable>: Sendable {
    public var value: T
    public var range: SourceRange

    public init(_ value: T, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

public indirect enum TypeSyntax: Sendable {
    case bool, string, date
    case int(Located<Int>?, Located<Int>?)
    /// Values, each with an optional label: `female = da "kvinde" en "woman"`.
    case enumeration([Name], [LocalizedText?])
    case list(Name)
    case error
}

public struct FactDecl: Sendable {
    public var name: Name
    public var type: TypeSyntax
    public var typeRange: SourceRange
    public var label: LocalizedText?
    public var question: LocalizedText?
    public var range: SourceRange
}

public struct RecordDecl: Sendable {
    public var name: Name
    public var facts: [FactDecl]
    public var derived: [DerivedDecl]
    public var range: SourceRange
}

public struct AssessmentDecl: Sendable {
    public var name: Name
    /// nil: a yes/no judgement; otherwise the values it may take.
    public var values: [Name]?
    public var valueLabels: [LocalizedText?] = []
    public var label: LocalizedText?
    public var question: LocalizedText?
    public var range: SourceRange
}

public struct DerivedDecl: Sendable {
    public var name: Name
    public var expr: Expr
    public var label: LocalizedText?
    public var range: SourceRange
}

public struct ConditionDecl: Sendable {
    public var name: Name
    public var label: LocalizedText?
    public var body: Expr   // an `.all` block
    public var range: SourceRange
}

public struct SetDecl: Sendable {
    public var name: Name
    public var values: [Expr]
    public var label: LocalizedText?
    public var range: SourceRange
}

public struct PartnerDecl: Sendable {
    public var name: Name
    public var displayName: Located<String>?
    public var municipality: Name?
    public var places: Located<Int>?
    public var range: SourceRange
}

public struct SourceCitation: Sendable, Equatable {
    public var file: String
    public var section: String?
    public var quote: String?
    public var range: SourceRange
}

public struct DeadlineDecl: Sendable {
    public var due: Expr
    public var earliest: Expr?
    public var label: LocalizedText?
    public var range: SourceRange
}

public struct DetailCase: Sendable {
    /// nil: `otherwise`.
    public var condition: Expr?
    public var text: LocalizedText
    public var range: SourceRange
}

public struct DetailDecl: Sendable {
    public var name: Name
    public var label: LocalizedText?
    public var cases: [DetailCase]
    /// `lists children where …`: the list and the condition on its elements.
    public var lists: (list: Name, condition: Expr)?
    public var range: SourceRange
}

public struct LadderStep: Sendable {
    public var name: Name
    public var title: LocalizedText?
    public var condition: Expr?
    public var range: SourceRange
}

public struct LadderDecl: Sendable {
    public var assessment: Name
    public var steps: [LadderStep]
    public var range: SourceRange
}

public struct OfferDecl: Sendable {
    public var name: Name
    public var title: LocalizedText?
    public var description: LocalizedText?
    /// nil: not given; `national` is written as the name `national`.
    public var municipality: Name?
    public var theme: Name?
    public var provider: Located<String>?
    public var partners: [Name] = []
    public var sources: [SourceCitation] = []
    public var validFrom: Located<Day?>?
    public var validTo: Located<Day?>?
    public var review: Located<Day?>?
    public var planned: Located<String>?
    public var capacity: Located<Int>?
    public var duration: Located<Duration>?
    public var extendableTo: Located<Duration>?
    public var hours: (Located<Int>, Located<Int>?)?
    public var requires: [Name] = []
    public var deadlines: [DeadlineDecl] = []
    public var eligibleWhen: Expr?
    public var details: [DetailDecl] = []
    public var ladder: LadderDecl?
    public var range: SourceRange

    public init(name: Name, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A value in a test profile.
public indirect enum ProfileValueSyntax: Sendable {
    case integer(Int)
    case date(Day?)
    case string(String)
    case bool(Bool)
    case name(Name)
    case list([[ProfileEntrySyntax]])
}

public struct ProfileEntrySyntax: Sendable {
    public var key: Name
    public var value: ProfileValueSyntax
    public var valueRange: SourceRange
}

public enum ExpectedStatus: String, Sendable {
    case eligible, ineligible, undetermined
}

public enum ExpectationKind: Sendable {
    case status(ExpectedStatus, because: [Name], missing: [Name]?)
    case deadline(Located<Day?>)
    case step(Name)
    /// `expect X detail NAME "text"` or `expect X detail NAME lists 1, 2` (or `lists none`).
    case detail(Name, text: Located<String>?, elements: [Int]?)
}

public struct Expectation: Sendable {
    public var offer: Name
    public var kind: ExpectationKind
    public var range: SourceRange
}

public struct TestDecl: Sendable {
    public var title: Located<String>
    public var date: Located<Day?>?
    public var profile: [ProfileEntrySyntax] = []
    public var assessments: [ProfileEntrySyntax] = []
    public var expectations: [Expectation] = []
    public var range: SourceRange
}

public enum Declaration: Sendable {
    case fact(FactDecl)
    case record(RecordDecl)
    case assessment(AssessmentDecl)
    case derived(DerivedDecl)
    case condition(ConditionDecl)
    case set(SetDecl)
    case partner(PartnerDecl)
    case offer(OfferDecl)
    case test(TestDecl)
}

/// One parsed file.
public struct SyntaxFile: Sendable {
    public var file: Int32
    public var declarations: [Declaration]
}
