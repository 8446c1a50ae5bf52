import RulesDSL

// What the engine decides, as values. Nothing here is worded: the Reports
// module turns these into Danish or English text, JSON and Markdown, so every
// front end says the same thing the same way.

/// The decision for one offer: eligible, ineligible or undetermined.
public enum Status: String, Sendable, CaseIterable {
    /// Every condition holds: the offer can be made.
    case eligible
    /// Some condition fails, whatever the missing facts turn out to be.
    case ineligible
    /// The decision waits for a missing fact or assessment (`OfferResult.missing`).
    case undetermined

    @inlinable package init(_ t: Truth) {
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
    /// A fact that cannot apply to the person (its `for` block does not hold).
    case notApplicable
    /// A yes/no value.
    case bool(Bool)
    /// A whole number.
    case int(Int64)
    /// A calendar day.
    case date(Day)
    /// Value `value` of the rule set's enum `type` (worded by `Wording.value(_:)`).
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

/// Whose label a shown value carries (worded by `Wording.label(_:)`).
public enum ValueSubject: Sendable, Equatable {
    /// A fact, by its index in `RuleSet.facts`.
    case fact(Int)
    /// An assessment, by its index in `RuleSet.assessments`.
    case assessment(Int)
    /// A derived value of the rule set (an age), by its index.
    case derived(Int)
    /// Derived value `index` of record `record` (a child's age).
    case recordDerived(record: Int, index: Int)
    /// A named condition of the rule set, by its index.
    case condition(Int)
    /// Field `field` of record `record` (a child's birth date).
    case field(record: Int, field: Int)
    /// The evaluation date.
    case evaluationDate
}

/// One value a condition read: whose it is and what it was.
public struct ReadValue: Sendable, Equatable {
    /// Whose value it is.
    public package(set) var subject: ValueSubject
    /// The value, before wording.
    public package(set) var value: ShownValue
    /// Whether the value is the case holder's, taken over (`inherited`).
    public package(set) var inherited = false
}

/// One condition that decided (or could decide) an offer.
public struct Reason: Sendable {
    /// Which part of an offer a reason checks.
    public enum Kind: String, Sendable {
        /// The offer is being set up and cannot be offered yet.
        case planned
        /// Whether the evaluation date lies in the offer's validity window.
        case validity
        /// Whether the citizen lives in the offer's municipality.
        case municipality
        /// A condition of the offer's `for` block: whom the offer is for.
        case target
        /// A condition of the offer's `eligible when`.
        case condition
        /// An assessment the offer requires.
        case assessment
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
    /// Which part of the offer the reason checks.
    public package(set) var kind: Kind
    package var subject: Subject
    /// The citizen's values the condition read.
    public package(set) var values: [ReadValue]
    /// Whether the condition holds, fails or waits for missing facts.
    public package(set) var outcome: Truth
    /// Where the condition is written in the rule files.
    public package(set) var range: SourceRange
    /// Fact and assessment names the condition reads.
    public package(set) var facts: [String]
}

/// A fact or assessment whose value could change the decision.
public struct Missing: Sendable, Hashable {
    /// The fact's or assessment's name, as profiles write it.
    public package(set) var name: String
    /// Whether it is an assessment (a caseworker's) rather than a fact.
    public package(set) var isAssessment: Bool
    /// For list elements: `children[2].birth_date`.
    public package(set) var path: String
}

/// A deadline of an eligible (or undetermined) offer.
public struct DeadlineResult: Sendable {
    /// What the deadline is for, as the rules label it.
    public package(set) var label: LocalizedText
    /// The last day, or nil when it cannot be computed yet.
    public package(set) var due: Day?
    /// The day it may not happen before (`from S`), when the rules give one and it is known.
    public package(set) var earliest: Day?
    /// Whether `due` lies before the evaluation date.
    public package(set) var passed: Bool
    /// When `due` cannot be computed yet: the facts it waits for.
    public package(set) var waitsFor: [String] = []
}

/// One declared detail of an offer, as it applies to the citizen.
public struct DetailResult: Sendable {
    /// An element of a `lists` detail (a child the offer is for).
    public struct Listed: Sendable {
        /// 1-based position in the list.
        public package(set) var number: Int
        /// The element's birth date, when its record has one and it is known.
        public package(set) var born: Day?
        /// Whether information is missing to decide that it is listed.
        public package(set) var pending: Bool
    }
    /// The detail's name in the rules.
    public package(set) var name: String
    /// What the detail is called in reports.
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
        /// The ladder's assessment has not been made.
        case awaitsAssessment
        /// The step is above the one the assessment found feasible.
        case aboveFeasible
        /// A higher step is recommended, or still depends on missing facts.
        case lowerStep
        /// The recommended step: the highest feasible one whose condition holds.
        case recommended
        /// The step's condition does not hold, so a lower step is tried.
        case conditionNotMet
        /// The step's condition waits for missing facts; no step is recommended yet.
        case dependsOnMissing
    }
    /// One step of the ladder, as it applies to the citizen.
    public struct StepResult: Sendable {
        /// The step's id in the rules.
        public package(set) var id: String
        /// What the step is called in reports.
        public package(set) var title: LocalizedText
        /// Why it is or is not the recommendation.
        public package(set) var note: Note
        /// Whether the step applies to the citizen.
        public package(set) var applies: Truth
    }
    /// The recommended step's id, or nil when not yet known.
    public package(set) var recommended: String?
    /// Every step, highest first (the rules' order).
    public package(set) var steps: [StepResult]
}

/// Dates between which the citizen is eligible if nothing else changes.
public struct Window: Sendable {
    /// The first eligible day, or nil when no earlier change was found.
    public package(set) var from: Day?
    /// The last eligible day, or nil when no later change was found.
    public package(set) var until: Day?
}

/// Everything decided for one offer and one citizen.
public struct OfferResult: Sendable {
    /// The offer, by its index in `RuleSet.offers`.
    public package(set) var offer: Int
    /// The decision.
    public package(set) var status: Status
    /// What decided it, the deciding reasons first.
    public package(set) var reasons: [Reason]
    /// For an undetermined offer: the facts and assessments that could decide it.
    public package(set) var missing: [Missing]
    /// The offer's deadlines, in the rules' order.
    public package(set) var deadlines: [DeadlineResult]
    /// For an eligible citizen: when she is eligible if nothing else changes.
    public package(set) var window: Window?
    /// For an ineligible citizen: the first date on which she becomes eligible.
    public package(set) var eligibleFrom: Day?
    /// The offer's declared details as they apply to the citizen; empty when ineligible.
    public package(set) var details: [DetailResult]
    /// The offer's priority ladder, if it has one and the citizen is not ineligible.
    public package(set) var ladder: LadderResult?

    /// Whether the citizen is outside the offer's target group (its `for`
    /// block does not hold): then the offer is not for them at all.
    public var outsideTarget: Bool { reasons.contains { $0.kind == .target && $0.outcome == .no } }
}
