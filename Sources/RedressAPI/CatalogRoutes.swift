import HTTP
import JSON
import RedressDomain
import RedressStore
import SQLite

/// `/v1/departments` and `/v1/categories`: anyone with a key reads them, admins add to them.
struct CatalogRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.get, "/v1/departments") { request, _ in
            _ = try backend.caller(of: request, atLeast: .intake)
            let departments = try backend.database.read { try $0.departments() }
            return Self.page(departments.map { [("key", .string($0.key)), ("name", .string($0.name))] })
        }
        router.add(.post, "/v1/departments") { request, _ in
            let entry = try add(request, quality: false)
            return try backend.write(entry.idempotency, by: entry.caller, now: entry.now) { connection in
                try Self.insert(on: connection, entry.key) {
                    try connection.run("INSERT INTO departments (key, name, created_at) VALUES (?, ?, ?)",
                                       entry.key, entry.name, entry.now.seconds)
                }
                return Self.created([("key", .string(entry.key)), ("name", .string(entry.name))])
            }
        }
        router.add(.get, "/v1/categories") { request, _ in
            _ = try backend.caller(of: request, atLeast: .intake)
            let categories = try backend.database.read { try $0.categories() }
            return Self.page(categories.map {
                [("key", .string($0.key)), ("name", .string($0.name)), ("quality", .bool($0.quality))]
            })
        }
        router.add(.post, "/v1/categories") { request, _ in
            let entry = try add(request, quality: true)
            return try backend.write(entry.idempotency, by: entry.caller, now: entry.now) { connection in
                try Self.insert(on: connection, entry.key) {
                    try connection.run("INSERT INTO categories (key, name, quality, created_at) VALUES (?, ?, ?, ?)",
                                       entry.key, entry.name, entry.quality, entry.now.seconds)
                }
                return Self.created([("key", .string(entry.key)), ("name", .string(entry.name)), ("quality", .bool(entry.quality))])
            }
        }
    }

    private struct Entry: Sendable {
        let key: String
        let name: String
        let quality: Bool
        let now: Instant
        let caller: Caller
        let idempotency: Idempotency?
    }

    /// The body of a POST: `key` (lower-case letters, digits, `_`), `name`, and for categories `quality`.
    private func add(_ request: HTTPRequest, quality allowsQuality: Bool) throws -> Entry {
        let caller = try backend.caller(of: request, atLeast: .admin)
        let idempotency = try Idempotency(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(allowsQuality ? ["key", "name", "quality"] : ["key", "name"])
        let key = body.string("key", required: true)
        let name = body.displayName()
        let quality = allowsQuality ? body.bool("quality") ?? false : false
        if let key, !(1...50).contains(key.unicodeScalars.count) || !key.allSatisfy({ $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "_" }) {
            body.errors.append(FieldError("key", "must be 1 to 50 lower-case letters, digits or underscores"))
        }
        try body.validate()
        return Entry(key: key!, name: name!, quality: quality, now: backend.now, caller: caller, idempotency: idempotency)
    }

    private static func insert(on connection: Connection, _ key: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw Problem(.conflict, slug: "duplicate-key", title: "Conflict", detail: "The key '\(key)' already exists.")
        }
    }

    private static func page(_ items: [[(String, JSONValue)]]) -> HTTPResponse {
        Backend.json(.ok, JSONValue.object([("data", .array(items.map(JSONValue.object))), ("next_cursor", .null)]).encoded)
    }

    private static func created(_ item: [(String, JSONValue)]) -> HTTPResponse {
        Backend.json(.created, JSONValue.object(item).encoded)
    }
}
