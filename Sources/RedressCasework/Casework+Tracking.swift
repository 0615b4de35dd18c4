import RedressDomain
import RedressStore
import SQLite

/// What the complainant may see of their complaint: the complaint, from which the view takes an
/// allow-list of fields, and its public timeline.
public struct TrackedComplaint: Sendable {
    public let complaint: Complaint
    public let timeline: [PublicEvent]
    /// The public statement of the incident the complaint is linked to, and when it was written;
    /// nil when it is linked to none, or the incident has no statement yet.
    public var statement: (text: String, updatedAt: Instant)?
}

extension Casework {
    /// The type of the event a re-issued code records; the code itself is in no event.
    public static let trackingCodeReissuedEvent = "complaint.tracking_code_reissued"

    /// The complaint numbered `number` as its complainant sees it, when `code` is its tracking
    /// code; nil otherwise, for a wrong code and an unknown number alike. The digests are compared
    /// even for an unknown number, against a stand-in, so that it takes about as long as a wrong code.
    public func track(_ number: String, code: String) throws -> TrackedComplaint? {
        try database.read { connection in
            try connection.verified(number, code: code).map(connection.tracked)
        }
    }

    /// The type of the event a complainant's message records; its `body` is the message.
    public static let customerMessageEvent = "complaint.customer_message"
    /// Longest message a complainant may send, in characters.
    public static let messageLength = 1...5000

    /// A message from the complainant (`complaint.customer_message`, shown to staff in the timeline
    /// and to the complainant in their view) on a complaint still open: nil when `code` does not
    /// prove `number`; refused as a conflict once the complaint has ended. On a complaint waiting
    /// on the customer it is their reply: it also takes `customer-replied`, which resumes the
    /// resolution clock.
    public func postMessage(
        _ text: String, on number: String, code: String, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant
    ) throws -> TrackedComplaint? {
        try write { connection in
            guard let current = try connection.verified(number, code: code) else { return nil }
            guard current.status.isOpen else {
                throw Refusal(
                    .conflict, slug: "messages-not-open", title: "Messages Not Open",
                    detail: "Messages are taken while the complaint is open; it is \(current.status.rawValue).")
            }
            try connection.appendEvent(
                complaintID: current.id, type: Self.customerMessageEvent, at: now,
                actor: Actor.complainant.name, from: current.status, to: current.status,
                data: [("body", .string(text)), ("visibility", .string("public"))])
            guard current.status == .awaitingCustomer else { return try connection.tracked(current) }
            let changed = try connection.take(
                .customerReplied(summary: text, channel: .message), on: current, by: .complainant,
                settings: settings, timeLimits: timeLimits, now: now)
            return try connection.tracked(changed)
        }
    }

    /// The complainant's own follow-up, taken as `follow-up` with method `self_service` while the
    /// complaint is resolved: nil when `code` does not prove `number`; refused as a conflict in
    /// any other status. An unsatisfied answer reopens it, with a resolution due date from
    /// `timeLimits` (the defaults of `settings` when nil) counted from now.
    public func feedback(
        _ followUp: ActionInput.FollowUp, on number: String, code: String, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant
    ) throws -> TrackedComplaint? {
        try takeAsComplainant(
            .followUp(followUp), on: number, code: code, settings: settings, timeLimits: timeLimits, now: now
        ) { status in
            Refusal(
                .conflict, slug: "feedback-not-open", title: "Feedback Not Open",
                detail:
                    "Feedback is taken once the complaint is resolved, until it is closed; it is \(status.rawValue).")
        }
    }

    /// The complainant's answer to the approved proposal, taken as `answer-proposal` with `via`
    /// `tracking`: nil when `code` does not prove `number`; refused as a conflict unless the
    /// complaint is approved (a proposal waiting for the customer).
    public func answerProposal(
        accepted: Bool?, comment: String?, on number: String, code: String, settings: Settings,
        now: Instant
    ) throws -> TrackedComplaint? {
        let answer = ActionInput.ProposalAnswer(accepted: accepted, comment: comment, via: Self.trackingChannel)
        return try takeAsComplainant(.answerProposal(answer), on: number, code: code, settings: settings, now: now) {
            status in
            Refusal(
                .conflict, slug: "proposal-not-open", title: "Proposal Not Open",
                detail:
                    "A proposal is answered once it is approved, until the complaint is resolved; it is \(status.rawValue)."
            )
        }
    }

    /// How an answer given on the customer's own tracking page is recorded (`via`).
    public static let trackingChannel = "tracking"

    /// `input` taken as the complainant on the complaint `code` proves, when the complaint is in a
    /// status the action is taken from; `closed` says why not otherwise.
    private func takeAsComplainant(
        _ input: ActionInput, on number: String, code: String, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant,
        closed: @escaping @Sendable (Status) -> Refusal
    ) throws -> TrackedComplaint? {
        try write { connection in
            guard let current = try connection.verified(number, code: code) else { return nil }
            // Checked here rather than left to the lifecycle, whose refusal lists the actions staff could take.
            guard input.action.sources.contains(current.status) else { throw closed(current.status) }
            let changed = try connection.take(
                input, on: current, by: .complainant, settings: settings, timeLimits: timeLimits, now: now)
            return try connection.tracked(changed)
        }
    }

    /// A new tracking code for the complaint `ref` names, for a complainant who lost theirs: the
    /// old code stops working at once and the history records who issued the new one.
    public func reissueTrackingCode(
        for ref: String, by caller: Caller, now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (Registered) -> Reply
    ) throws -> Answer<Registered> {
        let code = TrackingCode.generate()
        return try write(claim, by: caller, now: now, reply: reply) { connection in
            let complaint = try connection.complaint(ref, visibleTo: caller)
            try connection.replaceTrackingDigest(complaintID: complaint.id, with: TrackingCode.digest(of: code))
            try connection.appendEvent(
                complaintID: complaint.id, type: Self.trackingCodeReissuedEvent, at: now,
                actor: caller.name, from: complaint.status, to: complaint.status, data: [])
            return Registered(complaint: complaint, trackingCode: code)
        }
    }
}

extension Connection {
    /// The complaint numbered `number` when `code` is its tracking code, else nil.
    fileprivate func verified(_ number: String, code: String) throws -> Complaint? {
        let complaint = try CaseNumber(number).flatMap(complaint(number:))
        let stored = try complaint.flatMap { try trackingDigest(complaintID: $0.id) } ?? standIn
        guard Secret.constantTimeEqual(stored, TrackingCode.digest(of: code)) else { return nil }
        return complaint
    }

    fileprivate func tracked(_ complaint: Complaint) throws -> TrackedComplaint {
        TrackedComplaint(
            complaint: complaint,
            timeline: try publicTimeline(
                complaintID: complaint.id, noteEvent: Casework.noteAddedEvent,
                contactEvent: Action.contact.eventType,
                messageEvent: Casework.customerMessageEvent),
            statement: try complaint.incident.flatMap(publicStatement(ofIncident:)))
    }
}

// No code has this digest that anyone can find: it is compared only to spend the same time.
private let standIn = [UInt8](repeating: 0, count: 32)
