import Testing
import RedressDomain

/// `ActionInput.validated()`: a valid input becomes a `ValidAction` with its fields present, an
/// invalid one every error `validate()` names, so the lifecycle never unwraps a missing field.
@Suite struct ValidActionTests {
    @Test(arguments: Action.allCases)
    func everyCompleteInputBecomesAValidAction(action: Action) {
        #expect(throws: Never.self) { try LifecycleFixture.input(for: action).validated().get() }
    }

    @Test func aRejectionCarriesItsExplanationAndAValidVerdictItsOptionalNote() throws {
        let rejected = try ActionInput.assess(.init(valid: false, note: "Not our product")).validated().get()
        #expect(rejected == .assess(.init(verdict: .rejected(note: "Not our product"), category: nil, priority: nil)))
        let accepted = try ActionInput.assess(.init(valid: true)).validated().get()
        #expect(accepted == .assess(.init(verdict: .valid(note: nil), category: nil, priority: nil)))
    }

    @Test func anInvalidInputFailsWithEveryErrorValidateNames() {
        let inputs: [ActionInput] = [
            .assess(.init(valid: false)), .assign(.init(department: nil, assignee: " ")),
            .resolve(note: nil, notifiedVia: nil),
            .followUp(.init(method: nil, satisfied: true, score: 9)), .reopen(reason: nil),
        ]
        for input in inputs {
            guard case .failure(let invalid) = input.validated() else {
                Issue.record("\(input) was taken as valid")
                continue
            }
            #expect(!invalid.errors.isEmpty)
            #expect(invalid.errors == input.validate())
        }
    }
}
