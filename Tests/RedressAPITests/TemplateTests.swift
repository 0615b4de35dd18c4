import Testing
import JSON
@testable import RedressStore
import SQLite
import RedressDomain
import TestClient
@testable import RedressAPI

/// Response templates: the defaults, saving with checked placeholders, and rendering.
@Suite struct TemplateTests {
    @Test func aNewDatabaseHasADefaultForEveryStageInChineseAndEnglish() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let list = try service.request("GET", "/v1/templates", key: agent)
        #expect(list.status == 200)
        let templates = try #require(try list.json()["data"]?.array)
        let keys = Set(templates.compactMap { $0["key"]?.string })
        for stage in ResponseTemplate.Stage.allCases {
            for locale in ["zh-CN", "en"] {
                #expect(keys.contains("\(stage.rawValue)-\(locale)"), "no default \(stage.rawValue) in \(locale)")
            }
        }
        #expect(templates.count == 12)
        #expect(try list.json()["next_cursor"] == .null)
        for template in templates {
            #expect(template.keys == ["key", "stage", "locale", "body", "created_at", "updated_at"])
            let body = try #require(template["body"]?.string)
            #expect(ResponseTemplate.validate(locale: template["locale"]!.string!, body: body).isEmpty)
            #expect(body.contains("{{complainant_name}}") && body.contains("{{number}}"))
        }
    }

    @Test func everyDefaultRendersWithNoPlaceholderLeft() throws {
        let service = try TestService()
        let id = try service.register()
        let templates = try service.request("GET", "/v1/templates", key: service.adminKey).json()["data"]?.array ?? []
        for key in templates.compactMap({ $0["key"]?.string }) {
            let response = try service.request(
                "POST", "/v1/templates/\(key)/render", key: service.adminKey,
                json: #"{"complaint":"\#(id)"}"#)
            #expect(response.status == 200, "\(key)")
            let text = try #require(try response.json()["text"]?.string)
            #expect(!text.contains("{{") && !text.contains("}}"), "\(key)")
            #expect(text.contains("王芳"), "\(key)")
        }
    }

    @Test func theDefaultsLeaveNoBlankTheComplaintCanFill() throws {
        let service = try TestService()
        let rejected = try service.register()
        try service.take([("assess", #"{"valid":false,"note":"此产品不是本公司销售的。"}"#)], on: rejected)
        let proposed = try service.register()
        try service.take(
            toInvestigating + [
                (
                    "propose",
                    #"{"remedies":["repair","compensation"],"amount_minor":20050,"description":"上门更换密封圈并赠送优惠券","root_cause":"密封圈老化"}"#
                ),
                ("resolve", #"{"note":"已上门更换密封圈","notified_via":"phone"}"#),
            ], on: proposed)
        func render(_ key: String, _ id: Int64, code: String? = nil) throws -> String {
            let extra = code.map { #","tracking_code":"\#($0)""# } ?? ""
            let response = try service.request(
                "POST", "/v1/templates/\(key)/render", key: service.adminKey,
                json: #"{"complaint":"\#(id)"\#(extra)}"#)
            #expect(response.status == 200, "\(key) \(response.text)")
            let text = try response.json()["text"]?.string ?? ""
            #expect(!text.contains("【") && !text.contains("[") && !text.contains("{{"), "\(key): \(text)")
            return text
        }
        #expect(try render("rejection-zh-CN", rejected).contains("此产品不是本公司销售的。"))
        #expect(try render("proposal-zh-CN", proposed).contains("上门更换密封圈并赠送优惠券（维修、补偿；200.50 元）"))
        #expect(try render("proposal-en", proposed).contains("(a repair and compensation; CNY 200.50)."))
        #expect(try render("follow_up-en", proposed).contains("(已上门更换密封圈)"))
        #expect(
            try render("acknowledgement-en", proposed, code: "M99K7ES6RM4N").contains("tracking code (M99K7ES6RM4N)."))
        #expect(try render("acknowledgement-zh-CN", proposed).contains("查询码（登记时发给您的查询码）"))
        // Before there is a proposal, the placeholders read as phrases, never blanks.
        #expect(
            try render("proposal-en", rejected).contains(
                "the remedy we will tell you about shortly (to be decided; no payment is involved)."))
    }

    @Test func aDefaultAnAdministratorRewroteIsNotRevised() throws {
        let directory = try TestDirectory()
        let path = directory.path("redress.sqlite")
        let original = Schema.defaultTemplates.first { $0.stage == "rejection" && $0.locale == "zh-CN" }!.body
        do {
            // A database at schema 11 whose English rejection an administrator rewrote.
            let database = try Database(configuration: DatabaseConfiguration(path: path))
            try database.write { connection in
                try connection.execute(SchemaRewind.script(from: Schema.migrations.count, to: 11))
                for (key, body) in [
                    ("rejection-en", "Dear {{complainant_name}}, our own words."), ("rejection-zh-CN", original),
                ] {
                    try connection.run("UPDATE response_templates SET body = ? WHERE key = ?", body, key)
                }
            }
            database.close()
        }
        let database = try Database(configuration: DatabaseConfiguration(path: path))
        defer { database.close() }
        let bodies = try database.read { connection in
            try connection.query("SELECT key, body FROM response_templates WHERE stage = 'rejection' ORDER BY key")
                .map { (try $0.get(0) as String, try $0.get(1) as String) }
        }
        #expect(bodies[0] == ("rejection-en", "Dear {{complainant_name}}, our own words."))
        // The Chinese one, still the first default word for word, is revised.
        #expect(
            bodies[1].0 == "rejection-zh-CN" && bodies[1].1 != original && bodies[1].1.contains("{{validity_note}}"))
    }

    @Test func listsFilterByStageAndLocale() throws {
        let service = try TestService()
        let byStage = try service.request("GET", "/v1/templates?stage=apology,rejection", key: service.adminKey).json()
        #expect(
            byStage["data"]?.array?.compactMap { $0["key"]?.string }
                == ["apology-en", "apology-zh-CN", "rejection-en", "rejection-zh-CN"])
        let byLocale = try service.request("GET", "/v1/templates?locale=zh-cn&stage=proposal", key: service.adminKey)
            .json()
        #expect(byLocale["data"]?.array?.compactMap { $0["key"]?.string } == ["proposal-zh-CN"])
        #expect(try service.request("GET", "/v1/templates?stage=greeting", key: service.adminKey).status == 400)
        #expect(try service.request("GET", "/v1/templates?sort=key", key: service.adminKey).status == 400)
    }

    @Test func aSupervisorCreatesThenReplacesATemplateAndAnAgentCannot() throws {
        let service = try TestService()
        let agent = try service.key(.agent)
        let supervisor = try service.key(.supervisor)
        let body = #"{"stage":"apology","locale":"en-GB","body":"Dear {{ complainant_name }}, sorry about {{title}}."}"#
        #expect(try service.request("PUT", "/v1/templates/apology-short", key: agent, json: body).status == 403)
        #expect(try service.request("DELETE", "/v1/templates/apology-en", key: agent).status == 403)
        let created = try service.request("PUT", "/v1/templates/apology-short", key: supervisor, json: body)
        #expect(created.status == 201)
        #expect(created.header("Location") == "/v1/templates/apology-short")
        let first = try created.json()
        #expect(first["stage"]?.string == "apology")
        #expect(first["locale"]?.string == "en-GB")
        #expect(first["created_at"]?.string == service.clock.now.rfc3339)

        service.clock.advance(hours: 1)
        let replaced = try service.request(
            "PUT", "/v1/templates/apology-short", key: supervisor,
            json: #"{"stage":"other","locale":"en","body":"Hello {{complainant_name}}."}"#)
        #expect(replaced.status == 200)
        #expect(replaced.header("Location") == nil)
        let second = try replaced.json()
        #expect(second["created_at"] == first["created_at"])
        #expect(second["updated_at"]?.string == service.clock.now.rfc3339)
        let read = try service.request("GET", "/v1/templates/apology-short", key: agent).json()
        #expect(read["body"]?.string == "Hello {{complainant_name}}.")
        #expect(read["stage"]?.string == "other")
    }

    @Test func anUnknownPlaceholderIs422NamingItAndNothingIsSaved() throws {
        let service = try TestService()
        let response = try service.request(
            "PUT", "/v1/templates/acknowledgement-en", key: service.adminKey,
            json: #"{"stage":"acknowledgement","locale":"en","body":"Dear {{customer}}, case {{number}}."}"#)
        #expect(response.status == 422)
        let error = try #require(try response.json()["errors"]?[0])
        #expect(error["field"]?.string == "body")
        #expect(error["message"]?.string?.contains("{{customer}}") == true)
        let kept = try service.request("GET", "/v1/templates/acknowledgement-en", key: service.adminKey).json()
        #expect(kept["body"]?.string?.contains("{{customer}}") == false)
    }

    @Test(arguments: [
        ("good-key", #"{"stage":"apology","locale":"en","body":"Hi {{title"}"#, "body"),
        ("good-key", #"{"stage":"greeting","locale":"en","body":"Hi"}"#, "stage"),
        ("good-key", #"{"stage":"apology","locale":"English","body":"Hi"}"#, "locale"),
        ("good-key", #"{"stage":"apology","locale":"en"}"#, "body"),
        ("good-key", #"{"stage":"apology","locale":"en","body":"Hi","key":"x"}"#, "key"),
        ("-bad", #"{"stage":"apology","locale":"en","body":"Hi"}"#, "key"),
    ])
    func anInvalidTemplateIs422(key: String, body: String, field: String) throws {
        let service = try TestService()
        let response = try service.request("PUT", "/v1/templates/\(key)", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        #expect(try service.request("GET", "/v1/templates/\(key)", key: service.adminKey).status == 404)
    }

    @Test func aDeletedTemplateIsGone() throws {
        let service = try TestService()
        let id = try service.register()
        #expect(try service.request("DELETE", "/v1/templates/other-en", key: service.adminKey).status == 204)
        #expect(try service.request("DELETE", "/v1/templates/other-en", key: service.adminKey).status == 404)
        #expect(try service.request("GET", "/v1/templates/other-en", key: service.adminKey).status == 404)
        let render = try service.request(
            "POST", "/v1/templates/other-en/render", key: service.adminKey,
            json: #"{"complaint":"\#(id)"}"#)
        #expect(render.status == 404)
        #expect(try service.request("GET", "/v1/templates", key: service.adminKey).json()["data"]?.array?.count == 11)
    }

    @Test func renderingFillsTheComplaintInEachLocale() throws {
        let service = try TestService(timeZone: "Asia/Shanghai")
        let created = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(title: "洗衣机漏水", description: "每次洗衣后地上都有水。"))
        let number = try #require(try created.json()["number"]?.string)
        let id = try #require(try created.json()["id"]?.int)
        let supervisor = try service.key(.supervisor)
        let intake = try service.key(.intake)
        _ = try service.request(
            "PUT", "/v1/templates/update-zh", key: supervisor,
            json: #"""
                {"stage":"other","locale":"zh-CN","body":"{{complainant_name}}您好：案件{{number}}（{{title}}）由{{department}}的{{assignee}}负责，预计{{resolution_due_at}}前答复。"}
                """#)
        _ = try service.request(
            "PUT", "/v1/templates/update-en", key: supervisor,
            json: #"""
                {"stage":"other","locale":"en","body":"Dear {{complainant_name}}, {{assignee}} of {{department}} has case {{number}}, due {{resolution_due_at}}."}
                """#)
        let unassigned = try service.request(
            "POST", "/v1/templates/update-en/render", key: service.adminKey,
            json: #"{"complaint":"\#(number)"}"#)
        #expect(unassigned.status == 200)
        #expect(try unassigned.json().keys == ["text"])
        #expect(
            try unassigned.json()["text"]?.string == """
                Dear 王芳, our customer care team of the team responsible has case \(number), due 29 November 2026, 13:40 (UTC+08:00).
                """)
        try service.take(
            [("assess", #"{"valid":true}"#), ("assign", #"{"department":"quality","assignee":"张伟"}"#)], on: id)
        let chinese = try service.request(
            "POST", "/v1/templates/update-zh/render", key: service.adminKey,
            json: #"{"complaint":"\#(id)"}"#)
        #expect(
            try chinese.json()["text"]?.string == """
                王芳您好：案件\(number)（洗衣机漏水）由Quality Assurance的张伟负责，预计2026年11月29日 13:40（UTC+08:00）前答复。
                """)
        let byIntake = try service.request(
            "POST", "/v1/templates/update-zh/render", key: intake,
            json: #"{"complaint":"\#(id)"}"#)
        #expect(byIntake.status == 403)
    }

    @Test(arguments: [#"{"complaint":"202611-0999"}"#, #"{"complaint":"nope"}"#, #"{}"#, #"{"complaint":7}"#])
    func renderingForNoComplaintIs422(body: String) throws {
        let service = try TestService()
        _ = try service.register()
        let response = try service.request("POST", "/v1/templates/apology-en/render", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == "complaint")
    }
}
