extension Schema {
    /// The customer's answer to an approved proposal, kept on the proposal: accepted or not, the
    /// comment, how it came and when.
    static let proposalAnswers = Migration(
        version: 13, name: "proposal answers",
        sql: """
            ALTER TABLE complaints ADD COLUMN proposal_answer_accepted INTEGER;
            ALTER TABLE complaints ADD COLUMN proposal_answer_comment TEXT;
            ALTER TABLE complaints ADD COLUMN proposal_answer_via TEXT;
            ALTER TABLE complaints ADD COLUMN proposal_answer_at INTEGER;
            """)
}
