import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

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
            let respond: @Sendable (Department) -> HTTPResponse = {
                Self.created([("key", .string($0.key)), ("name", .string($0.name))])
            }
            return try backend.casework.addDepartment(Department(key: entry.key, name: entry.name), by: entry.caller,
                                                      now: backend.now, claim: entry.claim,
                                                      reply: { respond($0).reply }).response(respond)
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
            let respond: @Sendable (RedressStore.Category) -> HTTPResponse = {
                Self.created([("key", .string($0.key)), ("name", .string($0.name)), ("quality", .bool($0.quality))])
            }
            return try backend.casework.addCategory(Category(key: entry.key, name: entry.name, quality: entry.quality),
                                                    by: entry.caller, now: backend.now, claim: entry.claim,
                                                    reply: { respond($0).reply }).response(respond)
        }
    }

    private struct Entry: Sendable {
        let key: String
        let name: String
        let quality: Bool
        let caller: Caller
        let claim: IdempotencyClaim?
    }

    /// The body of a POST: `key` (lower-case letters, digits, `_`), `name`, and for categories `quality`.
    private func add(_ request: HTTPRequest, quality allowsQuality: Bool) throws -> Entry {
        let caller = try backend.caller(of: request, atLeast: .admin)
        let claim = try IdempotencyClaim(request)
        var body = try RequestBody.parse(request)
        body.rejectUnknown(allowsQuality ? ["key", "name", "quality"] : ["key", "name"])
        let key = body.string("key", required: true)
        let name = body.displayName()
        let quality = allowsQuality ? body.bool("quality") ?? false : false
        if let key, !Casework.isCatalogKey(key) {
            body.errors.append(FieldError("key", "must be 1 to 50 lower-case letters, digits or underscores"))
        }
        try body.validate()
        return Entry(key: key!, name: name!, quality: quality, caller: caller, claim: claim)
    }

    private static func page(_ items: [[(String, JSONValue)]]) -> HTTPResponse {
        Backend.json(.ok, JSONValue.object([("data", .array(items.map(JSONValue.object))), ("next_cursor", .null)]).encoded)
    }

    private static func created(_ item: [(String, JSONValue)]) -> HTTPResponse {
        Backend.json(.created, JSONValue.object(item).encoded)
    }
}
