import RedressDomain
import RedressStore
import Testing
import TestClient
@testable import RedressCasework

/// The use cases called directly, as the command line and the seeder call them: their rules
/// refuse with a `Refusal`, and the database's own failures are never dressed up as one.
@Suite struct CaseworkTests {
    private let now = Instant(seconds: 1_796_000_000)

    private func draft(externalRef: String? = nil, category: String? = nil) -> ComplaintDraft {
        ComplaintDraft(
            channel: .phone, title: "Dryer stopped heating", description: "Two weeks after the repair visit.",
            complainant: Complainant(name: "王芳", phone: "+86 137 0000 0002"), subject: Subject(type: .product),
            category: category, externalRef: externalRef)
    }

    private func open(_ directory: TestDirectory) throws -> (Database, Casework, Caller) {
        let database = try Database(configuration: DatabaseConfiguration(path: directory.path("redress.sqlite")))
        let casework = Casework(database: database)
        return (database, casework, try casework.issueKey(name: "desk", role: .agent, now: now).caller)
    }

    private func register(_ draft: ComplaintDraft, _ casework: Casework, _ caller: Caller) throws -> Registered {
        let answer = try casework.register(
            try Intake(draft, settings: .defaults, now: now), by: caller, settings: .defaults,
            now: now, reply: { _ in Reply(status: 201, headers: [], body: []) })
        guard case .done(let registered, nil) = answer else { throw Refusal.notFound("no registration") }
        return registered
    }

    @Test func intakeTakesOnlyAValidDraftWithItsPhoneInE164() throws {
        var bad = draft()
        bad.title = " "
        #expect(throws: Refusal.self) { try Intake(bad, settings: .defaults, now: now) }
        #expect(try Intake(draft(), settings: .defaults, now: now).draft.complainant.phone == "+8613700000002")
    }

    @Test func rulesThatNeedTheDatabaseRefuseWithTheirReason() throws {
        let directory = try TestDirectory()
        let (database, casework, caller) = try open(directory)
        defer { database.close() }
        let first = try register(draft(externalRef: "crm-1"), casework, caller)
        #expect(first.complaint.number.description.hasSuffix("-0001"))
        #expect(first.trackingCode.count == 12)

        let duplicate = #expect(throws: Refusal.self) { try register(draft(externalRef: "crm-1"), casework, caller) }
        #expect(duplicate?.reason == .conflict && duplicate?.slug == "duplicate-external-ref")
        let unknown = #expect(throws: Refusal.self) { try register(draft(category: "no_such"), casework, caller) }
        #expect(unknown?.reason == .invalid && unknown?.errors.map(\.field) == ["category"])
        let ref = "\(first.complaint.id)"
        let wrongCategory = #expect(throws: Refusal.self) {
            try take(.assess(.init(valid: true, category: "no_such")), ref)
        }
        #expect(wrongCategory?.errors.map(\.field) == ["category"])
        _ = try take(.assess(.init(valid: true)), ref)
        let wrongDepartment = #expect(throws: Refusal.self) {
            try take(.assign(.init(department: "no_such", assignee: "李")), ref)
        }
        #expect(wrongDepartment?.errors.map(\.field) == ["department"])
        let twice = #expect(throws: Refusal.self) { try take(.assess(.init(valid: true)), ref) }
        #expect(twice?.reason == .conflict && twice?.slug == "invalid-transition")

        func take(_ input: ActionInput, _ ref: String) throws -> Answer<Complaint> {
            try casework.take(
                input, on: ref, by: caller, settings: .defaults, now: now,
                reply: { _ in Reply(status: 200, headers: [], body: []) })
        }
    }

    @Test func aDatabaseFailureIsNeverARefusal() throws {
        let directory = try TestDirectory()
        let (database, casework, caller) = try open(directory)
        let registered = try register(draft(), casework, caller)
        database.close()
        let assign = ActionInput.assign(.init(department: "billing", assignee: "李"))
        do {
            _ = try casework.take(
                assign, on: "\(registered.complaint.id)", by: caller, settings: .defaults, now: now,
                reply: { _ in Reply(status: 200, headers: [], body: []) })
            Issue.record("an action on a closed database succeeded")
        } catch {
            #expect(!(error is Refusal))
            #expect(error as? DatabaseError == .closed)
        }
    }
}
