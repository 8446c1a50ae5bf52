import RulesDSL

// What the engine decides, as values. Nothing here is worded: the Reports
// module turns these into Danish or English text, JSON and Markdown, so every
// front end says the same thing the same way.

/// The decision for one offer: eligible, ineligible or undetermined.
public enum Status: String, Sendable, CaseIterable {
    case eligible, ineligible, undetermined

    package init(_ t: Truth) {
        switch t {
        case .yes: self = .eligible
        case .no: self = .ineligible
        case .unknown: self = .undetermined
        }
    }
}

/// A value the citizen's profile (or the evaluation) gave, before wording.
public enum ShownValue: Sendable, Equatable {
    /// Not known.
    case unknown
    /// Known to have no value (the age of someone not yet born).
    case noValue
    case bool(Bool)
    case int(Int64)
    case date(Day)
    /// Value `value` of the rule set's enum `type`.
    case enumValue(type: Int, value: Int)
    /// A text, as written in the profile or the rules.
    case text(String)
    /// A text that matches none of the rule set's constants.
    case otherText
    /// A slot value that fits none of the above (shown as a number).
    case raw(Int64)
    /// A slot value outside its enum (shown as `?`).
    case invalid
    /// The number of elements of a list fact.
    case count(Int)
    /// An assessment that the caseworker has not made.
    case notAssessed
    /// A named condition's outcome; nil when it was not evaluated.
    case truth(Truth?)

    /// Classifies a fact slot's value by the type of what it holds.
    package init(slot v: Int64, type: ValueType, program: Program) {
        if v == Slot.unknown { self = .unknown; return }
        if v == Slot.none { self = .noValue; return }
        switch type {
        case .bool: self = .bool(v == 1)
        case .int: self = .int(v)
        case .date: self = .date(Day(number: Int32(truncatingIfNeeded: v)))
        case .enumeration(let e):
            self = v >= 0 && Int(v) < program.rules.enums[e].values.count ? .enumValue(type: e, value: Int(v)) : .invalid
        case .string:
            self = v >= 0 && Int(v) < program.strings.count ? .text(program.strings[Int(v)]) : .otherText
        default: self = .raw(v)
        }
    }
}

/// Whose label a shown value carries.
public enum ValueSubject: Sendable, Equatable {
    case fact(Int)
    case assessment(Int)
    case derived(Int)
    /// Derived value `index` of record `record` (a child's age).
    case recordDerived(record: Int, index: Int)
    case condition(Int)
    /// Field `field` of record `record` (a child's birth date).
    case field(record: Int, field: Int)
    /// The evaluation date.
    case evaluationDate
}

/// One value a condition read: whose it is and what it was.
public struct ReadValue: Sendable, Equatable {
    public package(set) var subject: ValueSubject
    public package(set) var value: ShownValue
}

/// One condition that decided (or could decide) an offer.
public struct Reason: Sendable {
    public enum Kind: String, Sendable {
        case planned, validity, municipality, condition, assessment
    }
    /// What the reason is about; the wording comes from this.
    package enum Subject: Sendable {
        /// Offer `offer` is being set up and has no start date yet.
        case planned(offer: Int)
        /// The validity window of offer `offer`.
        case validity(offer: Int)
        /// The municipality of offer `offer`.
        case municipality(offer: Int)
        /// A condition of the offer (a conjunct of its `eligible when`).
        case condition(CheckedExpr)
        /// A required assessment.
        case assessment(Int)
    }
    public package(set) var kind: Kind
    package var subject: Subject
    /// The citizen's values the condition read.
    public package(set) var values: [ReadValue]
    public package(set) var outcome: Truth
    public package(set) var range: SourceRange
    /// Fact and assessment names the condition reads.
    public package(set) var facts: [String]
}

/// A fact or assessment whose value could change the decision.
public struct Missing: Sendable, Hashable {
    public package(set) var name: String
    public package(set) var isAssessment: Bool
    /// For list elements: `children[2].birth_date`.
    public package(set) var path: String
}

/// A deadline of an eligible (or undetermined) offer.
public struct DeadlineResult: Sendable {
    public package(set) var label: LocalizedText
    public package(set) var due: Day?
    public package(set) var earliest: Day?
    public package(set) var passed: Bool
}

/// One declared detail of an offer, as it applies to the citizen.
public struct DetailResult: Sendable {
    /// An element of a `lists` detail (a child the offer is for).
    public struct Listed: Sendable {
        /// 1-based position in the list.
        public package(set) var number: Int
        public package(set) var born: Day?
        /// Whether information is missing to decide that it is listed.
        public package(set) var pending: Bool
    }
    public package(set) var name: String
    public package(set) var label: LocalizedText
    /// For text details: the Danish and English text chosen, or nil when unknown.
    public package(set) var chosen: LocalizedText?
    /// For `lists` details whose list is known: the matching elements; else nil.
    public package(set) var listed: [Listed]?
    /// For `lists` details: the 1-based numbers of the elements listed.
    public var numbers: [Int] { (listed ?? []).filter { !$0.pending }.map(\.number) }
    /// Facts the detail waits for.
    public package(set) var waitsFor: [String]
}

/// A priority ladder's steps and the one recommended.
public struct LadderResult: Sendable {
    /// Why a step is or is not the recommendation.
    public enum Note: Sendable {
        case awaitsAssessment, aboveFeasible, lowerStep, recommended, conditionNotMet, dependsOnMissing
    }
    public struct StepResult: Sendable {
        public package(set) var id: String
        public package(set) var title: LocalizedText
        public package(set) var note: Note
        public package(set) var applies: Truth
    }
    /// The recommended step's id, or nil when not yet known.
    public package(set) var recommended: String?
    public package(set) var steps: [StepResult]
}

/// Dates between which the citizen is eligible if nothing else changes.
public struct Window: Sendable {
    public package(set) var from: Day?
    public package(set) var until: Day?
}

/// Everything decided for one offer and one citizen.
public struct OfferResult: Sendable {
    public package(set) var offer: Int
    public package(set) var status: Status
    public package(set) var reasons: [Reason]
    public package(set) var missing: [Missing]
    public package(set) var deadlines: [DeadlineResult]
    public package(set) var window: Window?
    /// For an ineligible citizen: the first date on which she becomes eligible.
    public package(set) var eligibleFrom: Day?
    public package(set) var details: [DetailResult]
    public package(set) var ladder: LadderResult?
}
