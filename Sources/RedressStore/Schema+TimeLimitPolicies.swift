extension Schema {
    /// What a complaint needs to say why its due dates are what they are (`sla.policy`, and per
    /// clock the policy, target and calendar that set it), its `region` for policy matching, and
    /// the investigation report with its clock; and for waiting on the customer, since when it
    /// waits, the status it returns to, and how long the resolution clock was paused in all.
    ///
    /// Complaints registered before hold due dates set by today's per-priority limits, counted in
    /// calendar hours in the 24×7 calendar: they are given that reason here, each target read off
    /// the due date itself (due minus start, in hours), so it is exact whatever the settings were
    /// then. No due date changes. A follow-up's reason is given only where a follow-up is due.
    static let timeLimitPolicies = Migration(
        version: 14, name: "time-limit policies",
        sql: """
            ALTER TABLE complaints ADD COLUMN region TEXT;
            ALTER TABLE complaints ADD COLUMN investigation_report TEXT;
            ALTER TABLE complaints ADD COLUMN investigation_report_due_at INTEGER;
            ALTER TABLE complaints ADD COLUMN investigation_reported_at INTEGER;
            ALTER TABLE complaints ADD COLUMN sla_policy TEXT;
            ALTER TABLE complaints ADD COLUMN first_contact_policy TEXT;
            ALTER TABLE complaints ADD COLUMN first_contact_target TEXT;
            ALTER TABLE complaints ADD COLUMN first_contact_calendar TEXT;
            ALTER TABLE complaints ADD COLUMN investigation_report_policy TEXT;
            ALTER TABLE complaints ADD COLUMN investigation_report_target TEXT;
            ALTER TABLE complaints ADD COLUMN investigation_report_calendar TEXT;
            ALTER TABLE complaints ADD COLUMN resolution_policy TEXT;
            ALTER TABLE complaints ADD COLUMN resolution_target TEXT;
            ALTER TABLE complaints ADD COLUMN resolution_calendar TEXT;
            ALTER TABLE complaints ADD COLUMN follow_up_policy TEXT;
            ALTER TABLE complaints ADD COLUMN follow_up_target TEXT;
            ALTER TABLE complaints ADD COLUMN follow_up_calendar TEXT;
            ALTER TABLE complaints ADD COLUMN awaiting_since INTEGER;
            ALTER TABLE complaints ADD COLUMN awaiting_from TEXT;
            ALTER TABLE complaints ADD COLUMN resolution_paused_for INTEGER NOT NULL DEFAULT 0;
            UPDATE complaints SET
                sla_policy = 'default-' || priority,
                first_contact_policy = 'default-' || priority,
                first_contact_target = ((first_response_due_at - received_at) / 3600.0) || ' calendar_hours',
                first_contact_calendar = '24x7',
                resolution_policy = 'default-' || priority,
                resolution_target = ((resolution_due_at - received_at) / 3600.0) || ' calendar_hours',
                resolution_calendar = '24x7';
            UPDATE complaints SET
                follow_up_policy = 'default-' || priority,
                follow_up_target = ((follow_up_due_at - resolved_at) / 3600.0) || ' calendar_hours',
                follow_up_calendar = '24x7'
            WHERE follow_up_due_at IS NOT NULL AND resolved_at IS NOT NULL;
            """)
}
