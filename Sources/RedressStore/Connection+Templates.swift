import RedressDomain
import SQLite

extension Connection {
    private static let templateColumns = "key, stage, locale, body, created_at, updated_at FROM response_templates"

    /// The templates of any of `stages` in any of `locales` (either empty: all), by key. Locales
    /// compare without regard to case, as language tags do (RFC 5646 §2.1.1).
    public func templates(stages: [ResponseTemplate.Stage], locales: [String]) throws -> [ResponseTemplate] {
        var conditions: [String] = []
        var arguments: [SQLiteArgument] = []
        if !stages.isEmpty {
            conditions.append("stage IN (\(Array(repeating: "?", count: stages.count).joined(separator: ", ")))")
            arguments += stages.map(\.rawValue)
        }
        if !locales.isEmpty {
            conditions.append(
                "locale COLLATE NOCASE IN (\(Array(repeating: "?", count: locales.count).joined(separator: ", ")))")
            arguments += locales
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try query("SELECT \(Self.templateColumns)\(filter) ORDER BY key", arguments: arguments).map(
            Self.template)
    }

    /// The template with this key.
    public func template(key: String) throws -> ResponseTemplate? {
        try first("SELECT \(Self.templateColumns) WHERE key = ?", key).map(Self.template)
    }

    /// Stores `template` under its key, replacing any template there but keeping its creation
    /// time; returns the template as stored and whether it is new.
    public func saveTemplate(_ template: ResponseTemplate) throws -> (template: ResponseTemplate, created: Bool) {
        guard var existing = try self.template(key: template.key) else {
            try run(
                """
                INSERT INTO response_templates (key, stage, locale, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                """, template.key, template.stage.rawValue, template.locale, template.body, template.createdAt.seconds,
                template.updatedAt.seconds)
            return (template, true)
        }
        try run(
            "UPDATE response_templates SET stage = ?, locale = ?, body = ?, updated_at = ? WHERE key = ?",
            template.stage.rawValue, template.locale, template.body, template.updatedAt.seconds, template.key)
        existing.stage = template.stage
        existing.locale = template.locale
        existing.body = template.body
        existing.updatedAt = template.updatedAt
        return (existing, false)
    }

    /// Removes the template with this key; false when there was none.
    public func deleteTemplate(key: String) throws -> Bool {
        try run("DELETE FROM response_templates WHERE key = ?", key)
        return changes == 1
    }

    private static func template(_ row: Row) throws -> ResponseTemplate {
        let stageName: String = try row.get(1)
        guard let stage = ResponseTemplate.Stage(rawValue: stageName) else {
            throw StoreError.corrupt("unknown template stage '\(stageName)'")
        }
        return ResponseTemplate(
            key: try row.get(0), stage: stage, locale: try row.get(2), body: try row.get(3),
            createdAt: Instant(seconds: try row.get(4)), updatedAt: Instant(seconds: try row.get(5)))
    }
}
