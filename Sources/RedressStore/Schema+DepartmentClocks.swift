import JSON
import SQLite

extension Schema {
    /// The department's clock, the at-risk moment of every clock, and the indexed moments the
    /// `overdue` and `at_risk` filters read.
    ///
    /// - `department_since`, `department_due_at`, its reason (`department_policy`, `_target`,
    ///   `_calendar`), `department_at_risk_at` and `department_paused_for`: the limit of the
    ///   department the complaint is with, counted from its assignment there.
    /// - `<clock>_at_risk_at`: the at-risk moment set with each due date, measured in the time its
    ///   target counts. Complaints from before get today's rule, the at-risk share (the stored
    ///   settings', else 0.8) of the calendar time from the clock's start to its due date, rounded
    ///   up to the second, which is what they were warned at; no due date changes.
    /// - `sla_breach_at` and `sla_at_risk_at` (`SLA.breachedFrom`, `SLA.atRiskFrom`), each with a
    ///   partial index, filled here by the same rules in SQL.
    /// - `sla_alerts` gains the new limits (`investigation_report`, `department`), the reminder
    ///   sent to a customer who has not replied (`reminded`, `customer_reply`), and `started_at`,
    ///   the start of the clock alerted on, so that another department's clock, or another wait
    ///   on the customer, is alerted on again.
    static let departmentClocks = Migration(version: 16, name: "department clocks and alerts") { connection in
        var ratio = 0.8
        if let stored: String = try connection.first("SELECT value FROM settings WHERE key = 'sla_settings'")?.get(0),
            case .object(let members)? = try? JSONParser.parse(Array(stored.utf8)),
            let value = members.first(where: { $0.0 == "at_risk_ratio" })?.1
        {
            switch value {
            case .double(let number): ratio = number
            case .int(let number): ratio = Double(number)
            default: break
            }
        }
        // ⌈ratio × (due − start)⌉ for a span that is not negative, without SQLite's math functions.
        func atRisk(_ start: String, _ due: String) -> String {
            let share = "(\(ratio) * (\(due) - \(start)))"
            return "\(start) + CAST(\(share) AS INTEGER) + (\(share) > CAST(\(share) AS INTEGER))"
        }
        let never = "9223372036854775807"
        // One second after `due` when the limit is missed or will be unless met: as `SLA.breachedFrom`.
        func breach(_ due: String, met: String) -> String {
            "CASE WHEN COALESCE(\(met), closed_at, \(due) + 1) > \(due) THEN \(due) + 1 ELSE \(never) END"
        }
        let open =
            "status IN ('received', 'accepted', 'assigned', 'investigating', 'proposed', 'approved', 'resolved', 'awaiting_customer')"
        let resolutionMet = "COALESCE(resolved_at, CASE WHEN status = 'rejected' THEN closed_at END)"
        let followedUp = "CASE WHEN satisfaction_recorded_at >= resolved_at THEN satisfaction_recorded_at END"
        func unmetAtRisk(_ moment: String, due: String, met: String) -> String {
            "CASE WHEN \(due) IS NOT NULL AND \(met) IS NULL THEN \(moment) ELSE \(never) END"
        }
        try connection.execute(
            """
            ALTER TABLE complaints ADD COLUMN first_contact_at_risk_at INTEGER;
            ALTER TABLE complaints ADD COLUMN investigation_report_at_risk_at INTEGER;
            ALTER TABLE complaints ADD COLUMN resolution_at_risk_at INTEGER;
            ALTER TABLE complaints ADD COLUMN follow_up_at_risk_at INTEGER;
            ALTER TABLE complaints ADD COLUMN department_since INTEGER;
            ALTER TABLE complaints ADD COLUMN department_due_at INTEGER;
            ALTER TABLE complaints ADD COLUMN department_policy TEXT;
            ALTER TABLE complaints ADD COLUMN department_target TEXT;
            ALTER TABLE complaints ADD COLUMN department_calendar TEXT;
            ALTER TABLE complaints ADD COLUMN department_at_risk_at INTEGER;
            ALTER TABLE complaints ADD COLUMN department_paused_for INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE complaints ADD COLUMN sla_breach_at INTEGER;
            ALTER TABLE complaints ADD COLUMN sla_at_risk_at INTEGER;
            UPDATE complaints SET
                first_contact_at_risk_at = \(atRisk("received_at", "first_response_due_at")),
                resolution_at_risk_at = \(atRisk("received_at", "resolution_due_at")),
                investigation_report_at_risk_at = CASE WHEN investigation_report_due_at IS NOT NULL
                    THEN \(atRisk("received_at", "investigation_report_due_at")) END,
                follow_up_at_risk_at = CASE WHEN follow_up_due_at IS NOT NULL AND resolved_at IS NOT NULL
                    THEN \(atRisk("resolved_at", "follow_up_due_at")) END;
            UPDATE complaints SET sla_breach_at = NULLIF(MIN(
                \(breach("first_response_due_at", met: "first_responded_at")),
                CASE WHEN investigation_report_due_at IS NULL THEN \(never)
                    ELSE \(breach("investigation_report_due_at", met: "investigation_reported_at")) END,
                CASE WHEN status = 'awaiting_customer' THEN \(never)
                    ELSE \(breach("resolution_due_at", met: resolutionMet)) END,
                CASE WHEN follow_up_due_at IS NULL THEN \(never)
                    ELSE \(breach("follow_up_due_at", met: followedUp)) END
            ), \(never));
            UPDATE complaints SET sla_at_risk_at = NULLIF(MIN(
                \(unmetAtRisk("first_contact_at_risk_at", due: "first_response_due_at", met: "first_responded_at")),
                \(unmetAtRisk("investigation_report_at_risk_at", due: "investigation_report_due_at", met: "investigation_reported_at")),
                CASE WHEN status = 'awaiting_customer' THEN \(never)
                    ELSE \(unmetAtRisk("resolution_at_risk_at", due: "resolution_due_at", met: resolutionMet)) END,
                \(unmetAtRisk("follow_up_at_risk_at", due: "follow_up_due_at", met: followedUp))
            ), \(never)) WHERE \(open);
            CREATE INDEX complaints_sla_breach ON complaints (sla_breach_at) WHERE sla_breach_at IS NOT NULL;
            CREATE INDEX complaints_sla_at_risk ON complaints (sla_at_risk_at) WHERE sla_at_risk_at IS NOT NULL;

            CREATE TABLE sla_alerts_16 (
                complaint_id INTEGER NOT NULL REFERENCES complaints(id),
                alert TEXT NOT NULL CHECK (alert IN ('at_risk', 'breached', 'reminded')),
                kind TEXT NOT NULL CHECK (kind IN ('first_response', 'investigation_report', 'resolution',
                                                   'follow_up', 'department', 'customer_reply')),
                started_at INTEGER NOT NULL DEFAULT 0,
                at INTEGER NOT NULL,
                PRIMARY KEY (complaint_id, alert, kind, started_at)
            ) WITHOUT ROWID;
            INSERT INTO sla_alerts_16 (complaint_id, alert, kind, at) SELECT complaint_id, alert, kind, at FROM sla_alerts;
            DROP TABLE sla_alerts;
            ALTER TABLE sla_alerts_16 RENAME TO sla_alerts;
            """)
    }
}
