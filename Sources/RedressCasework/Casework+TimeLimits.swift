import JSON
import RedressDomain
import RedressStore
import SQLite

/// A document kept in the settings table with a version, which `ETag` and `If-Match` compare:
/// the time-limit policies, and each working calendar.
public struct VersionedDocument: Sendable, Equatable {
    /// 1 for the first stored, one more for each replacement; 0 for one never stored.
    public let version: Int
    /// The document as the API reads and writes it.
    public let body: JSONValue

    /// A document at `version`.
    public init(version: Int, body: JSONValue) {
        self.version = version
        self.body = body
    }

    /// The stored form: `{"version": N, "body": ...}`.
    var stored: String {
        String(decoding: JSONValue.object([("version", .int(Int64(version))), ("body", body)]).encoded, as: UTF8.self)
    }

    /// Reads the stored form; a value Redress did not write is corrupt.
    init(stored text: String) throws {
        guard case .object(let members)? = try? JSONParser.parse(Array(text.utf8)),
            let version = members.first(where: { $0.0 == "version" }), case .int(let number) = version.1,
            let body = members.first(where: { $0.0 == "body" })?.1
        else { throw StoreError.corrupt("versioned document '\(text.prefix(80))'") }
        self.init(version: Int(number), body: body)
    }
}

extension Casework {
    /// The settings key of the time-limit policies.
    public static let policiesKey = "sla_policies"
    /// The settings key prefix of the working calendars; a calendar's key follows it.
    public static let calendarKeyPrefix = "calendar:"

    /// The stored time-limit policies: version 0 and nil when none were ever stored.
    public static func policies(in transaction: Transaction) throws -> VersionedDocument? {
        try transaction.setting(policiesKey).map(VersionedDocument.init(stored:))
    }

    /// Every stored calendar, by key, in key order.
    public static func calendars(in transaction: Transaction) throws -> [(key: String, document: VersionedDocument)] {
        try transaction.settings(withPrefix: calendarKeyPrefix).map {
            (String($0.key.dropFirst(calendarKeyPrefix.count)), try VersionedDocument(stored: $0.value))
        }
    }

    /// The stored calendar `key`, or nil.
    public static func calendar(_ key: String, in transaction: Transaction) throws -> VersionedDocument? {
        try transaction.setting(calendarKeyPrefix + key).map(VersionedDocument.init(stored:))
    }

    /// Replaces the time-limit policies with `body`, already validated, in one write; `precondition`
    /// is asked about the version in force (0 when none were stored) and refuses a stale `If-Match`.
    /// New due dates use them at once; open complaints are re-dated under them in the background
    /// (`redateStep`), which starts over from the first complaint.
    public func storePolicies(
        _ body: JSONValue,
        precondition: @escaping @Sendable (Int) throws -> Void
    ) throws -> VersionedDocument {
        let pending = try countToRedate()
        return try write { connection in
            let current = try Self.policies(in: connection)?.version ?? 0
            try precondition(current)
            let document = VersionedDocument(version: current + 1, body: body)
            try connection.setSetting(document.stored, for: Self.policiesKey)
            try connection.startRedating(pending: pending)
            return document
        }
    }

    /// Stores the calendar `key` as `body`, already validated, in one write; `precondition` is
    /// asked about the version in force (nil when there is none). Whether it was created, and the
    /// document stored. Replacing a calendar re-dates open complaints in the background, as a
    /// change of policies does; a new one is in no policy yet, so it re-dates nothing.
    public func storeCalendar(
        _ key: String, _ body: JSONValue,
        precondition: @escaping @Sendable (Int?) throws -> Void
    ) throws -> (created: Bool, document: VersionedDocument) {
        let pending = try countToRedate()
        return try write { connection in
            let current = try Self.calendar(key, in: connection)?.version
            try precondition(current)
            let document = VersionedDocument(version: (current ?? 0) + 1, body: body)
            try connection.setSetting(document.stored, for: Self.calendarKeyPrefix + key)
            if current != nil { try connection.startRedating(pending: pending) }
            return (current == nil, document)
        }
    }
}
