import SQLite

extension Schema {
    /// The default templates fill in what the complaint already holds instead of leaving the agent
    /// a bracketed blank: the rejection's reason (`{{validity_note}}`), the proposal
    /// (`{{proposal}}`, `{{remedies}}`, `{{amount}}`), what was done (`{{resolution_note}}`) and
    /// the tracking code (`{{tracking_code}}`). Each text is taken from the first defaults with
    /// one passage replaced, and a stored template is revised only while it is still that first
    /// default, word for word: one an administrator changed is left as they wrote it.
    static let revisedTemplates = Migration(version: 12, name: "revised templates") { connection in
        for revision in templateRevisions {
            guard let original = defaultTemplates.first(where: { "\($0.stage)-\($0.locale)" == revision.key })?.body,
                original.contains(revision.passage)
            else { preconditionFailure("no default template \(revision.key) holds the passage to revise") }
            try connection.run(
                """
                UPDATE response_templates SET body = ?1, updated_at = CAST(strftime('%s', 'now') AS INTEGER)
                WHERE key = ?2 AND body = ?3
                """, original.replacing(revision.passage, with: revision.replacement), revision.key, original)
        }
    }

    /// Each default template's key, the passage of its first text that is replaced, and by what.
    static let templateRevisions: [(key: String, passage: String, replacement: String)] = [
        ("acknowledgement-zh-CN", "凭案件编号和查询码查看", "凭案件编号和查询码（{{tracking_code}}）查看"),
        (
            "acknowledgement-en", "with your case number and tracking code.",
            "with your case number and your tracking code ({{tracking_code}})."
        ),
        ("proposal-zh-CN", "【请在此填写解决方案】", "{{proposal}}（{{remedies}}；{{amount}}）"),
        ("proposal-en", "[Describe the proposed remedy here.]", "{{proposal}} ({{remedies}}; {{amount}})."),
        ("rejection-zh-CN", "【请在此用平实的语言说明原因，以及客户还可以怎样办理】", "{{validity_note}}"),
        ("rejection-en", "[Explain why in plain words, and what the customer can do instead.]", "{{validity_note}}"),
        ("follow_up-zh-CN", "已处理完毕，我们想回访", "已处理完毕（{{resolution_note}}），我们想回访"),
        (
            "follow_up-en", "\"{{title}}\", and would like to check",
            "\"{{title}}\" ({{resolution_note}}), and would like to check"
        ),
    ]
}
