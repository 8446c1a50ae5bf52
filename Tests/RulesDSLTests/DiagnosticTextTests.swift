import Testing
@testable import RulesDSL

/// One rule file and everything `matchctl check` must print for it, one
/// string per diagnostic: the `file:line:col: severity: message` line, the
/// source line, the caret line, then fix-its and notes.
struct RenderCase: Sendable, CustomTestStringConvertible {
    var name: String
    var source: String
    var expected: [String]
    var today: Day = testToday

    init(_ name: String, _ source: String, today: Day = testToday, _ expected: [String]) {
        self.name = name
        self.source = source
        self.today = today
        // Written without the final line break, for readability.
        self.expected = expected.map { $0 + "\n" }
    }

    var testDescription: String { name }
}

@Suite struct SchemaPrelude {
    @Test func preludeAloneIsClean() {
        #expect(check(prelude) == [])
    }

    @Test func offerHelperIsClean() {
        #expect(check(withPrelude(offer(""))) == [])
    }
}

@Suite struct SyntaxErrorText {
    static let cases: [RenderCase] = [
        RenderCase("expected X, found Y", withPrelude("fact x bool { label da \"X\" }\n"), [#"""
            t.rules:1:8: error: expected ':' after the fact's name (write 'fact x: type'), found 'bool'
            fact x bool { label da "X" }
                   ^~~~
            """#]),
        RenderCase("missing '}' before the next declaration",
                   withPrelude("offer o {\n  name da \"O\"\n  municipality roskilde\n  source \"s.txt\"\n"), [#"""
            t.rules:7:1: error: expected '}' to close offer 'o' before this declaration
            fact municipality: enum { roskilde, hilleroed, hedensted, frederikssund } {
            ^~~~
            """#]),
        RenderCase("missing '}' at the end of the file",
                   "offer o {\n  name da \"O\"\n  municipality national\n  source \"s.txt\"\n", [#"""
            t.rules:5:1: error: expected '}' to close offer 'o', found the end of the file

            ^
            """#]),
        RenderCase("unterminated string", withPrelude(offer("  provider \"Jobcenter Roskilde\n")), [#"""
            t.rules:5:12: error: unterminated string: a string must end with '"' on the same line
              provider "Jobcenter Roskilde
                       ^~~~~~~~~~~~~~~~~~~
            """#]),
        RenderCase("invalid escape", withPrelude(offer("  provider \"a\\qb\"\n")), [#"""
            t.rules:5:14: error: unknown escape '\q' in string; use \", \\, \n or \t
              provider "a\qb"
                         ^~
            """#]),
        RenderCase("invalid date", withPrelude(offer("  valid from 2021-13-45\n")), [#"""
            t.rules:5:14: error: '2021-13-45' is not a calendar date (write YYYY-MM-DD)
              valid from 2021-13-45
                         ^~~~~~~~~~
            """#]),
        RenderCase("29 February in a common year", withPrelude(offer("  valid to 2021-02-29\n")), [#"""
            t.rules:5:12: error: '2021-02-29' is not a calendar date (write YYYY-MM-DD)
              valid to 2021-02-29
                       ^~~~~~~~~~
            """#]),
        RenderCase("unknown declaration with a suggestion", withPrelude("ofer o {\n}\n"), [#"""
            t.rules:1:1: error: unknown declaration 'ofer'; expected fact, record, assessment, derived, condition, set, partner, offer or test
            ofer o {
            ^~~~
            t.rules:1:1: note: did you mean 'offer'?
            """#]),
        RenderCase("unknown offer item with a suggestion", withPrelude(offer("  sorce \"s.txt\"\n")), [#"""
            t.rules:5:3: error: unknown item 'sorce' in offer 'o'; expected one of 'name', 'description', 'for', 'municipality', 'theme', 'provider', 'partner', 'source', 'valid', 'review', 'planned', 'capacity', 'duration', 'hours', 'requires', 'deadline', 'eligible', 'detail', 'ladder'
              sorce "s.txt"
              ^~~~~
            t.rules:5:3: note: did you mean 'source'?
            """#]),
        RenderCase("non-ASCII name with a fix-it", withPrelude(offer("", name: "fritidspas_hillerød")), [#"""
            t.rules:1:7: error: names may use only a–z, 0–9 and '_'; 'fritidspas_hillerød' has other letters (Danish letters belong in strings and labels)
            offer fritidspas_hillerød {
                  ^~~~~~~~~~~~~~~~~~~
            t.rules:1:7: note: write 'fritidspas_hilleroed'
            """#]),
        RenderCase("'==' with a fix-it", withPrelude(offer("  eligible when {\n    gender == female\n  }\n")), [#"""
            t.rules:6:12: error: use '=' to compare, not '=='
                gender == female
                       ^~
            t.rules:6:12: note: replace '==' with '='
            """#]),
        RenderCase("'!' instead of 'not'", withPrelude(offer("  eligible when {\n    !in_association\n  }\n")), [#"""
            t.rules:6:5: error: unexpected '!'; write 'not' to negate a condition, '!=' for 'not equal'
                !in_association
                ^
            """#]),
        RenderCase("unexpected characters", withPrelude(offer("  capacity 10 @@\n")), [#"""
            t.rules:5:15: error: unexpected characters '@@'
              capacity 10 @@
                          ^~
            """#]),
        RenderCase("unknown type with a suggestion", withPrelude("fact x: boolean { label da \"X\" }\n"), [#"""
            t.rules:1:6: warning: fact 'x' is not used by any offer, derived value or condition
            fact x: boolean { label da "X" }
                 ^
            """#, #"""
            t.rules:1:9: error: unknown type 'boolean'; expected bool, int, string, date, enum, list or person
            fact x: boolean { label da "X" }
                    ^~~~~~~
            """#]),
        RenderCase("an item given twice", withPrelude(offer("  municipality hilleroed\n")), [#"""
            t.rules:5:3: error: 'municipality' is given twice in this offer
              municipality hilleroed
              ^~~~~~~~~~~~
            """#]),
        RenderCase("unknown outcome in a test",
                   withPrelude("test \"t\" {\n  date 2021-06-01\n  expect prelude_offer eligable\n}\n"), [#"""
            t.rules:1:6: warning: test "t" expects nothing
            test "t" {
                 ^~~
            """#, #"""
            t.rules:3:24: error: unknown outcome 'eligable'; expected eligible, ineligible, undetermined, deadline, step or detail
              expect prelude_offer eligable
                                   ^~~~~~~~
            t.rules:3:24: note: did you mean 'eligible'?
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct NameErrorText {
    static let cases: [RenderCase] = [
        RenderCase("misspelt fact", withPrelude(offer("  eligible when {\n    not in_asociation\n  }\n")), [#"""
            t.rules:6:9: error: unknown fact 'in_asociation'
                not in_asociation
                    ^~~~~~~~~~~~~
            t.rules:6:9: note: did you mean 'in_association'?
            """#]),
        RenderCase("unknown enum value", withPrelude(offer("  eligible when {\n    gender = Female\n  }\n")), [#"""
            t.rules:6:14: error: unknown value 'Female'
                gender = Female
                         ^~~~~~
            t.rules:6:14: note: did you mean 'female'?
            note: allowed values: female, male
            """#]),
        RenderCase("unknown enum value without a close match", withPrelude(offer("  eligible when {\n    gender = other\n  }\n")), [#"""
            t.rules:6:14: error: unknown value 'other'
                gender = other
                         ^~~~~
            note: allowed values: female, male
            """#]),
        RenderCase("unknown offer in a test",
                   withPrelude("test \"t\" {\n  date 2021-06-01\n  expect prelude_ofer eligible\n}\n"), [#"""
            t.rules:3:10: error: unknown offer 'prelude_ofer'
              expect prelude_ofer eligible
                     ^~~~~~~~~~~~
            t.rules:3:10: note: did you mean 'prelude_offer'?
            """#]),
        RenderCase("unknown partner with a suggestion",
                   withPrelude(offer("  partner foetex_roskild\n") + "partner foetex_roskilde {\n  name \"Føtex Roskilde\"\n  municipality roskilde\n}\n"), [#"""
            t.rules:5:11: error: unknown partner 'foetex_roskild'
              partner foetex_roskild
                      ^~~~~~~~~~~~~~
            t.rules:5:11: note: did you mean 'foetex_roskilde'?
            """#]),
        RenderCase("unknown partner, none declared", withPrelude(offer("  partner foetex\n")), [#"""
            t.rules:5:11: error: unknown partner 'foetex'
              partner foetex
                      ^~~~~~
            """#]),
        RenderCase("unknown assessment in 'requires'", withPrelude(offer("  requires needs_mentr\n")), [#"""
            t.rules:5:12: error: unknown assessment 'needs_mentr'
              requires needs_mentr
                       ^~~~~~~~~~~
            t.rules:5:12: note: did you mean 'needs_mentor'?
            """#]),
        RenderCase("a fact in 'requires'", withPrelude(offer("  requires in_association\n")), [#"""
            t.rules:5:12: error: 'in_association' is a fact, not an assessment; put it in 'eligible when'
              requires in_association
                       ^~~~~~~~~~~~~~
            """#]),
        RenderCase("unknown municipality", withPrelude(offer("", name: "p").replacing("municipality roskilde", with: "municipality roskild")), [#"""
            t.rules:3:16: error: unknown municipality 'roskild'
              municipality roskild
                           ^~~~~~~
            t.rules:3:16: note: did you mean 'roskilde'?
            """#]),
        RenderCase("a set used as a condition",
                   withPrelude("set schools = [\"A\"] { label da \"Skoler\" }\n" + offer("  eligible when { schools }\n")), [#"""
            t.rules:1:5: warning: set 'schools' is never used
            set schools = ["A"] { label da "Skoler" }
                ^~~~~~~
            """#, #"""
            t.rules:6:19: error: 'schools' is a set; use it with 'in', e.g. 'school in schools'
              eligible when { schools }
                              ^~~~~~~
            """#]),
        RenderCase("errors in a test profile",
                   withPrelude("test \"p\" {\n  date 2021-06-01\n  profile { school_grade = 12  gender = Female  shoe = 3  needs_mentor = true }\n  expect prelude_offer eligible because in_asociation\n}\n"), [#"""
            t.rules:3:28: error: 12 is outside the range of 'school_grade' (0 to 10)
              profile { school_grade = 12  gender = Female  shoe = 3  needs_mentor = true }
                                       ^~
            """#, #"""
            t.rules:3:41: error: unknown value 'Female' for 'gender'
              profile { school_grade = 12  gender = Female  shoe = 3  needs_mentor = true }
                                                    ^~~~~~
            t.rules:3:41: note: did you mean 'female'?
            note: allowed values: female, male
            """#, #"""
            t.rules:3:49: error: unknown fact 'shoe'; expected one of birth_date, children, gender, in_association, municipality, school_grade
              profile { school_grade = 12  gender = Female  shoe = 3  needs_mentor = true }
                                                            ^~~~
            """#, #"""
            t.rules:3:59: error: 'needs_mentor' is an assessment; record it under 'assessments { … }'
              profile { school_grade = 12  gender = Female  shoe = 3  needs_mentor = true }
                                                                      ^~~~~~~~~~~~
            """#, #"""
            t.rules:4:41: error: unknown fact or assessment 'in_asociation'
              expect prelude_offer eligible because in_asociation
                                                    ^~~~~~~~~~~~~
            t.rules:4:41: note: did you mean 'in_association'?
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct TypeAndRangeErrorText {
    static let cases: [RenderCase] = [
        RenderCase("date compared with a number", withPrelude(offer("  eligible when {\n    birth_date > 5\n  }\n")), [#"""
            t.rules:6:18: error: type mismatch: cannot compare 'birth_date' (a date) with '5' (a number)
                birth_date > 5
                             ^
            """#]),
        RenderCase("number compared with a date", withPrelude(offer("  eligible when {\n    5 < birth_date\n  }\n")), [#"""
            t.rules:6:9: error: type mismatch: cannot compare '5' (a number) with 'birth_date' (a date)
                5 < birth_date
                    ^~~~~~~~~~
            """#]),
        RenderCase("a number used as a condition", withPrelude(offer("  eligible when {\n    age\n  }\n")), [#"""
            t.rules:6:5: error: 'age' is a number, not a condition; compare it, e.g. 'age >= 18'
                age
                ^~~
            """#]),
        RenderCase("an enum used as a condition", withPrelude(offer("  eligible when {\n    gender\n  }\n")), [#"""
            t.rules:6:5: error: 'gender' is one of female, male, not a condition; compare it, e.g. 'gender = female'
                gender
                ^~~~~~
            """#]),
        RenderCase("value outside an int range", withPrelude(offer("  eligible when {\n    school_grade > 12\n  }\n")), [#"""
            t.rules:6:20: error: 12 is outside the range of 'school_grade' (0 to 10)
                school_grade > 12
                               ^~
            """#]),
        RenderCase("inverted 'between'", withPrelude(offer("  eligible when {\n    age between 17 and 6\n  }\n")), [#"""
            t.rules:6:17: error: inverted range: 17 is greater than 6, so this never holds
                age between 17 and 6
                            ^~~~~~~~
            t.rules:6:17: note: swap the bounds
            """#]),
        RenderCase("inverted int range", withPrelude("fact grade: int 10 to 0 { label da \"G\" }\n"), [#"""
            t.rules:1:6: warning: fact 'grade' is not used by any offer, derived value or condition
            fact grade: int 10 to 0 { label da "G" }
                 ^~~~~
            """#, #"""
            t.rules:1:17: error: inverted range: 10 is greater than 0
            fact grade: int 10 to 0 { label da "G" }
                            ^~~~~~~
            t.rules:1:17: note: swap the bounds
            """#]),
        RenderCase("inverted validity window", withPrelude(offer("  valid from 2022-01-01 to 2021-01-01\n")), [#"""
            t.rules:5:14: error: inverted validity window: it ends (2021-01-01) before it starts (2022-01-01)
              valid from 2022-01-01 to 2021-01-01
                         ^~~~~~~~~~~~~~~~~~~~~~~~
            """#]),
        RenderCase("review before the offer starts", withPrelude(offer("  valid from 2022-01-01\n  review 2021-12-31\n")), [#"""
            t.rules:6:10: error: review date 2021-12-31 comes before the offer starts (2022-01-01)
              review 2021-12-31
                     ^~~~~~~~~~
            """#]),
        RenderCase("extension shorter than the duration; capacity 0",
                   withPrelude(offer("  duration 6 months extendable to 3 months\n  capacity 0\n")), [#"""
            t.rules:5:35: error: the extension (3 months) must be longer than the duration (6 months)
              duration 6 months extendable to 3 months
                                              ^~~~~~~~
            """#, #"""
            t.rules:6:12: error: capacity must be at least 1, not 0
              capacity 0
                       ^
            """#]),
        RenderCase("inverted hours", withPrelude(offer("  hours 6 to 2 per week\n")), [#"""
            t.rules:5:9: error: inverted range: 6 is greater than 2 hours
              hours 6 to 2 per week
                    ^~~~~~
            """#]),
        RenderCase("condition that can never hold ('and')", withPrelude(offer("  eligible when {\n    age >= 18 and age < 15\n  }\n")), [#"""
            t.rules:6:19: error: this condition can never hold: 'age < 15' contradicts 'age >= 18'
                age >= 18 and age < 15
                              ^~~~~~~~
            t.rules:6:5: note: the contradicting condition is here
                age >= 18 and age < 15
                ^~~~~~~~~
            """#]),
        RenderCase("condition that can never hold (block lines)",
                   withPrelude(offer("  eligible when {\n    age >= 18\n    gender = female\n    age < 15\n  }\n")), [#"""
            t.rules:8:5: error: this condition can never hold: 'age < 15' contradicts 'age >= 18'
                age < 15
                ^~~~~~~~
            t.rules:6:5: note: the contradicting condition is here
                age >= 18
                ^~~~~~~~~
            """#]),
        RenderCase("condition that can never hold (yes/no fact)",
                   withPrelude(offer("  eligible when {\n    in_association\n    not in_association\n  }\n")), [#"""
            t.rules:7:5: error: this condition can never hold: 'not in_association' contradicts 'in_association'
                not in_association
                ^~~~~~~~~~~~~~~~~~
            t.rules:6:5: note: the contradicting condition is here
                in_association
                ^~~~~~~~~~~~~~
            """#]),
        RenderCase("condition that can never hold (enum, in a named condition)",
                   withPrelude("condition woman_and_man {\n  label da \"Umulig\"\n  gender = female\n  gender = male\n}\n"
                               + offer("  eligible when { woman_and_man }\n")), [#"""
            t.rules:4:3: error: this condition can never hold: 'gender = male' contradicts 'gender = female'
              gender = male
              ^~~~~~~~~~~~~
            t.rules:3:3: note: the contradicting condition is here
              gender = female
              ^~~~~~~~~~~~~~~
            """#]),
        RenderCase("'96 hours' is four days", withPrelude(offer("  deadline birth_date + 96 hours\n")), []),
        RenderCase("'5 hours' is part of a day", withPrelude(offer("  deadline birth_date + 96 hours\n  deadline birth_date + 5 hours\n")), [#"""
            t.rules:6:25: error: dates have no time of day: 5 hours is not a whole number of days
              deadline birth_date + 5 hours
                                    ^~~~~~~
            """#]),
        RenderCase("'1 hour' (singular) is part of a day", withPrelude(offer("  deadline birth_date - 1 hour\n")), [#"""
            t.rules:5:25: error: dates have no time of day: 1 hour is not a whole number of days
              deadline birth_date - 1 hour
                                    ^~~~~~
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct DeclarationErrorText {
    static let cases: [RenderCase] = [
        RenderCase("fact declared twice", withPrelude("fact in_association: bool { label da \"F\" }\n"), [#"""
            t.rules:10:6: error: duplicate fact 'in_association'
            fact in_association: bool { label da "Foreningsaktiv" en "In an association" }
                 ^~~~~~~~~~~~~~
            t.rules:1:6: note: 'in_association' was first declared here
            fact in_association: bool { label da "F" }
                 ^~~~~~~~~~~~~~
            """#]),
        RenderCase("a name declared as a fact and a condition",
                   withPrelude("fact shoe: int { label da \"Sko\" }\ncondition shoe {\n  label da \"Sko\"\n  in_association\n}\n"), [#"""
            t.rules:1:6: warning: fact 'shoe' is not used by any offer, derived value or condition
            fact shoe: int { label da "Sko" }
                 ^~~~
            """#, #"""
            t.rules:2:11: error: 'shoe' is already declared as a fact
            condition shoe {
                      ^~~~
            t.rules:1:6: note: 'shoe' was first declared here
            fact shoe: int { label da "Sko" }
                 ^~~~
            """#, #"""
            t.rules:2:11: warning: condition 'shoe' is never used
            condition shoe {
                      ^~~~
            """#]),
        RenderCase("offer without a Danish name, a source and a municipality", withPrelude("offer o {\n  theme leisure\n}\n"), [#"""
            t.rules:1:7: error: offer 'o' has no Danish name; add 'name da "…" en "…"'
            offer o {
                  ^
            """#, #"""
            t.rules:1:7: error: offer 'o' has no source citation; add 'source "<seed file>" section "…" quote "…"'
            offer o {
                  ^
            """#, #"""
            t.rules:1:7: error: offer 'o' has no municipality; add 'municipality <name>' or 'municipality national'
            offer o {
                  ^
            """#]),
        RenderCase("offer with only an English name", withPrelude("offer o {\n  name en \"O\"\n  municipality national\n  source \"s.txt\"\n}\n"), [#"""
            t.rules:1:7: error: offer 'o' has no Danish name; add 'name da "…" en "…"'
            offer o {
                  ^
            """#]),
        RenderCase("missing Danish labels", withPrelude("fact x: bool\ncondition c { x }\n"), [#"""
            t.rules:1:6: error: fact 'x' has no Danish label; add 'label da "…" en "…"'
            fact x: bool
                 ^
            """#, #"""
            t.rules:2:11: error: condition 'c' has no Danish label; add 'label da "…" en "…"' inside it
            condition c { x }
                      ^
            """#, #"""
            t.rules:2:11: warning: condition 'c' is never used
            condition c { x }
                      ^
            """#]),
        RenderCase("review date passed", withPrelude(offer("  review 2021-05-31\n")), [#"""
            t.rules:5:10: warning: offer 'o' was due for review on 2021-05-31, which has passed (as of 2021-06-01)
              review 2021-05-31
                     ^~~~~~~~~~
            """#]),
        RenderCase("review date passed, judged against another today",
                   withPrelude(offer("  review 2022-12-31\n")), today: Day("2023-01-01")!, [#"""
            t.rules:5:10: warning: offer 'o' was due for review on 2022-12-31, which has passed (as of 2023-01-01)
              review 2022-12-31
                     ^~~~~~~~~~
            """#]),
        RenderCase("review date not yet passed", withPrelude(offer("  review 2021-05-31\n")), today: Day("2021-05-01")!, []),
        RenderCase("review date is today", withPrelude(offer("  review 2021-06-01\n")), []),
        RenderCase("unused fact, derived value, condition, set and partner",
                   withPrelude("fact shoe_size: int { label da \"Skostørrelse\" }\nderived double_age = age + age { label da \"D\" }\ncondition lonely { label da \"L\"\n  not in_association\n}\nset schools = [\"A\", \"B\"] { label da \"Skoler\" }\npartner p { name \"P\" }\n"), [#"""
            t.rules:1:6: warning: fact 'shoe_size' is not used by any offer, derived value or condition
            fact shoe_size: int { label da "Skostørrelse" }
                 ^~~~~~~~~
            """#, #"""
            t.rules:2:9: warning: derived value 'double_age' is never used
            derived double_age = age + age { label da "D" }
                    ^~~~~~~~~~
            """#, #"""
            t.rules:3:11: warning: condition 'lonely' is never used
            condition lonely { label da "L"
                      ^~~~~~
            """#, #"""
            t.rules:6:5: warning: set 'schools' is never used
            set schools = ["A", "B"] { label da "Skoler" }
                ^~~~~~~
            """#, #"""
            t.rules:7:9: warning: partner 'p' is not named by any offer
            partner p { name "P" }
                    ^
            """#]),
        RenderCase("cycle in derived values",
                   withPrelude("derived a = b + 1 { label da \"A\" }\nderived b = a + 1 { label da \"B\" }\n" + offer("  eligible when { a > 1 }\n")), [#"""
            t.rules:1:9: error: derived value 'a' depends on itself
            derived a = b + 1 { label da "A" }
                    ^
            """#]),
        RenderCase("cycle in conditions",
                   withPrelude("condition a { label da \"A\"\n  b\n}\ncondition b { label da \"B\"\n  a\n}\n" + offer("  eligible when { a }\n")), [#"""
            t.rules:1:11: error: condition 'a' depends on itself
            condition a { label da "A"
                      ^
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct LadderErrorText {
    static let choice = "assessment step_choice: enum { job, subsidy, training } { label da \"Trin\" }\n"

    static let cases: [RenderCase] = [
        RenderCase("a correct ladder", withPrelude(offer("  ladder by step_choice {\n    step job { name da \"Job\" }\n    step subsidy { name da \"Løntilskud\" when age >= 18 }\n    step training { name da \"Træning\" }\n  }\n") + choice), []),
        RenderCase("steps out of order",
                   withPrelude(offer("  ladder by step_choice {\n    step subsidy { name da \"Løntilskud\" }\n    step job { name da \"Job\" }\n    step training { name da \"Træning\" }\n  }\n") + choice), [#"""
            t.rules:5:3: error: the ladder's steps must be in the same order as the values of 'step_choice' (job, subsidy, training)
              ladder by step_choice {
              ^
            """#]),
        RenderCase("a missing and an unknown step",
                   withPrelude(offer("  ladder by step_choice {\n    step job { name da \"Job\" }\n    step subsidy { name da \"Løntilskud\" }\n    step trianing { name da \"Træning\" }\n  }\n") + choice), [#"""
            t.rules:5:3: error: the ladder has no step for 'training', a value of 'step_choice'
              ladder by step_choice {
              ^
            """#, #"""
            t.rules:8:10: error: unknown step 'trianing' (the steps are the values of 'step_choice')
                step trianing { name da "Træning" }
                     ^~~~~~~~
            t.rules:8:10: note: did you mean 'training'?
            """#]),
        RenderCase("a step without a Danish name",
                   withPrelude(offer("  ladder by step_choice {\n    step job\n    step subsidy { name da \"Løntilskud\" }\n    step training { name da \"Træning\" }\n  }\n") + choice), [#"""
            t.rules:6:10: error: step 'job' has no Danish name; add '{ name da "…" en "…" }'
                step job
                     ^~~
            """#]),
        RenderCase("a ladder by a yes/no assessment", withPrelude(offer("  ladder by needs_mentor {\n    step a\n  }\n")), [#"""
            t.rules:5:13: error: a ladder is chosen by an assessment with values ('assessment needs_mentor: enum { … }'), but 'needs_mentor' is yes/no
              ladder by needs_mentor {
                        ^~~~~~~~~~~~
            """#]),
        RenderCase("a ladder by an unknown assessment", withPrelude(offer("  ladder by step_choise {\n    step job\n  }\n") + choice), [#"""
            t.rules:5:13: error: unknown assessment 'step_choise'
              ladder by step_choise {
                        ^~~~~~~~~~~
            t.rules:5:13: note: did you mean 'step_choice'?
            """#]),
        RenderCase("expecting a step of an offer without a ladder",
                   withPrelude("test \"t\" {\n  date 2021-06-01\n  expect prelude_offer step job\n}\n"), [#"""
            t.rules:3:3: error: offer 'prelude_offer' has no ladder
              expect prelude_offer step job
              ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct TestErrorText {
    static let detailOffer = offer("  detail support label da \"Støtte\" {\n    when in_association: da \"Forening\"\n    otherwise: da \"Ingen forening\"\n  }\n")

    static let cases: [RenderCase] = [
        RenderCase("a test without a date and expectations", withPrelude("test \"t\" {\n  profile { gender = female }\n}\n"), [#"""
            t.rules:1:6: error: test "t" has no date; add 'date YYYY-MM-DD'
            test "t" {
                 ^~~
            """#, #"""
            t.rules:1:6: warning: test "t" expects nothing
            test "t" {
                 ^~~
            """#]),
        RenderCase("a fact given twice in a profile",
                   withPrelude("test \"t\" {\n  date 2021-06-01\n  profile { gender = female\n            gender = male }\n  expect prelude_offer eligible\n}\n"), [#"""
            t.rules:4:13: error: 'gender' is given twice in the profile
                        gender = male }
                        ^~~~~~
            t.rules:3:13: note: first given here
              profile { gender = female
                        ^~~~~~
            """#]),
        RenderCase("a value of the wrong type in a profile",
                   withPrelude("test \"t\" {\n  date 2021-06-01\n  profile { in_association = 3  birth_date = \"2011-03-04\" }\n  assessments { needs_mentr = true }\n  expect prelude_offer eligible\n}\n"), [#"""
            t.rules:3:30: error: 'in_association' must be a yes/no value, but the number 3 was given
              profile { in_association = 3  birth_date = "2011-03-04" }
                                         ^
            """#, #"""
            t.rules:3:46: error: 'birth_date' must be a date, but a text was given
              profile { in_association = 3  birth_date = "2011-03-04" }
                                                         ^~~~~~~~~~~~
            """#, #"""
            t.rules:4:17: error: unknown assessment 'needs_mentr'
              assessments { needs_mentr = true }
                            ^~~~~~~~~~~
            t.rules:4:17: note: did you mean 'needs_mentor'?
            """#]),
        RenderCase("expecting a deadline of an offer without one",
                   withPrelude("test \"t\" {\n  date 2021-06-01\n  expect prelude_offer deadline 2021-06-07\n}\n"), [#"""
            t.rules:3:3: error: offer 'prelude_offer' has no deadline to expect
              expect prelude_offer deadline 2021-06-07
              ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            """#]),
        RenderCase("expecting details",
                   withPrelude(detailOffer + "test \"t\" {\n  date 2021-06-01\n  expect o detail suport \"Forening\"\n  expect o detail support \"Noget andet\"\n  expect o detail support lists 1\n  expect o detail support \"Ingen forening\"\n}\n"), [#"""
            t.rules:12:19: error: unknown detail 'suport' of offer 'o'
              expect o detail suport "Forening"
                              ^~~~~~
            t.rules:12:19: note: did you mean 'support'?
            """#, #"""
            t.rules:13:27: error: detail 'support' never gives the text "Noget andet"
              expect o detail support "Noget andet"
                                      ^~~~~~~~~~~~~
            note: its texts: "Forening", "Ingen forening"
            """#, #"""
            t.rules:14:3: error: detail 'support' is a text; write 'expect o detail support "…"'
              expect o detail support lists 1
              ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            """#]),
        RenderCase("a detail case after 'otherwise'",
                   withPrelude(offer("  detail support {\n    otherwise: da \"Ingen forening\"\n    when in_association: da \"Forening\"\n  }\n")), [#"""
            t.rules:7:5: warning: this case comes after 'otherwise' and is never used
                when in_association: da "Forening"
                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct EnumValueLabels {
    @Test func labelsAreKeptWithTheValues() {
        let src = "fact gender: enum {\n  female = da \"kvinde\" en \"woman\",\n  male = da \"mand\"\n  other\n} { label da \"Køn\" }\n" + offer("  municipality national\n  eligible when { gender = female }\n").replacing("  municipality roskilde\n", with: "")
        let (rules, diagnostics, _) = Frontend.load([SourceFile(path: "t.rules", text: src)], today: testToday)
        #expect(diagnostics.isEmpty)
        let e = rules.enums.first { $0.name == "gender" }
        #expect(e?.values == ["female", "male", "other"])
        #expect(e.map { [$0.label(0, .da), $0.label(0, .en), $0.label(1, .en), $0.label(2, .da)] } == ["kvinde", "woman", "mand", "other"])
    }
}

@Suite struct ExpressionErrorText {
    static func when(_ line: String) -> String {
        withPrelude(offer("  eligible when {\n    \(line)\n  }\n"))
    }

    static let cases: [RenderCase] = [
        RenderCase("unknown function", when("yeers_since(birth_date) > 5"), [#"""
            t.rules:6:5: error: unknown function 'yeers_since'
                yeers_since(birth_date) > 5
                ^~~~~~~~~~~
            t.rules:6:5: note: did you mean 'years_since'?
            """#]),
        RenderCase("a function with two arguments", when("years_since(birth_date, birth_date) > 5"), [#"""
            t.rules:6:5: error: 'years_since' takes one date, not 2 arguments
                years_since(birth_date, birth_date) > 5
                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            """#]),
        RenderCase("a function given a number", when("years_since(age) > 5"), [#"""
            t.rules:6:17: error: 'years_since' needs a date, but 'age' is a number
                years_since(age) > 5
                            ^~~
            """#]),
        RenderCase("subtracting two dates", when("today - birth_date > 5"), [#"""
            t.rules:6:5: error: cannot subtract two dates; use days_since, months_since or years_since
                today - birth_date > 5
                ^~~~~~~~~~~~~~~~~~
            """#]),
        RenderCase("adding a number to a date", when("birth_date + 5 > today"), [#"""
            t.rules:6:5: error: cannot add a number '5' to a date 'birth_date'
                birth_date + 5 > today
                ^~~~~~~~~~~~~~
            """#]),
        RenderCase("'<' on an enum", when("gender < female"), [#"""
            t.rules:6:5: error: '<' compares numbers or dates, but 'gender' is one of female, male
                gender < female
                ^~~~~~~~~~~~~~~
            """#]),
        RenderCase("a name in a list after 'in'", when("gender in [female, age]"), [#"""
            t.rules:6:24: error: a list after 'in' holds fixed values, not 'age'
                gender in [female, age]
                                   ^~~
            """#]),
        RenderCase("'any of' without conditions", when("any of { }"), [#"""
            t.rules:6:5: error: 'any of' needs at least one condition
                any of { }
                ^~~~~~~~~~
            """#]),
        RenderCase("a quantifier over a fact that is not a list", when("any gender where age < 5"), [#"""
            t.rules:6:9: error: 'gender' is one of female, male, not a list
                any gender where age < 5
                    ^~~~~~
            """#]),
        RenderCase("a quantifier over a misspelt list", when("any childen where age < 5"), [#"""
            t.rules:6:9: error: unknown list 'childen'
                any childen where age < 5
                    ^~~~~~~
            t.rules:6:9: note: did you mean 'children'?
            """#]),
        RenderCase("a quantifier over an unknown list", when("any childs where age < 5"), [#"""
            t.rules:6:9: error: unknown list 'childs'; expected one of children
                any childs where age < 5
                    ^~~~~~
            """#]),
        RenderCase("'by date' out of order",
                   withPrelude("derived top = by date { 2020-08-01: 1  2019-08-01: 0 } { label da \"Top\" }\n" + offer("  eligible when { top > 0 }\n")), [#"""
            t.rules:1:52: error: dates in 'by date' must be in increasing order: 2019-08-01 does not come after 2020-08-01
            derived top = by date { 2020-08-01: 1  2019-08-01: 0 } { label da "Top" }
                                                               ^
            """#]),
        RenderCase("an empty set and a value listed twice",
                   withPrelude("set none = [] { label da \"Ingen\" }\nset twice = [\"A\", \"A\"] { label da \"To\" }\n" + offer("  eligible when {\n    gender in none\n  }\n")), [#"""
            t.rules:1:5: error: set 'none' is empty
            set none = [] { label da "Ingen" }
                ^~~~
            """#, #"""
            t.rules:2:5: warning: set 'twice' is never used
            set twice = ["A", "A"] { label da "To" }
                ^~~~~
            """#, #"""
            t.rules:2:19: warning: '"A"' is listed twice in set 'twice'
            set twice = ["A", "A"] { label da "To" }
                              ^~~
            """#]),
        RenderCase("Danish text twice; text without a language",
                   withPrelude(offer("  description da \"a\" da \"b\"\n  provider \"p\"\n").replacing("  name da \"O\"\n", with: "  name \"O\"\n")), [#"""
            t.rules:2:8: error: expected 'da' or 'en' before the text after 'name'
              name "O"
                   ^~~
            t.rules:2:8: note: insert 'da '
            """#, #"""
            t.rules:5:22: error: Danish text given twice after 'description'
              description da "a" da "b"
                                 ^~
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}

@Suite struct SchemaErrorText {
    static let cases: [RenderCase] = [
        RenderCase("a list inside a record",
                   withPrelude("record family {\n  fact kids: list of child { label da \"Børn\" }\n}\n"), [#"""
            t.rules:2:14: error: a record's field cannot be a list
              fact kids: list of child { label da "Børn" }
                         ^~~~~~~~~~~~~
            """#]),
        RenderCase("a list of an unknown record", withPrelude("fact pets: list of pet { label da \"Dyr\" }\n"), [#"""
            t.rules:1:6: warning: fact 'pets' is not used by any offer, derived value or condition
            fact pets: list of pet { label da "Dyr" }
                 ^~~~
            """#, #"""
            t.rules:1:20: error: unknown record 'pet'; expected one of child, person
            fact pets: list of pet { label da "Dyr" }
                               ^~~
            """#]),
        RenderCase("an assessment that is neither yes/no nor an enum",
                   withPrelude("assessment level: int { label da \"Niveau\" }\n"), [#"""
            t.rules:1:12: error: an assessment is yes/no, or 'enum { … }' for a choice among values
            assessment level: int { label da "Niveau" }
                       ^~~~~~~~~~
            """#]),
        RenderCase("a value listed twice in an enum",
                   withPrelude("fact color: enum { red, blue, red } { label da \"Farve\" }\n" + offer("  eligible when { color = red }\n")), [#"""
            t.rules:1:31: error: duplicate value 'red' in 'color'
            fact color: enum { red, blue, red } { label da "Farve" }
                                          ^~~
            t.rules:1:20: note: first listed here
            fact color: enum { red, blue, red } { label da "Farve" }
                               ^~~
            """#]),
        RenderCase("no municipality fact in the schema",
                   "offer o {\n  name da \"O\"\n  municipality roskilde\n  source \"s.txt\"\n}\n", [#"""
            t.rules:3:16: error: the schema has no 'fact municipality: enum { … }' to check 'roskilde' against
              municipality roskilde
                           ^~~~~~~~
            """#]),
        RenderCase("partners: no name, no places, another municipality",
                   withPrelude(offer("  partner p\n") + "partner p {\n  municipality hilleroed\n  places 0\n}\n"), [#"""
            t.rules:5:11: warning: partner 'p' is in hilleroed, but offer 'o' is for roskilde
              partner p
                      ^
            """#, #"""
            t.rules:7:9: error: partner 'p' has no name; add 'name "…"'
            partner p {
                    ^
            """#, #"""
            t.rules:9:10: error: a partner's places must be at least 1, not 0
              places 0
                     ^
            """#]),
    ]

    @Test(arguments: cases) func rendered(_ c: RenderCase) {
        #expect(check(c.source, today: c.today) == c.expected)
    }
}
