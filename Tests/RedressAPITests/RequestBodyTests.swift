import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// Rules every request body keeps, whatever the route: text without control characters, and
/// integers however they are written.
@Suite struct RequestBodyTests {
    /// A JSON string's inside carrying U+0000, which SQLite's `length()` and the search index stop at.
    static let nul = #"Kettle\u0000leaks"#

    /// A request (`{id}` stands for a registered complaint's id) with one text field carrying
    /// U+0000, and the field the 422 names. Every route that takes text in its body is here.
    static let bodies: [(method: String, target: String, body: String, field: String)] = [
        ("POST", "/v1/complaints", complaintJSON(title: nul), "title"),
        ("POST", "/v1/complaints", complaintJSON(name: nul), "complainant.name"),
        ("POST", "/v1/complaints", complaintJSON(extra: #","tags":["ok","\#(nul)"]"#), "tags[1]"),
        ("POST", "/v1/complaints", complaintJSON(extra: #","external_ref":"\#(nul)""#), "external_ref"),
        ("PATCH", "/v1/complaints/{id}", #"{"description":"\#(nul)"}"#, "description"),
        ("PATCH", "/v1/complaints/{id}", #"{"subject":{"name":"\#(nul)"}}"#, "subject.name"),
        ("POST", "/v1/complaints/{id}/assess", #"{"valid":false,"note":"\#(nul)"}"#, "note"),
        (
            "POST", "/v1/complaints/{id}/propose",
            #"{"remedies":["apology"],"description":"d","root_cause":"r","responsibility":{"person":"\#(nul)"}}"#,
            "responsibility.person"
        ),
        ("POST", "/v1/complaints/{id}/withdraw", #"{"reason":"\#(nul)"}"#, "reason"),
        ("POST", "/v1/complaints/{id}/notes", #"{"body":"\#(nul)"}"#, "body"),
        (
            "POST", "/v1/complaints/{id}/corrective-actions",
            #"{"description":"Check seals","owner":"\#(nul)","due_at":"2026-12-01T00:00:00Z"}"#, "owner"
        ),
        ("PATCH", "/v1/corrective-actions/1", #"{"status":"done","note":"\#(nul)"}"#, "note"),
        ("POST", "/v1/departments", #"{"key":"returns","name":"\#(nul)"}"#, "name"),
        ("POST", "/v1/categories", #"{"key":"noise","name":"\#(nul)"}"#, "name"),
        ("POST", "/v1/api-keys", #"{"name":"\#(nul)","role":"agent"}"#, "name"),
        ("PUT", "/v1/templates/kettle", #"{"stage":"other","locale":"en","body":"\#(nul)"}"#, "body"),
        ("POST", "/v1/track/202611-0001/feedback", #"{"satisfied":true,"score":4,"comment":"\#(nul)"}"#, "comment"),
    ]

    @Test(arguments: bodies)
    func aControlCharacterInAnyTextFieldIs422NamingTheField(
        method: String, target: String, body: String,
        field: String
    ) throws {
        let service = try TestService()
        let id = try service.register()
        let response = try service.request(
            method, target.replacingOccurrences(of: "{id}", with: String(id)),
            key: service.adminKey, json: body,
            headers: [("X-Tracking-Code", "ABCDEFGHJKLM")])
        #expect(response.status == 422, "\(response.text)")
        let problem = try response.json()
        #expect(problem["type"]?.string == "/problems/validation-failed")
        #expect(problem["errors"]?.array?.compactMap { $0["field"]?.string } == [field])
        #expect(problem["errors"]?[0]?["message"]?.string == ControlCharacters.message)
        #expect(try service.complaint(id)["version"]?.int == 1)
    }

    @Test(arguments: [
        (#"\u0001"#, 422), (#"\u0008"#, 422), (#"\u000b"#, 422), (#"\u000c"#, 422), (#"\u001f"#, 422),
        ("\u{7F}", 422), ("\u{80}", 422), ("\u{85}", 422), ("\u{9F}", 422),
        (#"\t"#, 201), (#"\n"#, 201), (#"\r\n"#, 201), ("\u{A0}", 201), ("\u{2028}", 201),
    ])
    func onlyTabLineFeedAndCarriageReturnAmongControlsAreTaken(character: String, status: Int) throws {
        let service = try TestService()
        let response = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(description: "Water\(character)everywhere"))
        #expect(response.status == status, "\(response.text)")
    }

    @Test func aWholeNumberWrittenWithAFractionOrAnExponentIsAnInteger() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(
            toInvestigating + [
                ("propose", proposalJSON(#""apology""#)),
                ("resolve", #"{"note":"Seal replaced.","notified_via":"phone"}"#),
            ], on: id)
        let half = try service.act(
            "follow-up", on: id, key: service.adminKey,
            json: #"{"method":"phone","satisfied":true,"score":2.5}"#)
        #expect(half.status == 422)
        #expect(try half.json()["errors"]?[0]?["field"]?.string == "score")
        let whole = try service.act(
            "follow-up", on: id, key: service.adminKey,
            json: #"{"method":"phone","satisfied":true,"score":2.0}"#)
        #expect(whole.status == 200, "\(whole.text)")
        #expect(try whole.json()["satisfaction"]?["score"]?.int == 2)

        let settings = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey,
            json: #"{"repeat_window_days":3e1,"approval_threshold_minor":1.0E4}"#)
        #expect(settings.status == 200, "\(settings.text)")
        #expect(try settings.json()["repeat_window_days"]?.int == 30)
        #expect(try settings.json()["approval_threshold_minor"]?.int == 10_000)
        let huge = try service.request(
            "PATCH", "/v1/settings", key: service.adminKey,
            json: #"{"approval_threshold_minor":1e19}"#)
        #expect(huge.status == 422)
        #expect(try huge.json()["errors"]?[0]?["field"]?.string == "approval_threshold_minor")
    }
}
