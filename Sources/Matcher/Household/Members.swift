import RulesDSL

/// One person of a case: the case holder, the partner or a child, with the
/// profile the offers are decided on.
///
/// A member's profile holds the member's own facts, the household's facts
/// (`household` in the schema: given once, at the top of the case), and the
/// `inherited` facts the member has not recorded, taken over from the case
/// holder and listed in `inherited` (explanations say so). Nothing else is
/// taken from anyone.
public struct Member: Sendable {
    /// The member's place in the case.
    public enum Role: String, Sendable {
        /// The person the case is about (the top of the profile).
        case holder
        /// The holder's spouse or cohabitant (`partner`).
        case partner
        /// One of `children`.
        case child
    }
    public package(set) var role: Role
    /// For a child: its place in `children` as written, from 1; else 0.
    public package(set) var number: Int
    /// The member's id: its own `id` when recorded, else the case's id with
    /// `/partner` or `/child-N` (N as written), or those alone when the case
    /// has no id (`Member.derivedID`).
    public package(set) var id: String
    /// The profile the member's offers are decided on.
    public package(set) var profile: Profile
    /// Facts (by index in `RuleSet.facts`) taken over from the case holder.
    public package(set) var inherited: [Int]
    /// The member's birth date, when known.
    public package(set) var born: Day?
    /// Where the member is in the case's profile: the member fact (`children`,
    /// `partner`) and the element, from 0; -1 for the holder.
    package var list: Int
    package var element: Int

    /// The id of a member without one of its own.
    public static func derivedID(caseID: String?, role: Role, number: Int) -> String {
        let own: String
        switch role {
        case .holder: return caseID ?? "holder"
        case .partner: own = "partner"
        case .child: own = "child-\(number)"
        }
        return caseID.map { "\($0)/\(own)" } ?? own
    }
}

extension Matcher {
    /// The members of the case `profile`, in a caseworker's order: the
    /// holder, the partner, then the children oldest first (those whose
    /// birth date is unknown last, as written). A profile without partner or
    /// children is a household of one.
    public func members(of profile: Profile) -> [Member] {
        let rules = self.rules
        let birth = rules.factIndex("birth_date")
        func day(_ v: ProfileValue?) -> Day? { if case .date(let d)? = v { return d } else { return nil } }
        var out = [Member(role: .holder, number: 0, id: Member.derivedID(caseID: profile.id, role: .holder, number: 0),
                          profile: profile, inherited: [], born: birth.flatMap { day(profile.facts[$0]) }, list: -1, element: -1)]
        guard let pr = rules.personRecord else { return out }
        var children: [Member] = []
        for lf in rules.memberFacts {
            guard case .list(let rows)? = profile.facts[lf] else { continue }
            let role: Member.Role = rules.facts[lf].single ? .partner : .child
            for (k, row) in rows.enumerated() {
                let m = member(profile, role: role, list: lf, element: k, row: row, record: pr)
                if role == .partner { out.append(m) } else { children.append(m) }
            }
        }
        let ordered = children.enumerated().sorted { a, b in
            switch (a.element.born, b.element.born) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
        return out + ordered
    }

    /// Member `element` of member fact `list`, from its row of `person` fields.
    func member(_ profile: Profile, role: Member.Role, list: Int, element: Int, row: [ProfileValue?], record: Int) -> Member {
        let rules = self.rules
        var p = Profile(factCount: rules.facts.count, assessmentCount: rules.assessments.count)
        var inherited: [Int] = []
        var ownID: String?
        if let ids = profile.memberIDs[list], element < ids.count { ownID = ids[element] }
        for (k, fi) in rules.personFields.enumerated() where k < row.count {
            if rules.facts[fi].name == "id" {  // the member's `id` (a test writes it as a field), never a fact value
                if ownID == nil, case .string(let s)? = row[k] { ownID = s }
                continue
            }
            p.facts[fi] = row[k]
        }
        for (fi, f) in rules.facts.enumerated() {
            if f.household {
                p.facts[fi] = profile.facts[fi]
            } else if f.inherited, p.facts[fi] == nil, let v = profile.facts[fi] {
                p.facts[fi] = v
                inherited.append(fi)
            }
        }
        // The household's children are the partner's too; a child has none
        // recorded, and no member has a partner of its own here.
        for lf in rules.memberFacts where role == .partner && !rules.facts[lf].single {
            p.facts[lf] = profile.facts[lf]
            p.memberAssessments[lf] = profile.memberAssessments[lf]
        }
        if let own = profile.memberAssessments[list], element < own.count { p.assessments = own[element] }
        let number = role == .child ? element + 1 : 0
        p.id = ownID ?? Member.derivedID(caseID: profile.id, role: role, number: number)
        let birth = rules.factIndex("birth_date")
        var born: Day?
        if let b = birth, case .date(let d)? = p.facts[b] { born = d }
        return Member(role: role, number: number, id: p.id!, profile: p, inherited: inherited, born: born, list: list, element: element)
    }
}
