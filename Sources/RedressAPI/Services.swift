import HTTP
import JSON
import RedressDomain
import RedressStore

/// What every route needs: the database and the running service's context.
struct Services: Sendable {
    let database: Database
    let context: ServiceContext

    var now: Instant { context.clock.now() }

    /// The time limits and thresholds in force.
    func settings() throws -> Settings {
        Settings.defaults
    }

    /// Authenticates the request on a reader and checks its role: 401 or 403 otherwise.
    func caller(of request: HTTPRequest, atLeast role: Role) throws -> Caller {
        let caller = try database.read { try Authenticator.caller(of: request, on: $0) }
        try Authenticator.require(role, of: caller)
        return caller
    }

    /// A JSON response.
    static func json(_ status: HTTPStatus = .ok, _ bytes: [UInt8], headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: .bytes(bytes))
    }
}
