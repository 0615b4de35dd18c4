import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// What a complainant sees with their number and code, and what they never see.
@Suite struct TrackingViewTests {
    static let viewKeys = [
        "number", "status", "status_label", "received_at", "resolution_due_at", "promise", "explanation", "proposal",
        "resolution_note", "merged_into", "incident_statement", "timeline",
    ]
    static let entryKeys = ["at", "type", "status", "note"]
    static let promiseKeys = ["target", "limit", "due_date", "text", "paused_for", "paused", "paused_text"]
    static let internalNote = "Supplier batch 11 is suspect; do not tell the customer yet."
    static let publicNote = "We have your report and will call you today."
    /// Text that is on the complaint, its notes or its history but must never reach the public view.
    static let secrets = [
        "张伟", "quality", "王强", "50000", "Worn seal", "door seal", internalNote, "+86 138 0013 8000",
        "wang.fang@example.com", "王芳", "李娜", "陈经理", "Washing machine", "WM-200", "product_quality", "normal",
        "24x7",
    ]

    /// The steps (with the agent's and the supervisor's keys) that bring a complaint to each status.
    static func steps(to status: Status, agent: String, supervisor: String) -> [(String, String, String)] {
        let path: [(String, String, String)] = [
            ("assess", agent, #"{"valid":true,"category":"product_quality"}"#),
            ("assign", agent, #"{"department":"quality","assignee":"张伟"}"#),
            ("investigate", agent, #"{"findings":"The door seal is worn.","root_cause":"Worn seal"}"#),
            (
                "propose", agent,
                #"""
                {"remedies":["replacement","compensation"],"amount_minor":60000,"description":"A new machine.",
                 "root_cause":"Worn seal","responsibility":{"department":"quality","person":"王强","penalty_minor":50000}}
                """#
            ),
            ("approve", supervisor, #"{"comment":"Agreed."}"#),
            ("resolve", agent, #"{"note":"Your machine has been replaced.","notified_via":"phone"}"#),
            ("follow-up", agent, #"{"method":"phone","satisfied":true,"score":5}"#),
        ]
        switch status {
        case .rejected:
            return [("assess", agent, #"{"valid":false,"note":"This model is covered by the maker's own service."}"#)]
        case .withdrawn: return [("withdraw", agent, #"{"reason":"The customer no longer wishes to pursue it."}"#)]
        // Into the complaint the test registers second.
        case .merged: return [("merge", agent, #"{"into":"2","reason":"The customer reported it twice."}"#)]
        case .awaitingCustomer:
            return Array(path.prefix(3)) + [
                ("await-customer", agent, #"{"question":"When was the machine installed?","channel":"phone"}"#)
            ]
        default:
            let order: [Status] = [
                .received, .accepted, .assigned, .investigating, .proposed, .approved, .resolved, .closed,
            ]
            return Array(path.prefix(order.firstIndex(of: status)!))
        }
    }

    @Test(arguments: Status.allCases)
    func theViewInEveryStatusHoldsOnlyPublicFields(status: Status) throws {
        let service = try TestService()
        let agent = try service.key(.agent, name: "李娜")
        let supervisor = try service.key(.supervisor, name: "陈经理")
        let complaint = try service.registerTracked(json: complaintJSON(email: "wang.fang@example.com"))
        if status == .merged { _ = try service.register() }
        _ = try service.request(
            "POST", "/v1/complaints/\(complaint.id)/notes", key: agent, json: #"{"body":"\#(Self.internalNote)"}"#)
        _ = try service.request(
            "POST", "/v1/complaints/\(complaint.id)/notes", key: agent,
            json: #"{"body":"\#(Self.publicNote)","visibility":"public"}"#)
        for (action, key, body) in Self.steps(to: status, agent: agent, supervisor: supervisor) {
            service.clock.advance(hours: 1)
            let response = try service.act(action, on: complaint.id, key: key, json: body)
            try #require(response.status == 200, "\(action): \(response.text)")
        }
        _ = try service.act("escalate", on: complaint.id, key: agent, json: #"{"reason":"Customer called twice."}"#)

        let response = try service.track(complaint.number, code: complaint.code)
        #expect(response.status == 200)
        #expect(response.header("Cache-Control") == "no-store")
        let view = try response.json()
        #expect(view.keys == Self.viewKeys)
        #expect(view["status"]?.string == status.rawValue)
        #expect(view["number"]?.string == complaint.number)
        #expect(view["status_label"]?.string == StatusLabel.text(for: status, in: .english))
        let timeline = try #require(view["timeline"]?.array)
        #expect(timeline.allSatisfy { $0.keys == Self.entryKeys })
        #expect(timeline.first?["type"]?.string == "complaint.created")
        #expect(timeline.compactMap { $0["note"]?.string } == [Self.publicNote])
        #expect(!timeline.contains { $0["type"]?.string == "complaint.escalated" })
        for secret in Self.secrets {
            #expect(!response.text.contains(secret), "\(status): the view shows '\(secret)'")
        }
        // The promise stands until the complaint is resolved.
        let promised = [.received, .accepted, .assigned, .investigating, .proposed, .approved, .awaitingCustomer]
            .contains(status)
        #expect((view["promise"] != .null) == promised, "\(status)")
        if promised {
            #expect(view["promise"]?.keys == Self.promiseKeys)
            #expect(view["promise"]?["limit"]?.string == "within 3 days")
        }
        // The approved proposal is the customer's to answer, and its amount theirs to see.
        #expect((view["proposal"]?["amount_minor"]?.int == 60000) == [.approved, .resolved, .closed].contains(status))
        #expect(
            view["explanation"]
                == (status == .rejected ? .string("This model is covered by the maker's own service.") : .null))
        #expect(
            view["resolution_note"]
                == ([.resolved, .closed].contains(status) ? .string("Your machine has been replaced.") : .null))
    }

    @Test func theTimelineListsEachStatusReachedAndThePublicNotesInOrder() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        for (action, _, body) in Self.steps(to: .closed, agent: service.adminKey, supervisor: service.adminKey) {
            service.clock.advance(hours: 1)
            try service.take([(action, body)], on: complaint.id)
            if action == "assign" {
                _ = try service.request(
                    "POST", "/v1/complaints/\(complaint.id)/notes", key: service.adminKey,
                    json: #"{"body":"\#(Self.publicNote)","visibility":"public"}"#)
            }
        }
        let timeline = try #require(try service.track(complaint.number, code: complaint.code).json()["timeline"]?.array)
        #expect(
            timeline.compactMap { $0["status"]?.string } == [
                "received", "accepted", "assigned", "assigned", "investigating", "proposed", "approved", "resolved",
                "closed",
            ])
        #expect(
            timeline.compactMap { $0["type"]?.string } == [
                "complaint.created", "complaint.assessed", "complaint.assigned", "complaint.note_added",
                "complaint.investigated",
                "complaint.proposed", "complaint.approved", "complaint.resolved", "complaint.followed_up",
            ])
        #expect(timeline[3]["note"]?.string == Self.publicNote)
        #expect(timeline[1]["at"]?.string == "2026-11-22T06:40:17Z")
    }

    @Test func aComplaintWrittenInChineseIsLabelledInChinese() throws {
        let service = try TestService()
        let complaint = try service.registerTracked(json: complaintJSON(title: "洗衣机漏水", description: "每次洗衣后地上都有水。"))
        try service.take(Array(toInvestigating), on: complaint.id)
        let view = try service.track(complaint.number, code: complaint.code).json()
        #expect(view["status_label"]?.string == "已受理，正在处理")
        #expect(!(try service.track(complaint.number, code: complaint.code).text.contains("洗衣机")))
    }

    @Test func theCodeIsReadWithoutRegardToCaseOrSurroundingSpace() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        #expect(try service.track(complaint.number, code: "  \(complaint.code.lowercased()) ").status == 200)
    }

    @Test func aWrongCodeAndAnUnknownNumberAreAnsweredByteForByteAlike() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        let wrongCode = try service.track(complaint.number, code: "AAAAAAAAAAAA")
        let unknownNumber = try service.track("202611-0999", code: complaint.code)
        let notANumber = try service.track("WM-200", code: complaint.code)
        #expect(wrongCode.status == 404)
        #expect(unknownNumber.status == 404)
        #expect(notANumber.status == 404)
        #expect(wrongCode.body == unknownNumber.body)
        #expect(wrongCode.body == notANumber.body)
        #expect(wrongCode.header("Content-Type") == unknownNumber.header("Content-Type"))
        #expect(try wrongCode.json()["detail"]?.string == "No complaint matches this case number and tracking code.")
    }

    @Test func theViewNeedsTheCodeHeaderButNoKey() throws {
        let service = try TestService()
        let complaint = try service.registerTracked()
        let missing = try service.request("GET", "/v1/track/\(complaint.number)")
        #expect(missing.status == 400)
        #expect(try missing.json()["detail"]?.string?.contains("X-Tracking-Code") == true)
        let withKey = try service.request("GET", "/v1/track/\(complaint.number)", key: service.adminKey)
        #expect(withKey.status == 400)
    }
}
