import RedressDomain
import RedressStore
import SQLite

/// What resolving an incident came to, complaint by complaint.
public struct IncidentResolution: Sendable {
    /// One linked complaint's outcome.
    public struct Outcome: Sendable {
        public var complaint: Complaint.Reference
        /// Its status after the request.
        public var status: Status
        /// When its follow-up is due, when it was resolved now.
        public var followUpDueAt: Instant?
        /// Why it was not resolved: the refusal the single `resolve` action would have given; nil
        /// when it was resolved now.
        public var refusal: Refusal?
    }

    /// The incident after the request: resolved once none of its complaints awaits resolution.
    public var incident: Incident
    /// Every linked complaint, oldest received first.
    public var outcomes: [Outcome]
}

extension Casework {
    /// The type of the event a complaint's timeline records when it is linked to an incident.
    public static let incidentLinkedEvent = "complaint.incident_linked"
    /// The type of the event recorded when it is unlinked.
    public static let incidentUnlinkedEvent = "complaint.incident_unlinked"

    /// Opens an incident: complaints with one cause are then linked to it.
    public func openIncident(
        title: String, description: String, publicStatement: String?, by caller: Caller, now: Instant,
        claim: IdempotencyClaim? = nil, reply: @escaping @Sendable (Incident) -> Reply
    ) throws -> Answer<Incident> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            try connection.insertIncident(
                Incident(
                    id: 0, title: title, description: description, publicStatement: publicStatement,
                    publicStatementUpdatedAt: publicStatement == nil ? nil : now, createdBy: caller.name,
                    createdAt: now, updatedAt: now))
        }
    }

    /// Applies `change` to the incident `id` names (its title, description or public statement),
    /// after `precondition` (the caller's `If-Match`). A change that changes nothing is no new
    /// version; a new public statement is dated `now`.
    public func changeIncident(
        _ id: String, now: Instant, precondition: @escaping @Sendable (Incident) throws -> Void = { _ in },
        change: @escaping @Sendable (inout Incident) throws -> Void
    ) throws -> Incident {
        try write { connection in
            let current = try connection.incident(id)
            try precondition(current)
            var changed = current
            try change(&changed)
            guard changed != current else { return current }
            if changed.publicStatement != current.publicStatement {
                changed.publicStatementUpdatedAt = changed.publicStatement == nil ? nil : now
            }
            return try connection.save(changed, over: current, at: now)
        }
    }

    /// Links the complaint `ref` names to the incident `id` names, after `precondition` (the
    /// caller's `If-Match` on the complaint). A complaint belongs to one incident at most, and
    /// only an open complaint is linked; a resolved incident takes no more. Linking it again to
    /// its own incident changes nothing. The complaint as it now stands.
    public func link(
        _ ref: String, toIncident id: String, by caller: Caller, now: Instant, claim: IdempotencyClaim? = nil,
        precondition: @escaping @Sendable (Complaint) throws -> Void = { _ in },
        reply: @escaping @Sendable (Complaint) -> Reply
    ) throws -> Answer<Complaint> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            let incident = try connection.incident(id)
            let current = try connection.complaint(ref, visibleTo: caller)
            try precondition(current)
            guard current.incident != incident.id else { return current }
            try Self.refuseResolved(incident, "takes no more complaints")
            guard current.status.isOpen else {
                throw Refusal.invalid([
                    FieldError(
                        "ref", "must name an open complaint: \(current.number) is \(current.status.rawValue)")
                ])
            }
            if let other = current.incident {
                throw Refusal(
                    .conflict, slug: "complaint-in-another-incident", title: "Complaint In Another Incident",
                    detail: "Complaint \(current.number) is linked to incident \(other); unlink it there first.",
                    extensions: [("incident", .int(other))])
            }
            return try connection.relink(
                current, to: incident, event: Self.incidentLinkedEvent, by: caller, now: now)
        }
    }

    /// Unlinks the complaint `ref` names from the incident `id` names, whatever the complaint's
    /// status; refused as not found when it is not linked to it, and as a conflict once the
    /// incident is resolved, whose record of what was resolved together stays. The complaint as
    /// it now stands.
    public func unlink(_ ref: String, fromIncident id: String, by caller: Caller, now: Instant) throws -> Complaint {
        try write { connection in
            let incident = try connection.incident(id)
            let current = try connection.complaint(ref, visibleTo: caller)
            guard current.incident == incident.id else {
                throw Refusal.notFound("Complaint \(current.number) is not linked to incident \(incident.id).")
            }
            try Self.refuseResolved(incident, "keeps its complaints")
            return try connection.relink(
                current, to: nil, from: incident, event: Self.incidentUnlinkedEvent, by: caller, now: now)
        }
    }

    /// Resolves the incident's complaints together with one note, each through the lifecycle as
    /// the single `resolve` would (so from `approved` only), each with its own follow-up due date.
    /// It goes complaint by complaint: those that can be resolved are, in this one write, and
    /// each of the others is reported with the refusal it would have had. The incident is
    /// resolved once none of its complaints awaits resolution; refused as a conflict when it is
    /// already. `precondition` sees the incident (the caller's `If-Match`).
    public func resolveIncident(
        _ id: String, note: String, notifiedVia: String, by caller: Caller, settings: Settings,
        timeLimits: SLAPolicyList? = nil, now: Instant, claim: IdempotencyClaim? = nil,
        precondition: @escaping @Sendable (Incident) throws -> Void = { _ in },
        reply: @escaping @Sendable (IncidentResolution) -> Reply
    ) throws -> Answer<IncidentResolution> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            let incident = try connection.incident(id)
            try precondition(incident)
            try Self.refuseResolved(incident, "is not resolved again")
            var outcomes: [IncidentResolution.Outcome] = []
            for complaintID in try connection.complaintIDs(linkedTo: incident.id) {
                guard let current = try connection.complaint(id: complaintID) else { continue }
                let reference = Complaint.Reference(id: current.id, number: current.number)
                do {
                    let resolved = try connection.take(
                        .resolve(note: note, notifiedVia: notifiedVia), on: current, by: caller.actor,
                        settings: settings, timeLimits: timeLimits, now: now)
                    outcomes.append(
                        .init(complaint: reference, status: resolved.status, followUpDueAt: resolved.followUpDueAt))
                } catch let refusal as Refusal {
                    outcomes.append(.init(complaint: reference, status: current.status, refusal: refusal))
                }
            }
            guard outcomes.allSatisfy({ !Incident.awaitsResolution($0.status) }) else {
                return IncidentResolution(incident: incident, outcomes: outcomes)
            }
            var resolved = incident
            resolved.status = .resolved
            resolved.resolvedAt = now
            return IncidentResolution(
                incident: try connection.save(resolved, over: incident, at: now), outcomes: outcomes)
        }
    }

    /// Refused as a conflict when the incident is resolved: it `what`.
    private static func refuseResolved(_ incident: Incident, _ what: String) throws {
        guard incident.status == .resolved else { return }
        throw Refusal(
            .conflict, slug: "incident-resolved", title: "Incident Resolved",
            detail: "Incident \(incident.id) is resolved and \(what).")
    }
}

