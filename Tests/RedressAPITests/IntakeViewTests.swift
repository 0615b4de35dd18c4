import JSON
import Testing
import TestClient
@testable import RedressAPI

/// An intake key (often a public web form's backend) sees its own complaints as the customer
/// does, plus what it submitted: nothing of their handling, and nothing of other keys' cases.
@Suite struct IntakeViewTests {
    /// Every member of the intake view, in order; `tracking_code` follows at intake only.
    static let intakeView = [
        "id", "number", "version", "status", "allowed_actions", "channel", "category", "priority", "title",
        "description",
        "complainant", "subject", "tags", "external_ref", "region", "received_at", "created_at", "updated_at",
        "resolution_due_at",
        "repeat", "explanation", "resolution_note", "merged_into",
    ]

    @Test func aRepeatAcrossIntakeKeysIsToldAsARepeatWithoutTheOtherCase() throws {
        let service = try TestService()
        let webForm = try service.key(.intake, name: "web form")
        let app = try service.key(.intake, name: "app")
        let body = complaintJSON(email: "wang.fang@example.com", subjectRef: "WM-200")
        let first = try service.request("POST", "/v1/complaints", key: webForm, json: body).json()
        let firstNumber = try #require(first["number"]?.string)
        let repeated = try service.request("POST", "/v1/complaints", key: app, json: body)
        #expect(repeated.status == 201)
        let view = try repeated.json()
        #expect(view["repeat"]?.bool == true)
        #expect(view.keys == Self.intakeView + ["tracking_code"])
        #expect(!repeated.text.contains(firstNumber))
        #expect(!repeated.text.contains("\"id\":\(try #require(first["id"]?.int)),"))
        let id = try #require(view["id"]?.int)
        let read = try service.request("GET", "/v1/complaints/\(id)", key: app)
        #expect(try read.json()["repeat"]?.bool == true)
        #expect(!read.text.contains(firstNumber))
        let listed = try service.request("GET", "/v1/complaints?repeat=true", key: app)
        #expect(try listed.json()["data"]?.array?.count == 1)
        #expect(!listed.text.contains(firstNumber))
        // Staff see which case it repeats, and why it was raised.
        let staff = try service.complaint(id)
        #expect(staff["repeat_of"]?["number"]?.string == firstNumber)
        #expect(staff["priority_reason"]?.string?.contains(firstNumber) == true)
    }

    @Test func theHandlingOfItsComplaintsStaysInternal() throws {
        let service = try TestService()
        let intake = try service.key(.intake, name: "web form")
        let id = try service.register(key: intake)
        try service.take(toInvestigating, on: id)
        _ = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey, json: #"{"body":"Supplier at fault."}"#)
        let reads = [
            try service.request("GET", "/v1/complaints/\(id)", key: intake),
            try service.request("GET", "/v1/complaints", key: intake),
        ]
        for read in reads {
            #expect(read.status == 200)
            for hidden in [
                "\"quality\"", "张伟", "The door seal is worn.", "Supplier at fault.", "priority_reason", "sla",
                "received_by", "assignee", "department", "investigation",
            ] {
                #expect(!read.text.contains(hidden), "\(hidden) in \(read.text)")
            }
        }
        let view = try service.request("GET", "/v1/complaints/\(id)", key: intake).json()
        #expect(view.keys == Self.intakeView)
        #expect(view["status"]?.string == "investigating")
        #expect(view["allowed_actions"]?.strings == [])
    }

    @Test func aRejectionAndAResolutionAreExplainedAsTheCustomerIsToldThem() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        let rejected = try service.register(key: intake)
        try service.take([("assess", #"{"valid":false,"note":"Outside the warranty period."}"#)], on: rejected)
        #expect(
            try service.request("GET", "/v1/complaints/\(rejected)", key: intake).json()["explanation"]?.string
                == "Outside the warranty period.")
        let open = try service.register(key: intake)
        #expect(try service.request("GET", "/v1/complaints/\(open)", key: intake).json()["explanation"] == .null)
    }

    @Test(arguments: ["department=quality", "assignee=张伟", "overdue=true", "escalated=false", "format=csv"])
    func staffOnlyFiltersAndTheExportAreRefused(query: String) throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        _ = try service.register(key: intake)
        let target = "/v1/complaints?" + query.replacingOccurrences(of: "张伟", with: "%E5%BC%A0%E4%BC%9F")
        let refused = try service.request("GET", target, key: intake)
        #expect(refused.status == 403)
        #expect(try refused.json()["type"]?.string == "/problems/forbidden")
        #expect(try service.request("GET", target, key: service.adminKey).status == 200)
    }

    @Test func aCSVAskedForByAcceptIsRefusedToo() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        #expect(
            try service.request("GET", "/v1/complaints", key: intake, headers: [("Accept", "text/csv")]).status == 403)
    }
}
