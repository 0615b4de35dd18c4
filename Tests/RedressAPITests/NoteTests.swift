import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct NoteTests {
    /// Only a public note sent to the customer (`notified_via`) reaches them: a note merely posted
    /// to the tracking page, like an internal one, leaves the first-contact clock running.
    @Test func aPublicNoteSentToTheCustomerIsTheFirstContactAndOtherNotesAreNot() throws {
        let service = try TestService()
        let agent = try service.key(.agent, name: "李娜")
        let id = try service.register()
        service.clock.advance(hours: 1)
        let internalNote = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: agent,
            json: #"{"body":"Customer sounded upset; call before noon."}"#)
        #expect(internalNote.status == 201)
        let note = try internalNote.json()
        #expect(note["visibility"]?.string == "internal")
        #expect(note["author"]?.string == "李娜")
        #expect(note["created_at"]?.string == service.clock.now.rfc3339)
        #expect(note["id"]?.int != nil)
        var complaint = try service.complaint(id)
        #expect(complaint["first_responded_at"] == .null)
        #expect(complaint["version"]?.int == 1)

        service.clock.advance(hours: 1)
        let posted = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: agent,
            json: #"{"body":"We have your report and will call you today.","visibility":"public"}"#)
        #expect(posted.status == 201)
        complaint = try service.complaint(id)
        #expect(complaint["first_responded_at"] == .null)
        #expect(complaint["version"]?.int == 1)

        service.clock.advance(hours: 1)
        let sent = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: agent,
            json: #"{"body":"A second public word.","visibility":"public","notified_via":"sms"}"#)
        #expect(sent.status == 201)
        complaint = try service.complaint(id)
        #expect(complaint["first_responded_at"]?.string == service.clock.now.rfc3339)
        #expect(complaint["version"]?.int == 2)
        #expect(complaint["status"]?.string == "received")
        let internalSent = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: agent,
            json: #"{"body":"Texted them.","notified_via":"sms"}"#)
        #expect(internalSent.status == 422)
        #expect(try internalSent.json()["errors"]?[0]?["field"]?.string == "notified_via")

        let notes = try service.request("GET", "/v1/complaints/\(id)/notes", key: agent).json()
        #expect(
            notes["data"]?.array?.compactMap { $0["body"]?.string } == [
                "Customer sounded upset; call before noon.", "We have your report and will call you today.",
                "A second public word.",
            ])
        #expect(notes["next_cursor"] == .null)
        let events = try service.timeline(id).filter { $0["type"]?.string == "complaint.note_added" }
        #expect(events.map { $0["data"]?["visibility"]?.string } == ["internal", "public", "public"])
        #expect(events.map { $0["data"]?["first_response"]?.bool } == [false, false, true])
        #expect(events.map { $0["data"]?["notified_via"]?.string } == [nil, nil, "sms"])
        #expect(events[0]["data"]?["body"] == .null)
        #expect(events[1]["data"]?["body"]?.string == "We have your report and will call you today.")
        #expect(try events[0]["data"]?["note_id"] == internalNote.json()["id"])
        #expect(events.allSatisfy { $0["actor"]?.string == "李娜" && $0["to_status"]?.string == "received" })
    }

    @Test func aNoteVisibilityOfNullMeansInternal() throws {
        let service = try TestService()
        let id = try service.register()
        let note = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey,
            json: #"{"body":"Checked the order.","visibility":null}"#)
        #expect(note.status == 201)
        #expect(try note.json()["visibility"]?.string == "internal")
        #expect(try service.complaint(id)["first_responded_at"] == .null)
    }

    @Test func aPublicNoteOnAnEndedComplaintIsNotAResponse() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take([("withdraw", #"{"reason":"Customer cancelled."}"#)], on: id)
        let note = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey,
            json: #"{"body":"Thank you for letting us know.","visibility":"public"}"#)
        #expect(note.status == 201)
        #expect(try service.complaint(id)["first_responded_at"] == .null)
    }

    @Test func intakeReadsThePublicNotesOfItsOwnComplaintsButNotTheInternalOnesNorTheTimeline() throws {
        let service = try TestService()
        let intake = try service.key(.intake, name: "store")
        let otherIntake = try service.key(.intake, name: "web form")
        let id = try service.register(key: intake)
        _ = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey, json: #"{"body":"Checked stock."}"#)
        _ = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey,
            json: #"{"body":"We are sending a technician.","visibility":"public"}"#)
        #expect(
            try service.request("POST", "/v1/complaints/\(id)/notes", key: intake, json: #"{"body":"Hi"}"#).status
                == 403)
        let notes = try service.request("GET", "/v1/complaints/\(id)/notes", key: intake)
        #expect(notes.status == 200)
        #expect(try notes.json()["data"]?.array?.compactMap { $0["body"]?.string } == ["We are sending a technician."])
        #expect(!notes.text.contains("Checked stock"))
        #expect(
            try service.request("GET", "/v1/complaints/\(id)/notes", key: service.adminKey).json()["data"]?.array?.count
                == 2)
        #expect(try service.request("GET", "/v1/complaints/\(id)/notes", key: otherIntake).status == 404)
        #expect(try service.request("GET", "/v1/complaints/\(id)/notes?since=5", key: intake).status == 400)
        // Events carry internal data: the timeline is for staff.
        let timeline = try service.request("GET", "/v1/complaints/\(id)/timeline", key: intake)
        #expect(timeline.status == 403)
        #expect(!timeline.text.contains("Checked stock"))
    }

    @Test(arguments: ["notes", "timeline"])
    func notesAndTimelinePageOldestFirstWithoutSkippingOrRepeating(list: String) throws {
        let service = try TestService()
        let id = try service.register()
        for index in 1...6 {
            service.clock.advance(hours: 1)
            let note = try service.request(
                "POST", "/v1/complaints/\(id)/notes", key: service.adminKey, json: #"{"body":"Note \#(index)"}"#)
            try #require(note.status == 201)
        }
        // Six notes; the timeline also has the complaint's creation.
        let everything = try service.request("GET", "/v1/complaints/\(id)/\(list)", key: service.adminKey).json()
        let all = try #require(everything["data"]?.array)
        #expect(all.count == (list == "notes" ? 6 : 7))
        #expect(everything["next_cursor"] == .null)
        var paged: [JSONValue] = []
        var cursor: String?
        repeat {
            let page = try service.request(
                "GET", "/v1/complaints/\(id)/\(list)?limit=4" + (cursor.map { "&cursor=\($0)" } ?? ""),
                key: service.adminKey
            ).json()
            let items = try #require(page["data"]?.array)
            #expect(items.count <= 4)
            paged += items
            cursor = page["next_cursor"]?.string
            // A note added between pages lands at the end, not in a page already read.
            if paged.count == 4 {
                _ = try service.request(
                    "POST", "/v1/complaints/\(id)/notes", key: service.adminKey, json: #"{"body":"Late note"}"#)
            }
        } while cursor != nil
        #expect(paged.count == all.count + 1)
        #expect(Array(paged.prefix(all.count)) == all)
        for bad in ["limit=0", "limit=201", "cursor=!!", "cursor=0", "cursor=a&cursor=b"] {
            let response = try service.request("GET", "/v1/complaints/\(id)/\(list)?\(bad)", key: service.adminKey)
            #expect(response.status == 400, "\(bad)")
        }
        // Without a key the answer is 401 whatever the query.
        #expect(try service.request("GET", "/v1/complaints/\(id)/\(list)?cursor=!!").status == 401)
    }

    @Test(arguments: [
        (#"{}"#, "body"), (#"{"body":"   "}"#, "body"), (#"{"body":"Hi","visibility":"secret"}"#, "visibility"),
        (#"{"body":"Hi","pinned":true}"#, "pinned"), (#"{"body":42}"#, "body"),
    ])
    func anInvalidNoteIs422AndNothingIsWritten(body: String, field: String) throws {
        let service = try TestService()
        let id = try service.register()
        let response = try service.request("POST", "/v1/complaints/\(id)/notes", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        #expect(
            try service.request("GET", "/v1/complaints/\(id)/notes", key: service.adminKey).json()["data"]?.array?
                .isEmpty == true)
        #expect(try service.timeline(id).count == 1)
    }

    @Test func aTooLongNoteIs422() throws {
        let service = try TestService()
        let id = try service.register()
        let long = String(repeating: "长", count: 20_001)
        let response = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey, json: #"{"body":"\#(long)"}"#)
        #expect(response.status == 422)
        let fits = try service.request(
            "POST", "/v1/complaints/\(id)/notes", key: service.adminKey,
            json: #"{"body":"\#(long.dropLast())"}"#)
        #expect(fits.status == 201)
    }
}