extension Connection {
    /// The incident a path's `{id}` names; refused as not found otherwise.
    public func incident(_ id: String) throws -> Incident {
        guard let number = Casework.id(id), let incident = try incident(id: number) else {
            throw Refusal.notFound("No incident \(id) exists.")
        }
        return incident
    }

    /// Inside a write: stores `changed` in place of `current`, one version on, changed at `now`;
    /// refused as stale when another change got there first. The incident as stored.
    fileprivate func save(_ changed: Incident, over current: Incident, at now: Instant) throws -> Incident {
        var stored = changed
        stored.version = current.version + 1
        stored.updatedAt = now
        guard try updateIncident(stored, expectedVersion: current.version) else {
            throw Refusal.changedMeanwhile("incident")
        }
        return try incident(id: current.id) ?? stored
    }

    /// Inside a write: links `current` to `incident`, or unlinks it (`incident` nil) from
    /// `previous`, recording `event` on its timeline; both move one version on.
    fileprivate func relink(
        _ current: Complaint, to incident: Incident?, from previous: Incident? = nil, event: String, by caller: Caller,
        now: Instant
    ) throws -> Complaint {
        guard let touched = incident ?? previous else { return current }
        var changed = current
        changed.incident = incident?.id
        changed.version += 1
        changed.updatedAt = now
        let record = DomainEvent(
            type: event, fromStatus: current.status, toStatus: current.status,
            data: [("incident", .int(touched.id)), ("title", .string(touched.title))])
        try save(changed, over: current, events: [record], by: caller.name, at: now)
        _ = try save(touched, over: touched, at: now)
        return changed
    }
}
