/// Danish and English text: `da "…" en "…"`.
public struct LocalizedText: Sendable, Equatable {
    /// The Danish text, if given.
    public package(set) var da: String?
    /// The English text, if given.
    public package(set) var en: String?
    package var range: SourceRange

    package init(da: String? = nil, en: String? = nil, range: SourceRange = .none) {
        self.da = da
        self.en = en
        self.range = range
    }

    /// The text in `language`, falling back to the other one.
    public func text(_ language: Language) -> String? {
        language == .da ? (da ?? en) : (en ?? da)
    }
}

/// The languages rules are written and reports rendered in.
public enum Language: String, Sendable, CaseIterable {
    case da, en
}

/// A value with the range it was written at.
package struct Located<T: Sendable>: Sendable {
    package var value: T
    package var range: SourceRange

    package init(_ value: T, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

package indirect enum TypeSyntax: Sendable {
    case bool, string, date
    case int(Located<Int>?, Located<Int>?)
    /// Values, each with an optional label: `female = da "kvinde" en "woman"`.
    case enumeration([Name], [LocalizedText?])
    case list(Name)
    /// `person`: one member of a case, with every personal fact of the schema (a partner).
    case person
    case error
}

package struct FactDecl: Sendable {
    package var name: Name
    package var type: TypeSyntax
    package var typeRange: SourceRange
    package var label: LocalizedText?
    package var question: LocalizedText?
    /// Where the fact is marked `personal`, if it is.
    package var personal: SourceRange? = nil
    /// Where the fact is marked `household` (given once for a case), if it is.
    package var household: SourceRange? = nil
    /// Where the fact is marked `inherited` (taken over from the case holder), if it is.
    package var inherited: SourceRange? = nil
    /// `for { … }`: whom the fact can apply to (a block on the member).
    package var applies: Expr? = nil
    package var range: SourceRange
}

package struct RecordDecl: Sendable {
    package var name: Name
    package var facts: [FactDecl]
    package var derived: [DerivedDecl]
    package var range: SourceRange
}

package struct AssessmentDecl: Sendable {
    package var name: Name
    /// nil: a yes/no judgement; otherwise the values it may take.
    package var values: [Name]?
    package var valueLabels: [LocalizedText?] = []
    package var label: LocalizedText?
    package var question: LocalizedText?
    package var range: SourceRange
}

package struct DerivedDecl: Sendable {
    package var name: Name
    package var expr: Expr
    package var label: LocalizedText?
    package var range: SourceRange
}

package struct ConditionDecl: Sendable {
    package var name: Name
    package var label: LocalizedText?
    package var body: Expr   // an `.all` block
    package var range: SourceRange
}

package struct SetDecl: Sendable {
    package var name: Name
    package var values: [Expr]
    package var label: LocalizedText?
    package var range: SourceRange
}

package struct PartnerDecl: Sendable {
    package var name: Name
    package var displayName: Located<String>?
    package var municipality: Name?
    package var places: Located<Int>?
    package var range: SourceRange
}

package struct SourceCitation: Sendable, Equatable {
    package var file: String
    package var section: String?
    package var quote: String?
    package var range: SourceRange
}

package struct DeadlineDecl: Sendable {
    package var due: Expr
    package var earliest: Expr?
    package var label: LocalizedText?
    package var range: SourceRange
}

package struct DetailCase: Sendable {
    /// nil: `otherwise`.
    package var condition: Expr?
    package var text: LocalizedText
    package var range: SourceRange
}

package struct DetailDecl: Sendable {
    package var name: Name
    package var label: LocalizedText?
    package var cases: [DetailCase]
    /// `lists children where …`: the list and the condition on its elements.
    package var lists: (list: Name, condition: Expr)?
    package var range: SourceRange
}

package struct LadderStep: Sendable {
    package var name: Name
    package var title: LocalizedText?
    package var condition: Expr?
    package var range: SourceRange
}

package struct LadderDecl: Sendable {
    package var assessment: Name
    package var steps: [LadderStep]
    package var range: SourceRange
}

/// `for household` or `for { … }`: whom an offer is for.
package enum TargetSyntax: Sendable {
    /// The household as a unit, decided once for the case (on the case holder).
    case household(SourceRange)
    /// Every member for whom the block holds.
    case group(Expr)
}

package struct OfferDecl: Sendable {
    package var name: Name
    package var target: TargetSyntax?
    package var title: LocalizedText?
    package var description: LocalizedText?
    /// nil: not given; `national` is written as the name `national`.
    package var municipality: Name?
    package var theme: Name?
    package var provider: Located<String>?
    package var partners: [Name] = []
    package var sources: [SourceCitation] = []
    package var validFrom: Located<Day?>?
    package var validTo: Located<Day?>?
    package var review: Located<Day?>?
    package var planned: Located<String>?
    package var capacity: Located<Int>?
    package var duration: Located<Duration>?
    package var extendableTo: Located<Duration>?
    package var hours: (Located<Int>, Located<Int>?)?
    package var requires: [Name] = []
    package var deadlines: [DeadlineDecl] = []
    package var eligibleWhen: Expr?
    package var details: [DetailDecl] = []
    package var ladder: LadderDecl?
    package var range: SourceRange

    package init(name: Name, range: SourceRange) {
        self.name = name
        self.range = range
    }
}

/// A value in a test profile.
package indirect enum ProfileValueSyntax: Sendable {
    case integer(Int)
    case date(Day?)
    case string(String)
    case bool(Bool)
    case name(Name)
    case list([[ProfileEntrySyntax]])
    /// `{ fact = value … }`: one person (a partner).
    case record([ProfileEntrySyntax])
}

package struct ProfileEntrySyntax: Sendable {
    package var key: Name
    package var value: ProfileValueSyntax
    package var valueRange: SourceRange
}

package enum ExpectedStatus: String, Sendable {
    case eligible, ineligible, undetermined
}

package enum ExpectationKind: Sendable {
    case status(ExpectedStatus, because: [Name], missing: [Name]?)
    case deadline(Located<Day?>)
    case step(Name)
    /// `expect X detail NAME "text"` or `expect X detail NAME lists 1, 2` (or `lists none`).
    case detail(Name, text: Located<String>?, elements: [Int]?)
}

/// Whom a test's expectation is about: `for partner`, `for child 2`, `for household`.
package enum MemberSyntax: Sendable, Equatable {
    case holder, partner, household
    /// A child by its place in the profile's `children`, from 1.
    case child(Int)
}

package struct Expectation: Sendable {
    package var offer: Name
    package var kind: ExpectationKind
    /// nil: the case holder (or, for an offer `for household`, the household).
    package var member: Located<MemberSyntax>? = nil
    package var range: SourceRange
}

package struct TestDecl: Sendable {
    package var title: Located<String>
    package var date: Located<Day?>?
    package var profile: [ProfileEntrySyntax] = []
    package var assessments: [ProfileEntrySyntax] = []
    package var expectations: [Expectation] = []
    package var range: SourceRange
}

package enum Declaration: Sendable {
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
package struct SyntaxFile: Sendable {
    package var file: Int32
    package var declarations: [Declaration]
}
