extension Schema {
    /// Repeat detection looks for the latest complaint from the same phone or email about the same
    /// subject reference. Through the contact indexes alone it read every complaint the contact
    /// ever made (a quarter of a second, on the writer, for a contact with 200,000); with the
    /// subject reference in the key, each lookup is one step to the latest match. Partial, so that
    /// complaints without a contact or a reference cost nothing to insert.
    static let repeatLookup = Migration(
        version: 6, name: "repeat lookup",
        sql: """
            CREATE INDEX complaints_phone_subject ON complaints (phone_key, subject_ref, received_at)
                WHERE phone_key IS NOT NULL AND subject_ref IS NOT NULL;
            CREATE INDEX complaints_email_subject ON complaints (email_key, subject_ref, received_at)
                WHERE email_key IS NOT NULL AND subject_ref IS NOT NULL;
            """)
}
