import Foundation
import Testing
import JSON
import RedressDomain
@testable import RedressStore
import TestClient
@testable import RedressAPI

@Suite struct FindingTests {
    /// Registers complaints with varied fields; returns their numbers in registration order.
    private func seed(_ service: TestService) throws -> [String] {
        let bodies = [
            complaintJSON(
                channel: "web", title: "热水器漏电", description: "洗澡时热水器漏电", name: "张伟", phone: "13900000001",
                subjectRef: "WH-1", extra: #","category":"safety""#),
            complaintJSON(
                channel: "email", title: "Parcel late", description: "Arrived a week late", name: "John Smith",
                phone: nil, email: "John@Example.com", subjectRef: "ORDER-7", extra: #","category":"delivery""#),
            complaintJSON(
                channel: "social_media", title: "客服态度差", description: "电话里被挂断", name: "李娜", phone: "13900000003",
                subjectRef: nil, extra: #","category":"service_attitude""#),
            complaintJSON(
                channel: "phone", title: "Wrong bill", description: "Charged twice for 100% of the fee",
                name: "Ann Lee",
                phone: "13900000004", subjectRef: "BILL-9",
                extra: #","category":"billing","received_at":"2026-11-01T00:00:00Z""#),
        ]
        return try bodies.map { body in
            let response = try service.request("POST", "/v1/complaints", key: service.adminKey, json: body)
            guard response.status == 201 else { throw TestClient.Failure(description: response.text) }
            return try response.json()["number"]!.string!
        }
    }

    private func numbers(_ service: TestService, _ query: String) throws -> [String] {
        let response = try service.request("GET", "/v1/complaints?\(query)", key: service.adminKey)
        guard response.status == 200 else {
            throw TestClient.Failure(description: "\(query): \(response.status) \(response.text)")
        }
        return try response.json()["data"]?.array?.compactMap { $0["number"]?.string } ?? []
    }

    private func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func everyFilterSelectsWhatItNames() throws {
        let service = try TestService()
        let n = try seed(service)
        #expect(try numbers(service, "") == [n[2], n[1], n[0], n[3]])
        #expect(try numbers(service, "channel=web,email") == [n[1], n[0]])
        #expect(try numbers(service, "category=billing") == [n[3]])
        #expect(try numbers(service, "priority=critical") == [n[0]])
        #expect(try numbers(service, "priority=high") == [n[2]])
        #expect(try numbers(service, "status=received") == [n[2], n[1], n[0], n[3]])
        #expect(try numbers(service, "status=closed,withdrawn") == [])
        #expect(try numbers(service, "received_from=2026-11-20T00:00:00Z") == [n[2], n[1], n[0]])
        #expect(try numbers(service, "received_to=2026-11-02T00:00:00Z") == [n[3]])
        #expect(try numbers(service, "complainant=john@example.com") == [n[1]])
        #expect(try numbers(service, "complainant=139-0000-0004") == [n[3]])
        #expect(try numbers(service, "escalated=false") == [n[2], n[1], n[0], n[3]])
        #expect(try numbers(service, "escalated=true") == [])
        #expect(try numbers(service, "repeat=true") == [])
        #expect(try numbers(service, "department=quality") == [])
        #expect(try numbers(service, "assignee=nobody") == [])
        #expect(try numbers(service, "sort=-priority") == [n[0], n[2], n[1], n[3]])
        #expect(try numbers(service, "sort=resolution_due_at") == [n[3], n[0], n[2], n[1]])
    }

    @Test func overdueFindsComplaintsPastALimitAtTheCurrentTime() throws {
        let service = try TestService()
        let n = try seed(service)
        #expect(try numbers(service, "overdue=true") == [n[3]])
        service.clock.advance(hours: 3)
        #expect(try numbers(service, "overdue=true") == [n[0], n[3]])
        #expect(try numbers(service, "overdue=false") == [n[2], n[1]])
        let complaint = try service.request("GET", "/v1/complaints/\(n[0])", key: service.adminKey).json()
        #expect(complaint["sla"]?["state"]?.string == "breached")
        #expect(complaint["sla"]?["breached"]?.array?.compactMap(\.string) == ["first_response"])
    }

    @Test(arguments: [
        ("漏电", [0]), ("热", [0]), ("热水器", [0]), ("态度", [2]), ("late", [1]), ("LATE", [1]), ("john", [1]),
        ("ORDER-7", [1]), ("100%", [3]), ("%", [3]), ("_", []), ("\"", []), ("AND", []), ("*", []), ("a", [3, 1]),
        ("NEAR(x y)", []), ("张伟", [0]),
    ])
    func textSearchFindsLiteralSubstringsInAnyScript(query: String, expected: [Int]) throws {
        let service = try TestService()
        let n = try seed(service)
        let found = try numbers(service, "q=\(encode(query))")
        #expect(Set(found) == Set(expected.map { n[$0] }), "q=\(query)")
    }

    @Test(arguments: [
        "status=open", "priority=urgent", "limit=0", "limit=201", "overdue=yes", "sort=title",
        "received_from=today", "cursor=garbage", "unknown=1", "format=xml", "status=received&status=closed",
        "q=ab%00cd", "q=%00", "q=line%0Abreak", "q=%C2%85x",
    ])
    func badQueriesAre400WithTheParameterNamed(query: String) throws {
        let service = try TestService()
        let response = try service.request("GET", "/v1/complaints?\(query)", key: service.adminKey)
        #expect(response.status == 400, "\(query)")
        #expect(response.header("Content-Type") == "application/problem+json")
        let parameter = String(query.prefix { $0 != "=" })
        #expect(try response.json()["errors"]?[0]?["field"]?.string == parameter, "\(query)")
    }

    @Test func complaintsRegisteredTogetherAreEachSearchableAtOnceAndTheQueueIsLeftEmpty() throws {
        let service = try TestService()
        let port = service.port, key = service.adminKey
        let words = [
            "琥珀", "Quokka", "翡翠", "Zircon", "玛瑙", "Walrus", "珊瑚", "Narwhal", "Yttrium", "Kestrel", "Ocelot", "Tapir",
        ]
        // Concurrent intakes share group commits, and so one pass of the search queue.
        DispatchQueue.concurrentPerform(iterations: words.count) { index in
            let body = complaintJSON(
                title: "\(words[index]) arrived broken", description: "The \(words[index]) was cracked")
            _ = try? TestClient(port: port).request(
                "POST", "/v1/complaints",
                headers: [
                    ("Authorization", "Bearer \(key)"), ("Content-Type", "application/json"),
                ], body: Array(body.utf8))
        }
        for word in words {
            #expect(try numbers(service, "q=\(encode(word))").count == 1, "\(word)")
        }
        // An edit replaces the entry, in the batch of the edit.
        let first = try #require(try numbers(service, "q=\(encode(words[0]))").first)
        #expect(
            try service.request(
                "PATCH", "/v1/complaints/\(first)", key: service.adminKey,
                json: #"{"title":"Opal arrived broken","description":"The opal was cracked"}"#
            ).status == 200)
        #expect(try numbers(service, "q=Opal") == [first])
        #expect(try numbers(service, "q=\(encode(words[0]))").isEmpty)
        #expect(try searchQueueEmpties(service))
    }

    @Test func aWriteRolledBackLeavesNothingInTheSearchIndex() throws {
        struct Refused: Error {}
        let service = try TestService()
        _ = try seed(service)
        var copy = try #require(try service.database.read { try $0.complaint(id: 1) })
        copy.title = "Platypus never stored"
        copy.number = CaseNumber(month: "202611", serial: 9000)
        let unsaved = copy
        #expect(throws: Refused.self) {
            try service.database.write { connection in
                _ = try connection.insertComplaint(unsaved, trackingDigest: [1])
                throw Refused()
            }
        }
        // The next batch indexes its own complaint and nothing of the refused one.
        #expect(
            try service.request(
                "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(title: "Platypus delivered")
            ).status == 201)
        let found =
            try service.request("GET", "/v1/complaints?q=Platypus", key: service.adminKey).json()["data"]?.array ?? []
        #expect(found.map { $0["title"]?.string } == ["Platypus delivered"])
    }

    @Test func aBatchWithAFailedWriteIndexesTheOthersAndNothingOfIt() throws {
        struct Refused: Error {}
        let service = try TestService()
        _ = try seed(service)
        let template = try #require(try service.database.read { try $0.complaint(id: 1) })
        let database = service.database
        // The writer is held in a write of its own while three queue behind it, to share a batch.
        let (arrived, release, done) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchGroup())
        DispatchQueue.global().async(group: done) {
            _ = try? database.write { _ in
                arrived.signal(); release.wait()
            }
        }
        arrived.wait()
        for (serial, title) in [(9001, "Capybara first"), (9002, "Capybara refused"), (9003, "Capybara third")] {
            var complaint = template
            (complaint.title, complaint.number) = (title, CaseNumber(month: "202611", serial: serial))
            let queued = complaint
            DispatchQueue.global().async(group: done) {
                _ = try? database.write { connection in
                    _ = try connection.insertComplaint(queued, trackingDigest: [1])
                    if serial == 9002 { throw Refused() }
                }
            }
            #expect(eventually { database.writerStatistics.queued == serial - 9000 })
        }
        release.signal()
        done.wait()
        let found =
            try service.request("GET", "/v1/complaints?q=Capybara", key: service.adminKey).json()["data"]?.array ?? []
        #expect(Set(found.compactMap { $0["title"]?.string }) == ["Capybara first", "Capybara third"])
        #expect(try searchQueueEmpties(service))
    }

