import Testing
import RedressDomain

/// Every field rule of every action's body, with the field path and message a client sees.
@Suite struct ActionInputValidationTests {
    static let long = String(repeating: "长", count: 20_001)
    static let longName = String(repeating: "n", count: 201)

    static func proposal(_ change: (inout ActionInput.RemedyProposal) -> Void) -> ActionInput {
        var proposal = ActionInput.RemedyProposal(
            remedies: [.refundPartial], amountMinor: 100, description: "Half back",
            rootCause: "Late courier")
        change(&proposal)
        return .propose(proposal)
    }

    @Test(arguments: Action.allCases)
    func theCompleteInputForEachActionIsValid(action: Action) {
        #expect(LifecycleFixture.input(for: action).validate().isEmpty)
    }

    @Test(arguments: [
        (ActionInput.assess(.init(valid: nil)), [FieldError("valid", "is required")]),
        (
            .assess(.init(valid: false)),
            [FieldError("note", "is required when valid is false: it is the explanation the customer reads")]
        ),
        (.assess(.init(valid: true, category: "")), [FieldError("category", "must not be empty")]),
        (.assess(.init(valid: true, note: long)), [FieldError("note", "must be at most 20000 characters")]),
        (
            .assign(.init(department: nil, assignee: nil)),
            [FieldError("department", "is required"), FieldError("assignee", "is required")]
        ),
        (
            .assign(.init(department: "after_sales", assignee: longName)),
            [FieldError("assignee", "must be at most 200 characters")]
        ),
        (
            .investigate(.init(findings: "", rootCause: long)),
            [FieldError("findings", "must not be empty"), FieldError("root_cause", "must be at most 20000 characters")]
        ),
        (
            .propose(.init(remedies: nil, description: nil, rootCause: nil)),
            [
                FieldError("remedies", "is required"), FieldError("description", "is required"),
                FieldError("root_cause", "is required"),
            ]
        ),
        (proposal { $0.remedies = [] }, [FieldError("remedies", "must name at least one remedy")]),
        (
            proposal { $0.remedies = [.apology, .refundPartial, .apology] },
            [FieldError("remedies", "must not repeat a remedy")]
        ),
        (proposal { $0.amountMinor = -1 }, [FieldError("amount_minor", "must not be negative")]),
        (
            proposal { $0.amountMinor = nil },
            [
                FieldError(
                    "amount_minor",
                    "is required when the remedies include any of refund_full, refund_partial, compensation")
            ]
        ),
        (
            proposal { $0.currency = "cny" },
            [FieldError("currency", "must be a three-letter ISO 4217 code in capitals, such as CNY")]
        ),
        (
            proposal { $0.currency = "CNYY" },
            [FieldError("currency", "must be a three-letter ISO 4217 code in capitals, such as CNY")]
        ),
        (
            proposal {
                $0.remedies = [.apology]; $0.amountMinor = nil; $0.currency = "CNY"
            },
            [FieldError("currency", "is only given with amount_minor")]
        ),
        (proposal { $0.description = " " }, [FieldError("description", "must not be empty")]),
        (
            proposal { $0.responsibility = .init(department: "", person: longName, penaltyMinor: -200) },
            [
                FieldError("responsibility.department", "must not be empty"),
                FieldError("responsibility.person", "must be at most 200 characters"),
                FieldError("responsibility.penalty_minor", "must not be negative"),
            ]
        ),
        (.approve(comment: ""), [FieldError("comment", "must not be empty")]),
        (.sendBack(comment: nil), [FieldError("comment", "is required")]),
        (
            .resolve(note: nil, notifiedVia: nil),
            [FieldError("note", "is required"), FieldError("notified_via", "is required")]
        ),
        (.resolve(note: "Done", notifiedVia: longName), [FieldError("notified_via", "must be at most 200 characters")]),
        (
            .followUp(.init(method: nil, satisfied: nil, score: nil)),
            [
                FieldError("method", "is required"), FieldError("satisfied", "is required"),
                FieldError("score", "is required"),
            ]
        ),
        (
            .followUp(.init(method: .letter, satisfied: false, score: 0, comment: "")),
            [FieldError("score", "must be from 1 to 5"), FieldError("comment", "must not be empty")]
        ),
        (.withdraw(reason: nil), [FieldError("reason", "is required")]),
        (.escalate(reason: "\t"), [FieldError("reason", "must not be empty")]),
        (.reopen(reason: long), [FieldError("reason", "must be at most 20000 characters")]),
    ])
    func eachBrokenRuleNamesItsField(input: ActionInput, errors: [FieldError]) {
        #expect(input.validate() == errors)
    }

    @Test func optionalFieldsMayBeLeftOut() {
        #expect(ActionInput.approve(comment: nil).validate().isEmpty)
        #expect(ActionInput.investigate(.init()).validate().isEmpty)
        #expect(ActionInput.assess(.init(valid: true)).validate().isEmpty)
        #expect(
            Self.proposal {
                $0.remedies = [.apology, .explanation]; $0.amountMinor = nil
            }.validate().isEmpty)
        #expect(
            Self.proposal {
                $0.amountMinor = 0; $0.responsibility = .init(department: nil, person: nil, penaltyMinor: 0)
            }
            .validate().isEmpty)
    }

    @Test func limitsCountCharacters() {
        #expect(ActionInput.withdraw(reason: String(repeating: "长", count: 20_000)).validate().isEmpty)
        #expect(
            ActionInput.assign(.init(department: "after_sales", assignee: String(repeating: "李", count: 200)))
                .validate().isEmpty)
    }

    @Test(arguments: [
        ("CNY", true), ("USD", true), ("cny", false), ("CN", false), ("CNYY", false), ("C1Y", false), ("ÇNY", false),
    ])
    func currencyCodesAreThreeCapitalLetters(code: String, valid: Bool) {
        #expect(ActionInput.isCurrencyCode(code) == valid)
    }

    @Test func theActionOfEachInputIsItsOwn() {
        #expect(Action.allCases.map { LifecycleFixture.input(for: $0).action } == Action.allCases)
    }
}
