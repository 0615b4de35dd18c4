import JSON
import Testing
import TestClient
@testable import RedressAPI

/// Departments and categories change with the company: renamed, taken out of use and back, never
/// deleted and their keys never reused, so old complaints and reports keep what they named.
@Suite struct CatalogUpkeepTests {
    private static let mergePatch = [("Content-Type", "application/merge-patch+json")]

    private func patch(
        _ service: TestService, _ path: String, _ json: String, key: String? = nil
    ) throws -> TestClient.Response {
        try service.request("PATCH", path, key: key ?? service.adminKey, json: json, headers: Self.mergePatch)
    }

    @Test func aDepartmentOutOfUseIsRefusedForNewAssignmentsButStaysOnOldComplaints() throws {
        let service = try TestService()
        let old = try service.register()
        try service.take(toInvestigating, on: old)  // assigned to quality
        let renamed = try patch(service, "/v1/departments/quality", #"{"name":"Quality and Safety","active":false}"#)
        #expect(renamed.status == 200)
        #expect(
            try renamed.json()
                == JSONValue.object([
                    ("key", .string("quality")), ("name", .string("Quality and Safety")),
                    ("active", .bool(false)),
                ]))
        let listed = try service.request("GET", "/v1/departments", key: service.adminKey).json()["data"]?.array ?? []
        #expect(listed.first { $0["key"]?.string == "quality" }?["active"]?.bool == false)
        #expect(try service.complaint(old)["department"]?.string == "quality")

        let fresh = try service.register()
        try service.take([("assess", #"{"valid":true}"#)], on: fresh)
        let refused = try service.act(
            "assign", on: fresh, key: service.adminKey, json: #"{"department":"quality","assignee":"张伟"}"#)
        #expect(refused.status == 422)
        #expect(try refused.json()["errors"]?[0]?["field"]?.string == "department")
        #expect(try service.complaint(fresh)["status"]?.string == "accepted")

        #expect(try patch(service, "/v1/departments/quality", #"{"active":true}"#).status == 200)
        #expect(
            try service.act(
                "assign", on: fresh, key: service.adminKey,
                json: #"{"department":"quality","assignee":"张伟"}"#
            ).status == 200)
    }

    @Test func aCategoryOutOfUseIsRefusedAtIntakeAssessmentAndEditButKeptWhereItIs() throws {
        let service = try TestService()
        let old = try service.register(json: complaintJSON(extra: #","category":"delivery""#))
        #expect(
            try patch(service, "/v1/categories/delivery", #"{"active":false,"quality":true}"#).json()["quality"]?.bool
                == true)
        let intake = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(extra: #","category":"delivery""#))
        #expect(intake.status == 422)
        #expect(try intake.json()["errors"]?[0]?["field"]?.string == "category")
        let fresh = try service.register()
        #expect(
            try service.act(
                "assess", on: fresh, key: service.adminKey,
                json: #"{"valid":true,"category":"delivery"}"#
            ).status == 422)
        #expect(
            try service.request(
                "PATCH", "/v1/complaints/\(fresh)", key: service.adminKey,
                json: #"{"category":"delivery"}"#
            ).status == 422)
        // The complaint that has it keeps it, and an edit of something else leaves it alone.
        let edited = try service.request(
            "PATCH", "/v1/complaints/\(old)", key: service.adminKey, json: #"{"title":"Parcel lost"}"#)
        #expect(edited.status == 200)
        #expect(try edited.json()["category"]?.string == "delivery")
        let summary = try service.request("GET", "/v1/stats/summary", key: service.adminKey).json()
        #expect(summary["by_category"]?["delivery"]?.int == 1)
    }

    @Test func aKeyIsNeverReusedAndUnknownKeysAreNotFound() throws {
        let service = try TestService()
        #expect(try patch(service, "/v1/departments/billing", #"{"active":false}"#).status == 200)
        let again = try service.request(
            "POST", "/v1/departments", key: service.adminKey, json: #"{"key":"billing","name":"New billing"}"#)
        #expect(again.status == 409)
        #expect(try patch(service, "/v1/departments/no_such", #"{"active":false}"#).status == 404)
        #expect(try patch(service, "/v1/categories/no_such", #"{"name":"X"}"#).status == 404)
    }

    @Test func onlyAdminsChangeTheCatalogAndBadPatchesChangeNothing() throws {
        let service = try TestService()
        #expect(
            try patch(service, "/v1/departments/quality", #"{"active":false}"#, key: try service.key(.supervisor))
                .status == 403)
        #expect(
            try service.request("PATCH", "/v1/departments/quality", key: nil, json: #"{"active":false}"#).status == 401)
        for (body, field) in [
            (#"{"active":null}"#, "active"), (#"{"active":"no"}"#, "active"), (#"{"name":""}"#, "name"),
            (#"{"name":"   "}"#, "name"), (#"{"name":null}"#, "name"), (#"{"key":"other"}"#, "key"),
            (#"{"quality":true}"#, "quality"), (#"{"name":"A\u0001B"}"#, "name"),
            ("{\"name\":\"\(String(repeating: "名", count: 101))\"}", "name"),
        ] {
            let refused = try patch(service, "/v1/departments/quality", body)
            #expect(refused.status == 422, "\(body)")
            #expect(try refused.json()["errors"]?[0]?["field"]?.string == field, "\(body): \(refused.text)")
        }
        #expect(try patch(service, "/v1/categories/safety", #"{"quality":null}"#).status == 422)
        let listed = try service.request("GET", "/v1/departments", key: service.adminKey).json()["data"]?.array ?? []
        #expect(
            listed.first { $0["key"]?.string == "quality" }
                == JSONValue.object([
                    ("key", .string("quality")), ("name", .string("Quality Assurance")), ("active", .bool(true)),
                ]))
    }
}
