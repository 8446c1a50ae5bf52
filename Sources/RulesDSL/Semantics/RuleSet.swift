/// The types of values in the rules language.
package enum ValueType: Sendable, Equatable {
    case bool, int, string, date, duration
    /// An enum, by index into `RuleSet.enums`.
    case enumeration(Int)
    /// A list of records, by index into `RuleSet.records`.
    case list(Int)
    /// The type of an expression that already failed to check.
    case error

    package func describe(_ rules: RuleSet) -> String {
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

    /// The values an `int` fact may hold: −2^62 to 2^62, also when its
    /// declaration gives no range (a declared range must lie inside it).
    /// The engine keeps two values below it for itself (*unknown* and *no
    /// value*), so a profile's number can never be read as one of them.
    package static let intValues = (lo: -(1 << 62), hi: 1 << 62)
}

package struct EnumType: Sendable {
    package var name: String
    package var values: [String]
    /// Each value's label, if it has one (shown instead of the id).
    package var labels: [LocalizedText?] = []

    /// The value's label in `language`, else its id.
    package func label(_ i: Int, _ language: Language) -> String {
        (i < labels.count ? labels[i]?.text(language) : nil) ?? values[i]
    }

    package func index(of value: String) -> Int? { values.firstIndex(of: value) }
}

/// Where a fact lives: on the citizen, or on an element of a list (a child).
package enum FactRef: Sendable, Hashable {
    case citizen(Int)
    case element(record: Int, field: Int)
}

/// A fact the rules ask about a citizen, as declared in the schema.
public struct FactInfo: Sendable {
    /// The name rules and profiles use for the fact (`birth_date`).
    public package(set) var name: String
    package var type: ValueType
    package var range: (lo: Int, hi: Int)?
    /// Whether the schema marks the fact `personal`: its values are never
    /// echoed in messages that go to logs (`screen`).
    package var personal = false
    /// What the fact is called in reports and explanations.
    public package(set) var label: LocalizedText
    /// How to ask a caseworker or citizen for the fact, if the rules say.
    public package(set) var question: LocalizedText?
    package var declared: SourceRange
    /// `household`: given once for a case, the same for every member.
    package var household = false
    /// `inherited`: a member for whom it is not recorded takes the case holder's value.
    package var inherited = false
    /// `for { … }`: whom the fact can apply to; never asked of a member for whom it is false.
    package var applies: CheckedExpr? = nil
    /// A `person` fact (a partner): a list of at most one member.
    package var single = false
}

package struct DerivedInfo: Sendable {
    package var name: String
    package var expr: CheckedExpr
    package var label: LocalizedText
    package var declared: SourceRange
}

package struct RecordInfo: Sendable {
    package var name: String
    package var fields: [FactInfo]
    package var derived: [DerivedInfo]
    package var declared: SourceRange
}

/// A caseworker's assessment the rules may require, kept apart from facts.
public struct AssessmentInfo: Sendable {
    /// The name rules and profiles use for the assessment.
    public package(set) var name: String
    /// nil: yes/no; otherwise the enum of its values.
    package var enumType: Int?
    /// What the assessment is called in reports and explanations.
    public package(set) var label: LocalizedText
    /// How to ask for the assessment, if the rules say.
    public package(set) var question: LocalizedText?
    package var declared: SourceRange
}

package struct ConditionInfo: Sendable {
    package var name: String
    package var label: LocalizedText
    package var expr: CheckedExpr
    package var declared: SourceRange
}

package struct SetInfo: Sendable {
    package var name: String
    package var elementType: ValueType
    package var values: [Constant]
    package var label: LocalizedText
    package var declared: SourceRange
}

package struct PartnerInfo: Sendable {
    package var id: String
    package var name: String
    package var municipality: String?
    package var places: Int?
    package var declared: SourceRange
}

package struct Deadline: Sendable {
    package var due: CheckedExpr
    package var earliest: CheckedExpr?
    package var label: LocalizedText
    package var declared: SourceRange
}

package struct Detail: Sendable {
    package enum Kind: Sendable {
        case cases([(condition: CheckedExpr?, text: LocalizedText)])
        case lists(fact: Int, record: Int, condition: CheckedExpr)
    }
    package var name: String
    package var label: LocalizedText
    package var kind: Kind
    package var declared: SourceRange
}

package struct Ladder: Sendable {
    package struct Step: Sendable {
        package var id: String
        package var title: LocalizedText
        package var condition: CheckedExpr?
        package var declared: SourceRange
    }
    package var assessment: Int
    package var steps: [Step]
    package var declared: SourceRange
}

/// Whom an offer is for.
package enum OfferTarget: Sendable {
    /// No `for`: every member.
    case everyone
    /// `for household`: the household as a unit, decided once for the case
    /// on the case holder (who reads the children).
    case household(SourceRange)
    /// `for { … }`: every member for whom the block holds (a block of items).
    case group(CheckedExpr)
}

/// A program or service a citizen may be eligible for, as the rules describe it.
public struct Offer: Sendable {
    /// The identifier the rules declare the offer by (`offer ID { … }`).
    public package(set) var id: String
    /// The offer's name as people see it (its `name` item).
    public package(set) var title: LocalizedText
    /// A longer text saying what the offer is.
    public package(set) var description: LocalizedText
    /// The id of the one municipality the offer is for; nil: national.
    public package(set) var municipality: String?
    /// The value index of `municipality` in the municipality fact's enum.
    package var municipalityValue: Int?
    /// The theme the offer is filed under (`employment`), if any.
    public package(set) var theme: String?
    /// Who runs the offer (`Jobcenter Roskilde`), if given.
    public package(set) var provider: String?
    package var partners: [Int]
    package var sources: [SourceCitation]
    /// The first day the offer applies (inclusive); nil: no start.
    public package(set) var validFrom: Day?
    /// The last day the offer applies (inclusive); nil: no end.
    public package(set) var validTo: Day?
    package var review: Day?
    package var planned: String?
    package var capacity: Int?
    package var duration: Duration?
    package var extendableTo: Duration?
    package var hours: (lo: Int, hi: Int?)?
    /// Assessments that must be recorded as met.
    package var requires: [(assessment: Int, range: SourceRange)]
    package var deadlines: [Deadline]
    /// Whom the offer is for (`for`).
    package var target: OfferTarget = .everyone
    /// nil: no conditions beyond municipality and validity.
    package var eligible: CheckedExpr?
    package var details: [Detail]
    package var ladder: Ladder?
    package var declared: SourceRange
    /// Ranges of the `valid` and `municipality` items, for coverage.
    package var validRange: SourceRange?
    package var municipalityRange: SourceRange?
}

/// A value written in a test profile or read from a JSON profile.
public indirect enum ProfileValue: Sendable, Equatable {
    /// A yes/no fact.
    case bool(Bool)
    /// A whole number.
    case int(Int)
    /// A calendar day.
    case date(Day)
    /// A free text.
    case string(String)
    /// One of an enum's values, by its index among them.
    case enumValue(Int)
    /// List elements: per element, a value (or nil) for each record field.
    case list([[ProfileValue?]])
}

/// A citizen's profile, resolved against a rule set: facts by index, absent
/// facts nil. Assessments are kept apart from facts.
public struct Profile: Sendable, Equatable {
    /// The profile's own identifier (`id` in JSON), if it has one.
    public package(set) var id: String?
    /// A value per fact of `RuleSet.facts`, by the same index; nil when unknown.
    public package(set) var facts: [ProfileValue?]
    /// A value per assessment of `RuleSet.assessments`, by the same index; nil when not recorded.
    public package(set) var assessments: [ProfileValue?]
    /// The assessments recorded for members: by member fact (`children`,
    /// `partner`), per element, a value per assessment.
    package var memberAssessments: [Int: [[ProfileValue?]]] = [:]
    /// The members' own ids (`"id"` in a member), by member fact, per element.
    package var memberIDs: [Int: [String?]] = [:]

    package init(factCount: Int, assessmentCount: Int) {
        id = nil
        facts = Array(repeating: nil, count: factCount)
        assessments = Array(repeating: nil, count: assessmentCount)
    }
}

package struct TestCase: Sendable {
    package enum Expect: Sendable {
        case status(ExpectedStatus, because: [String], missing: [String]?)
        case deadline(Day)
        case step(String)
        case detail(String, text: String?, elements: [Int]?)
    }
    /// Whom an expectation is about.
    package enum Member: Sendable, Hashable {
        case holder, partner, household
        /// A child, by its place in `children`, from 1.
        case child(Int)
    }
    package struct Expectation: Sendable {
        package var offer: Int
        package var expect: Expect
        package var member: Member = .holder
        package var declared: SourceRange
    }
    package var title: String
    package var date: Day?
    package var profile: Profile
    package var expectations: [Expectation]
    package var declared: SourceRange
}

/// A checked rule set: every name resolved, every expression typed. The
/// input of the compiler in `Matcher`.
public struct RuleSet: Sendable {
    package var sources: SourceManager
    package var enums: [EnumType] = []
    /// The citizen schema's facts, in declaration order (a profile's fact indices).
    public package(set) var facts: [FactInfo] = []
    package var records: [RecordInfo] = []
    /// The built-in record `person` (a member of a case), when the schema
    /// has a fact of type `person` or `list of person`.
    package var personRecord: Int?
    /// For each field of `person`, the top-level fact it is.
    package var personFields: [Int] = []
    /// The assessments, in declaration order (a profile's assessment indices).
    public package(set) var assessments: [AssessmentInfo] = []
    package var derived: [DerivedInfo] = []
    package var conditions: [ConditionInfo] = []
    package var sets: [SetInfo] = []
    package var partners: [PartnerInfo] = []
    /// Every offer, in the order the files declare them.
    public package(set) var offers: [Offer] = []
    package var tests: [TestCase] = []

    package init(sources: SourceManager) { self.sources = sources }

    /// The index in `facts` of the fact called `name`, if there is one.
    public func factIndex(_ name: String) -> Int? { facts.firstIndex { $0.name == name } }
    /// The index in `assessments` of the assessment called `name`, if there is one.
    public func assessmentIndex(_ name: String) -> Int? { assessments.firstIndex { $0.name == name } }
    /// The index in `offers` of the offer with id `id`, if there is one.
    public func offerIndex(_ id: String) -> Int? { offers.firstIndex { $0.id == id } }

    /// The facts whose values are members: `partner: person`, `children: list of person`.
    package var memberFacts: [Int] {
        guard let pr = personRecord else { return [] }
        return facts.indices.filter { if case .list(pr) = facts[$0].type { return true } else { return false } }
    }

    /// The index of the `municipality` fact, if the schema has one.
    package var municipalityFact: Int? { factIndex("municipality") }

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

    package func fact(_ ref: FactRef) -> FactInfo {
        switch ref {
        case .citizen(let i): return facts[i]
        case .element(let r, let f): return records[r].fields[f]
        }
    }
}
