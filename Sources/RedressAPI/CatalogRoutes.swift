import HTTP
import JSON
import RedressCasework
import RedressDomain
import RedressStore

/// `/v1/departments` and `/v1/categories`: anyone with a key reads them, admins add to them,
/// rename them and take them out of use (`PATCH`); a key is never deleted nor reused.
struct CatalogRoutes {
    let backend: Backend

    func register(on router: inout Router) {
        router.add(.get, "/v1/departments") { request, _ in
            _ = try backend.caller(of: request, atLeast: .intake)
            return Self.page(try backend.database.read { try $0.departments() }.map(Self.fields))
        }
        router.add(.post, "/v1/departments") { request, _ in
            let entry = try add(request, quality: false)
            let respond: @Sendable (Department) -> HTTPResponse = { Self.json(.created, Self.fields($0)) }
            return try backend.casework.addDepartment(
                Department(key: entry.key, name: entry.name), by: entry.caller,
                now: backend.now, claim: entry.claim,
                reply: { respond($0).reply }
            ).response(respond)
        }
        router.add(.patch, "/v1/departments/{key}") { request, parameters in
            let change = try self.change(request, quality: false)
            let department = try backend.casework.changeDepartment(parameters["key"]!) { department in
                department.name = change.name ?? department.name
                department.active = change.active ?? department.active
            }
            return Self.json(.ok, Self.fields(department))
        }
        router.add(.get, "/v1/categories") { request, _ in
            _ = try backend.caller(of: request, atLeast: .intake)
            return Self.page(try backend.database.read { try $0.categories() }.map(Self.fields))
        }
        router.add(.post, "/v1/categories") { request, _ in
            let entry = try add(request, quality: true)
            let respond: @Sendable (RedressStore.Category) -> HTTPResponse = { Self.json(.created, Self.fields($0)) }
            return try backend.casework.addCategory(
                Category(key: entry.key, name: entry.name, quality: entry.quality),
                by: entry.caller, now: backend.now, claim: entry.claim,
                reply: { respond($0).reply }
            ).response(respond)
        }
        router.add(.patch, "/v1/categories/{key}") { request, parameters in
            let change = try self.change(request, quality: true)
            let category = try backend.casework.changeCategory(parameters["key"]!) { category in
                category.name = change.name ?? category.name
                category.quality = change.quality ?? category.quality
                category.active = change.active ?? category.active
            }
            return Self.json(.ok, Self.fields(category))
        }
    }

    private static func fields(_ department: Department) -> [(String, JSONValue)] {
        [("key", .string(department.key)), ("name", .string(department.name)), ("active", .bool(department.active))]
    }

    private static func fields(_ category: RedressStore.Category) -> [(String, JSONValue)] {
        [
            ("key", .string(category.key)), ("name", .string(category.name)), ("quality", .bool(category.quality)),
            ("active", .bool(category.active)),
        ]
    }

    /// What a `PATCH` (a JSON merge patch, admin) changes: the name, whether it is in use, and for
    /// a category its kind; a member left out stays as it is.
    private struct Change: Sendable {
        var name: String?
        var active: Bool?
        var quality: Bool?
    }

    private func change(_ request: HTTPRequest, quality allowsQuality: Bool) throws -> Change {
        _ = try backend.caller(of: request, atLeast: .admin)
        var body = try RequestBody.parse(request, mediaTypes: ["application/merge-patch+json", "application/json"])
        body.rejectUnknown(allowsQuality ? ["name", "active", "quality"] : ["name", "active"])
        var change = Change()
        // Nothing here has a default to restore, so null is not a value.
        for name in ["active", "quality"] where body.has(name) {
            if case .null? = body.value(name) { body.errors.append(FieldError(name, "must be true or false")) }
        }
        if body.has("name") { change.name = body.displayName() }
        change.active = body.bool("active")
        if allowsQuality { change.quality = body.bool("quality") }
        try body.validate()
        return change
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
        Backend.json(
            .ok, JSONValue.object([("data", .array(items.map(JSONValue.object))), ("next_cursor", .null)]).encoded)
    }

    private static func json(_ status: HTTPStatus, _ item: [(String, JSONValue)]) -> HTTPResponse {
        Backend.json(status, JSONValue.object(item).encoded)
    }
}
