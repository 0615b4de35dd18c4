import Testing
import RedressDomain

/// Every status × action × role against the lifecycle table of API.md, written out here as data
/// rather than read from the code under test.
@Suite struct LifecycleTableTests {
    /// One row of API.md's table: the action, the least role, and each source status with the
    /// status it leads to (for the inputs `LifecycleFixture.input(for:)` gives).
    static let table: [(action: Action, role: Role, moves: [(from: Status, to: Status)])] = [
        (.assess, .agent, [(.received, .accepted)]),
        (
            .assign, .agent,
            [
                (.accepted, .assigned), (.assigned, .assigned), (.investigating, .investigating),
                (.proposed, .proposed),
            ]
        ),
        (.investigate, .agent, [(.assigned, .investigating), (.investigating, .investigating)]),
        (.propose, .agent, [(.investigating, .proposed)]),
        (.approve, .supervisor, [(.proposed, .approved)]),
        (.sendBack, .supervisor, [(.proposed, .investigating)]),
        (.resolve, .agent, [(.approved, .resolved)]),
        (.followUp, .agent, [(.resolved, .closed)]),
        (
            .contact, .agent,
            [
                (.received, .received), (.accepted, .accepted), (.assigned, .assigned),
                (.investigating, .investigating), (.proposed, .proposed), (.approved, .approved),
                (.resolved, .resolved), (.awaitingCustomer, .awaitingCustomer),
            ]
        ),
        (
            .awaitCustomer, .agent,
            [
                (.received, .awaitingCustomer), (.accepted, .awaitingCustomer),
                (.assigned, .awaitingCustomer), (.investigating, .awaitingCustomer),
                (.proposed, .awaitingCustomer), (.approved, .awaitingCustomer),
            ]
        ),
        (.customerReplied, .agent, [(.awaitingCustomer, .investigating)]),
        (
            .withdraw, .agent,
            [
                (.received, .withdrawn), (.accepted, .withdrawn), (.assigned, .withdrawn),
                (.investigating, .withdrawn), (.proposed, .withdrawn), (.approved, .withdrawn),
                (.resolved, .withdrawn), (.awaitingCustomer, .withdrawn),
            ]
        ),
        (
            .escalate, .agent,
            [
                (.received, .received), (.accepted, .accepted), (.assigned, .assigned),
                (.investigating, .investigating), (.proposed, .proposed), (.approved, .approved),
                (.resolved, .resolved), (.awaitingCustomer, .awaitingCustomer),
            ]
        ),
        (.reopen, .supervisor, [(.closed, .investigating), (.rejected, .received)]),
        (.answerProposal, .agent, [(.approved, .approved)]),
        (
            .merge, .agent,
            [
                (.received, .merged), (.accepted, .merged), (.assigned, .merged), (.investigating, .merged),
                (.proposed, .merged), (.approved, .merged), (.resolved, .merged), (.awaitingCustomer, .merged),
            ]
        ),
    ]

    /// What one cell of the table expects.
    enum Outcome: Equatable {
        case moves(to: Status)
        case forbidden(required: Role)
        case notAllowed(allowed: [Action])
    }

    /// One status × action × role.
    struct Cell: Sendable, CustomTestStringConvertible {
        let status: Status
        let action: Action
        let role: Role

        var testDescription: String { "\(action.rawValue) by \(role.rawValue) from \(status.rawValue)" }
    }

    static let cells: [Cell] = Status.allCases.flatMap { status in
        Action.allCases.flatMap { action in Role.allCases.map { Cell(status: status, action: action, role: $0) } }
    }

    static func expected(_ cell: Cell) -> Outcome {
        let row = table.first { $0.action == cell.action }!
        if cell.role < row.role {
            return .forbidden(required: row.role)
        }
        if let move = row.moves.first(where: { $0.from == cell.status }) {
            return .moves(to: move.to)
        }
        return .notAllowed(allowed: allowed(from: cell.status, role: cell.role))
    }

    static func allowed(from status: Status, role: Role) -> [Action] {
        table.filter { row in role >= row.role && row.moves.contains { $0.from == status } }.map(\.action)
    }

    @Test func theTableCoversTwelveStatusesSixteenActionsAndFourRoles() {
        #expect(Self.cells.count == 768)
        #expect(Self.table.map(\.action) == Action.allCases)
    }

    @Test(arguments: cells)
    func eachCellHasTheOutcomeTheTableGives(_ cell: Cell) {
        let complaint = LifecycleFixture.complaint(cell.status)
        let actor = Actor(name: "someone", role: cell.role)
        switch (
            Self.expected(cell),
            Result { () throws(LifecycleError) in
                try LifecycleFixture.apply(LifecycleFixture.input(for: cell.action), to: complaint, by: actor)
            }
        ) {
        case (.moves(let status), .success(let transition)):
            #expect(transition.complaint.status == status)
            #expect(transition.complaint.version == complaint.version + 1)
            #expect(transition.complaint.updatedAt == LifecycleFixture.now)
            #expect(transition.events.first?.fromStatus == cell.status)
            #expect(transition.events.last?.toStatus == status)
            #expect(transition.events.first?.type == cell.action.eventType)
            #expect(transition.actor == actor)
        case (.forbidden(let role), .failure(let error)):
            #expect(error == .forbidden(required: role))
        case (.notAllowed(let allowed), .failure(let error)):
            #expect(error == .notAllowed(status: cell.status, allowed: allowed))
        case (let expected, let actual):
            Issue.record("expected \(expected), got \(actual)")
        }
    }

    @Test(arguments: Status.allCases, Role.allCases)
    func theAllowedActionsFollowTheTableInItsOrder(status: Status, role: Role) {
        #expect(Lifecycle.allowedActions(for: status, role: role) == Self.allowed(from: status, role: role))
    }

    @Test func anIntakeKeyMayTakeNoActionAtAll() {
        for status in Status.allCases {
            #expect(Lifecycle.allowedActions(for: status, role: .intake).isEmpty)
        }
    }

    @Test func aWithdrawnComplaintAllowsNoActionToAnyone() {
        for role in Role.allCases {
            #expect(Lifecycle.allowedActions(for: .withdrawn, role: role).isEmpty)
        }
    }

    @Test func aMergedComplaintAllowsNoActionToAnyoneNotEvenReopening() {
        for role in Role.allCases {
            #expect(Lifecycle.allowedActions(for: .merged, role: role).isEmpty)
        }
    }
}
