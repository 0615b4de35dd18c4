extension Schema {
    /// Repeat detection compares subject references without regard to ASCII case (`a-phone-x1` is
    /// `A-PHONE-X1`): the repeat-lookup indexes are built again with the reference in NOCASE
    /// collation, which the lookup names, so that it stays one index step
    /// (https://sqlite.org/datatype3.html#collation). Phone keys written before phone numbers were
    /// normalised are brought to E.164 in the background afterwards (`backfillPhoneKeys`), not
    /// here, so that a large archive's upgrade does not hold up the start.
    static let contactKeys = Migration(
        version: 9, name: "contact keys",
        sql: """
            DROP INDEX complaints_phone_subject;
            DROP INDEX complaints_email_subject;
            CREATE INDEX complaints_phone_subject ON complaints (phone_key, subject_ref COLLATE NOCASE, received_at)
                WHERE phone_key IS NOT NULL AND subject_ref IS NOT NULL;
            CREATE INDEX complaints_email_subject ON complaints (email_key, subject_ref COLLATE NOCASE, received_at)
                WHERE email_key IS NOT NULL AND subject_ref IS NOT NULL;
            """)
}
