import RedressDomain
import RedressStore
import SQLite

/// A complaint just registered, with the tracking code shown only now.
public struct Registered: Sendable {
    public let complaint: Complaint
    public let trackingCode: String
}

extension Casework {
    /// Registers `intake` for `caller` at `now`: checks the rules that need the database (an
    /// unknown category, an `external_ref` the key already used, a repeat, a cluster of open
    /// complaints about its subject), numbers it, sets its priority and due dates (from
    /// `timeLimits`, or the defaults of `settings`), and records `complaint.created`.
    public func register(
        _ intake: Intake, by caller: Caller, settings: Settings, timeLimits: SLAPolicyList? = nil,
        now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (Registered) -> Reply
    ) throws -> Answer<Registered> {
        let month = CaseNumber.month(of: now, offset: utcOffset(now))
        let trackingCode = TrackingCode.generate()
        return try write(claim, by: caller, now: now, reply: reply) { connection in
            Registered(
                complaint: try connection.register(
                    intake, by: caller, trackingCode: trackingCode, month: month,
                    settings: settings, timeLimits: timeLimits, now: now),
                trackingCode: trackingCode)
        }
    }
}

extension Connection {
    /// Inside a write: `register`'s rules and records. The seeder calls it too.
    func register(
        _ intake: Intake, by caller: Caller, trackingCode: String, month: String, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant
    ) throws -> Complaint {
        let draft = intake.draft
        if let category = draft.category, try !isActiveCategory(category) {
            throw Refusal.invalid([FieldError("category", Casework.inactiveCategory)])
        }
        if let externalRef = draft.externalRef,
            let existing = try complaint(createdByKey: caller.keyID, externalRef: externalRef)
        {
            throw Refusal(
                .conflict, slug: "duplicate-external-ref", title: "Conflict",
                detail: "This key already registered external_ref '\(externalRef)' as complaint \(existing.number).",
                extensions: [
                    (
                        "existing",
                        .object([
                            ("id", .int(existing.id)), ("number", .string(existing.number.description)),
                            ("href", .string("/v1/complaints/\(existing.id)")),
                        ])
                    )
                ])
        }
        let receivedAt = draft.receivedAt ?? now
        let repeatOf = try draft.subject.ref.flatMap { ref in
            try latestComplaint(
                phone: draft.complainant.phone, email: draft.complainant.email, subjectRef: ref,
                since: receivedAt.adding(seconds: -Int64(settings.repeatWindowDays) * 86_400))
        }
        let (priority, reason) = PriorityRules.decide(
            given: draft.priority, match: intake.match, channel: draft.channel,
            cluster: try cluster(of: intake, receivedAt: receivedAt),
            repeatOf: repeatOf?.number)
        var complaint = Complaint(
            id: 0, number: try nextCaseNumber(month: month), channel: draft.channel, category: draft.category,
            priority: priority, priorityReason: reason, title: draft.title, description: draft.description,
            complainant: draft.complainant, subject: draft.subject, tags: draft.tags, externalRef: draft.externalRef,
            region: draft.region, receivedAt: receivedAt, receivedBy: caller.name, createdByKey: caller.keyID,
            createdAt: now, updatedAt: now, firstResponseDueAt: receivedAt, resolutionDueAt: receivedAt,
            repeatOf: repeatOf
        )
        (timeLimits ?? .defaults(from: settings)).setDueDatesFromReceipt(of: &complaint)
        complaint = try insertComplaint(complaint, trackingDigest: TrackingCode.digest(of: trackingCode))
        try appendEvent(
            complaintID: complaint.id, type: "complaint.created", at: now, actor: caller.name,
            from: nil, to: .received,
            data: [
                ("channel", .string(complaint.channel.rawValue)),
                ("priority", .string(priority.rawValue)),
                ("priority_reason", .string(reason)),
                ("repeat_of", EventValue(repeatOf?.number.description)),
                ("sla_policy", EventValue(complaint.timeLimits.policy)),
            ])
        return complaint
    }

    /// The cluster rule's raise for a complaint without a chosen priority: the open complaints
    /// about its subject reference (ASCII case ignored) received within the window before it,
    /// counted with one indexed query, plus itself.
    private func cluster(of intake: Intake, receivedAt: Instant) throws -> (level: Priority, reason: String)? {
        let rule = intake.cluster
        guard rule.enabled, intake.draft.priority == nil, let ref = intake.draft.subject.ref else { return nil }
        let others = try openComplaintCount(
            subjectRef: ref,
            since: receivedAt.adding(seconds: -Int64(rule.windowHours) * 3_600))
        return rule.judge(found: others + 1, subjectRef: ref)
    }
}