    /// The writer empties the search queue once no writes wait, after it has answered them.
    private func searchQueueEmpties(_ service: TestService) throws -> Bool {
        try eventually {
            try service.database.read { try $0.first("SELECT count(*) FROM complaint_search_queue")?.get(0) as Int? }
                == 0
        }
    }

    @Test func cursorPagesNeitherSkipNorRepeatWhileNewComplaintsArrive() throws {
        let service = try TestService()
        for index in 0..<23 {
            service.clock.advance(hours: 0.01)
            _ = try service.request(
                "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(title: "C\(index)"))
        }
        let before = Set(try numbers(service, "limit=200"))
        var seen: [String] = []
        var cursor: String?
        repeat {
            let target = "/v1/complaints?limit=5" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try service.request("GET", target, key: service.adminKey).json()
            seen += page["data"]?.array?.compactMap { $0["number"]?.string } ?? []
            cursor = page["next_cursor"]?.string
            service.clock.advance(hours: 0.01)
            _ = try service.request(
                "POST", "/v1/complaints", key: service.adminKey, json: complaintJSON(title: "Later"))
        } while cursor != nil
        #expect(seen.count == Set(seen).count)
        #expect(Set(seen) == before)
    }

    @Test func everySortPagesThroughTheWholeSelection() throws {
        let service = try TestService()
        _ = try seed(service)
        _ = try seed(service)
        for sort in ComplaintFilter.Sort.allCases {
            let all = try numbers(service, "sort=\(sort.rawValue)&limit=200")
            var paged: [String] = []
            var cursor: String?
            repeat {
                let page = try service.request(
                    "GET", "/v1/complaints?sort=\(sort.rawValue)&limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""),
                    key: service.adminKey
                ).json()
                paged += page["data"]?.array?.compactMap { $0["number"]?.string } ?? []
                cursor = page["next_cursor"]?.string
            } while cursor != nil
            #expect(paged == all, "\(sort)")
            #expect(all.count == 8)
        }
    }

    @Test func csvStreamsTheSameSelection() throws {
        let service = try TestService()
        let n = try seed(service)
        let byQuery = try service.request(
            "GET", "/v1/complaints?format=csv&category=safety,billing", key: service.adminKey)
        #expect(byQuery.status == 200)
        #expect(byQuery.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(byQuery.header("Transfer-Encoding") == "chunked")
        let lines = byQuery.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == ComplaintCSV.columns.joined(separator: ","))
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("1,\(n[0]),received,critical,web,safety,热水器漏电,张伟,"))
        let byAccept = try service.request(
            "GET", "/v1/complaints?category=safety,billing", key: service.adminKey,
            headers: [("Accept", "text/csv")])
        #expect(byAccept.body == byQuery.body)
    }

    @Test func csvAddsTheColumnsFieldsAsksForInTheirOwnOrder() throws {
        let service = try TestService()
        let id = try service.register()
        try service.take(
            toInvestigating + [
                (
                    "propose",
                    #"{"remedies":["apology","repair"],"description":"New seal","root_cause":"Worn seal","responsibility":{"department":"logistics","person":"王强","penalty_minor":20000}}"#
                ),
                ("resolve", #"{"note":"Fixed","notified_via":"phone"}"#),
                ("follow-up", #"{"method":"visit","satisfied":false,"score":2,"comment":"Still drips"}"#),
            ], on: id)
        let export = try service.request(
            "GET", "/v1/complaints?format=csv&fields=satisfaction,penalty,description,proposal,root_cause",
            key: service.adminKey)
        #expect(export.status == 200)
        let lines = export.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let extra = [
            "description", "root_cause", "proposal_remedies", "proposal_amount_minor", "proposal_currency",
            "proposal_description", "proposal_approved_by", "responsible_department", "responsible_person",
            "penalty_minor", "satisfied", "satisfaction_score", "satisfaction_method", "satisfaction_comment",
        ]
        #expect(lines.first == (ComplaintCSV.columns + extra).joined(separator: ","))
        #expect(lines.count == 2)
        #expect(
            lines[1].hasSuffix(
                #",Water on the floor after every wash.,Worn seal,"apology,repair",,,New seal,auto,logistics,王强,20000,false,2,visit,Still drips"#
            ),
            "\(lines[1])")
        for bad in ["fields=penalty&format=json", "fields=penalty", "fields=password&format=csv", "fields=&format=csv"]
        {
            let refused = try service.request("GET", "/v1/complaints?\(bad)", key: service.adminKey)
            #expect(refused.status == 400, "\(bad)")
            #expect(try refused.json()["errors"]?[0]?["field"]?.string == "fields", "\(bad)")
        }
    }

    @Test func csvQuotesAndDefusesCells() {
        var bytes: [UInt8] = []
        let complaint = Complaint(
            id: 1, number: CaseNumber(month: "202611", serial: 1), channel: .web, priority: .normal,
            priorityReason: "r",
            title: "=HYPERLINK(\"x\"), bad", description: "d",
            complainant: Complainant(name: "Line\nbreak", phone: "+86 1"),
            subject: Subject(type: .product), receivedAt: Instant(seconds: 0), receivedBy: "k", createdByKey: 1,
            createdAt: Instant(seconds: 0), updatedAt: Instant(seconds: 0), firstResponseDueAt: Instant(seconds: 0),
            resolutionDueAt: Instant(seconds: 0))
        ComplaintCSV.append(complaint, atRiskRatio: 0.8, now: Instant(seconds: 0), to: &bytes)
        let row = String(decoding: bytes, as: UTF8.self)
        #expect(row.contains(#","'=HYPERLINK(""x""), bad","#))
        #expect(row.contains(#","Line"# + "\n" + #"break",'+86 1,"#))
    }

    @Test func csvOfManyComplaintsArrivesComplete() throws {
        let service = try TestService()
        _ = try service.database.write { connection in
            for index in 0..<3000 {
                try connection.run(
                    """
                    INSERT INTO complaints (number, version, status, channel, priority, priority_rank, priority_reason, title,
                        description, complainant_name, complainant_phone, subject_type, tags, received_at, received_by,
                        created_by_key, created_at, updated_at, first_response_due_at, resolution_due_at, tracking_digest)
                    VALUES (?, 1, 'received', 'web', 'normal', 1, 'r', ?, 'd', 'n', '12345', 'other', '[]', ?, 'k', 1, 0, 0, ?, ?, x'00')
                    """, "202601-\(String(format: "%04d", index + 1))", "Title \(index)", Int64(index),
                    Int64(index + 86_400),
                    Int64(index + 604_800))
            }
        }
        let csv = try service.request("GET", "/v1/complaints?format=csv", key: service.adminKey)
        let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 3001)
        #expect(Set(lines.dropFirst().map { $0.split(separator: ",")[1] }).count == 3000)
    }

    /// Each list query reads through an index; the broad ones also take their order from it, while
    /// a complainant's few complaints are sorted after the lookup.
    @Test(arguments: [
        ("", "complaints_received", true),
        ("status=received", "complaints_status_received", true),
        ("sort=resolution_due_at", "complaints_resolution_due", true),
        ("sort=-priority", "complaints_priority_received", true),
        ("complainant=13900000001", "complaints_phone", false),
    ])
    func listQueriesUseAnIndex(query: String, index: String, orderedByIndex: Bool) throws {
        let service = try TestService()
        var filter = ComplaintFilter()
        for item in query.split(separator: "&") {
            let parts = item.split(separator: "=").map(String.init)
            switch parts[0] {
            case "status": filter.statuses = [Status(rawValue: parts[1])!]
            case "sort": filter.sort = ComplaintFilter.Sort(rawValue: parts[1])!
            case "complainant": filter.complainant = parts[1]
            default: break
            }
        }
        let query = ComplaintQuery(filter: filter, cursor: ComplaintCursor?.none, now: Instant(seconds: 0))
        let plan = try service.database.read { connection in
            try connection.query("EXPLAIN QUERY PLAN " + query.sql + " LIMIT 51", arguments: query.arguments)
                .map { try $0.get(3) as String }
        }
        #expect(
            plan.contains { $0.contains("USING INDEX \(index)") || $0.contains("USING COVERING INDEX \(index)") },
            "\(plan)")
        #expect(plan.contains { $0.contains("USE TEMP B-TREE FOR ORDER BY") } == !orderedByIndex, "\(plan)")
    }
}
