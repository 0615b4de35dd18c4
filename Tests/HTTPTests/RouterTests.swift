import Testing
@testable import HTTP

@Suite struct RouterTests {
    struct Failure: Error {}

    private func request(_ method: HTTPMethod, _ path: String) -> HTTPRequest {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        return HTTPRequest(method: method, target: path, path: path, pathSegments: segments)
    }

    private func router() -> Router {
        var router = Router(recover: { _, _ in HTTPResponse(status: .internalServerError) })
        router.add(.get, "/v1/complaints") { _, _ in HTTPResponse(status: .ok, body: .bytes(Array("list".utf8))) }
        router.add(.post, "/v1/complaints") { _, _ in HTTPResponse(status: .created) }
        router.add(.get, "/v1/complaints/{ref}") { _, parameters in
            HTTPResponse(status: .ok, body: .bytes(Array("one \(parameters["ref"] ?? "-")".utf8)))
        }
        router.add(.post, "/v1/complaints/{ref}/{action}") { _, parameters in
            HTTPResponse(status: .ok, body: .bytes(Array("\(parameters["ref"]!) \(parameters["action"]!)".utf8)))
        }
        router.add(.get, "/fails") { _, _ in throw Failure() }
        return router
    }

    private func body(_ response: HTTPResponse) -> String {
        guard case .bytes(let bytes) = response.body else { return "<stream>" }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func matchesLiteralPathsByMethod() {
        let router = router()
        #expect(router.respond(to: request(.get, "/v1/complaints")).status == .ok)
        #expect(router.respond(to: request(.post, "/v1/complaints")).status == .created)
    }

    @Test func capturesParametersAndLabelsTheRoute() {
        let response = router().respond(to: request(.post, "/v1/complaints/202611-0042/assign"))
        #expect(body(response) == "202611-0042 assign")
        #expect(response.route == "/v1/complaints/{ref}/{action}")
    }

    @Test func answersHeadWithTheGetHandler() {
        let response = router().respond(to: request(.head, "/v1/complaints/7"))
        #expect(response.status == .ok)
        #expect(body(response) == "one 7")
    }

    @Test(arguments: ["/", "/v1", "/v1/complaints/", "/v1/complaints/1/assign/extra", "/nothing", "/V1/complaints"])
    func unknownPathsAreNotFoundProblems(path: String) {
        let response = router().respond(to: request(.get, path))
        #expect(response.status == .notFound)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(response.route == nil)
    }

    @Test func aKnownPathWithAnotherMethodIs405WithAllow() {
        let response = router().respond(to: request(.delete, "/v1/complaints"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, POST, HEAD, OPTIONS")
        #expect(body(response).contains("\"status\":405"))
    }

    @Test func methodsAreCaseSensitive() {
        let response = router().respond(to: request(HTTPMethod(rawValue: "get"), "/v1/complaints"))
        #expect(response.status == .methodNotAllowed)
    }

    @Test func optionsListsTheAllowedMethods() {
        let response = router().respond(to: request(.options, "/v1/complaints/9"))
        #expect(response.status == .noContent)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func aThrowingHandlerGoesThroughRecover() {
        let response = router().respond(to: request(.get, "/fails"))
        #expect(response.status == .internalServerError)
        #expect(response.route == "/fails")
    }

    @Test func routesAddedWithoutBlockingAreOfferedOnTheLoopAndMayDecline() {
        var router = router()
        router.add(.get, "/quick", withoutBlocking: true) { _, _ in
            HTTPResponse(status: .ok, body: .bytes(Array("quick".utf8)))
        }
        router.add(.get, "/waits/{id}", withoutBlocking: true) { request, parameters in
            guard request.mayWait else { throw WouldBlock() }
            return HTTPResponse(status: .ok, body: .bytes(Array("waited \(parameters["id"]!)".utf8)))
        }
        var onLoop = request(.get, "/quick")
        onLoop.mayWait = false
        let quick = router.respondWithoutBlocking(to: onLoop)
        #expect(quick.map(body) == "quick")
        #expect(quick?.route == "/quick")
        var head = request(.head, "/quick")
        head.mayWait = false
        #expect(router.respondWithoutBlocking(to: head)?.status == .ok)

        // A route not added so, another method, an unknown path: all left to a worker.
        for (method, path) in [
            (HTTPMethod.get, "/v1/complaints/3"), (.post, "/quick"), (.get, "/nothing"), (.options, "/quick"),
        ] {
            var other = request(method, path)
            other.mayWait = false
            #expect(router.respondWithoutBlocking(to: other) == nil, "\(method) \(path)")
        }

        // A handler that would wait declines on the loop and answers on a worker.
        var declines = request(.get, "/waits/5")
        declines.mayWait = false
        #expect(router.respondWithoutBlocking(to: declines) == nil)
        #expect(body(router.respond(to: request(.get, "/waits/5"))) == "waited 5")
    }

    @Test func onTheLoopTheRouteThatWouldAnswerOnAWorkerIsTheOneThatRuns() {
        var router = Router(recover: { _, _ in HTTPResponse(status: .internalServerError) })
        router.add(.get, "/v1/complaints/export") { _, _ in
            HTTPResponse(status: .ok, body: .bytes(Array("export".utf8)))
        }
        router.add(.get, "/v1/complaints/{ref}", withoutBlocking: true) { _, parameters in
            HTTPResponse(status: .ok, body: .bytes(Array("one \(parameters["ref"]!)".utf8)))
        }
        var shadowed = request(.get, "/v1/complaints/export")
        shadowed.mayWait = false
        #expect(router.respondWithoutBlocking(to: shadowed) == nil)
        #expect(body(router.respond(to: shadowed)) == "export")
        var one = request(.get, "/v1/complaints/7")
        one.mayWait = false
        #expect(router.respondWithoutBlocking(to: one).map(body) == "one 7")
        // Another shape (a segment more or less) is never offered to the loop's routes.
        for path in ["/v1/complaints", "/v1/complaints/7/notes"] {
            var other = request(.get, path)
            other.mayWait = false
            #expect(router.respondWithoutBlocking(to: other) == nil, "\(path)")
        }
    }

    @Test func aWouldBlockThrownWhereWaitingIsAllowedGoesThroughRecover() {
        var router = router()
        router.add(.get, "/confused", withoutBlocking: true) { _, _ in throw WouldBlock() }
        #expect(router.respond(to: request(.get, "/confused")).status == .internalServerError)
    }
}
