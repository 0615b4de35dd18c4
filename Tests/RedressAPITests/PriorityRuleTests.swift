import Foundation
import Testing
import JSON
import RedressDomain
@testable import RedressStore
import TestClient
@testable import RedressAPI

/// `/v1/priority-rules` and the priorities intake then gives, as a complaint team sees them.
@Suite struct PriorityRuleTests {
    /// A complaint's priority and reason as intake answers them.
    static func register(
        _ service: TestService, title: String = "Complaint", description: String,
        channel: String = "phone", phone: String = "+86 138 0013 8000", subjectRef: String? = nil,
        extra: String = ""
    ) throws -> (priority: String?, reason: String?) {
        let response = try service.request(
            "POST", "/v1/complaints", key: service.adminKey,
            json: complaintJSON(
                channel: channel, title: title, description: description, phone: phone, subjectRef: subjectRef,
                extra: extra))
        #expect(response.status == 201, "\(response.text)")
        let json = try response.json()
        return (json["priority"]?.string, json["priority_reason"]?.string)
    }

    /// The default document with `change` applied to its JSON text.
    static func document(
        rules: String = defaultRulesJSON, negations: String = #"["没有","not"]"#,
        cluster: String = #"{"enabled":true,"count":10,"window_hours":24,"level":"critical"}"#
    ) -> String {
        #"{"rules":\#(rules),"negations":\#(negations),"cluster":\#(cluster)}"#
    }

    static let defaultRulesJSON =
        #"[{"name":"recall","reason":"mentions a product recall","level":"critical","words":["recall","召回"]},{"name":"refund","reason":"asks for a refund","level":"high","field":"title","words":["refund","退款"]}]"#

    static func put(
        _ service: TestService, _ body: String, key: String? = nil,
        ifMatch: String? = nil, contentType: String = "application/json"
    ) throws -> TestClient.Response {
        var headers = [("Content-Type", contentType)]
        if let ifMatch { headers.append(("If-Match", ifMatch)) }
        return try service.request(
            "PUT", "/v1/priority-rules", key: key ?? service.adminKey, json: body, headers: headers)
    }

    @Test func supervisorsReadTheDefaultRulesInChineseAndEnglish() throws {
        let service = try TestService()
        let response = try service.request("GET", "/v1/priority-rules", key: try service.key(.supervisor))
        #expect(response.status == 200)
        #expect(response.header("ETag") == "\"1\"")
        let json = try response.json()
        #expect(json["version"]?.int == 1)
        let rules = try #require(json["rules"]?.array)
        #expect(
            rules.compactMap { $0["name"]?.string }
                == ["safety", "fraud", "legal", "media", "regulator", "false-advertising", "privacy"])
        let words = rules.flatMap { $0["words"]?.array ?? [] }.compactMap(\.string)
        for word in ["抖音", "微博", "小红书", "12315", "投诉到", "虚假宣传", "隐私泄露", "个人信息", "lawyer", "fire"] {
            #expect(words.contains(word), "\(word)")
        }
        #expect(rules[0]["level"]?.string == "critical")
        #expect(rules[0]["field"]?.string == "any")
        #expect(rules[5]["level"]?.string == "high")
        let negations = json["negations"]?.array?.compactMap(\.string) ?? []
        for word in ["没有", "没", "不是", "并非", "幸好没有", "no", "not", "never"] {
            #expect(negations.contains(word), "\(word)")
        }
        #expect(json["cluster"]?["count"]?.int == 10)
        #expect(json["cluster"]?["window_hours"]?.int == 24)
        #expect(json["cluster"]?["enabled"]?.bool == true)
        #expect(try service.request("GET", "/v1/priority-rules", key: try service.key(.agent)).status == 403)
        let anonymous = try service.request("GET", "/v1/priority-rules")
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
    }

    @Test func aNegatedWordDoesNotMakeAComplaintCritical() throws {
        let service = try TestService()
        #expect(try Self.register(service, description: "幸好没有人受伤，但热水器漏水了").priority == "normal")
        #expect(try Self.register(service, description: "这不是诈骗短信吧？想确认一下").priority == "normal")
        #expect(
            try Self.register(service, description: "Luckily no one was hurt, the shelf just fell").priority == "normal"
        )
        let burned = try Self.register(service, description: "上次没有人受伤，这次孩子被烫伤了")
        #expect(burned.priority == "critical")
        #expect(burned.reason == "mentions safety or injury (\"烫伤\")")
    }

    @Test func mediaRegulatorsFalseAdvertisingAndPrivacyRaiseAComplaint() throws {
        let service = try TestService()
        let media = try Self.register(service, description: "再不处理我就发小红书")
        #expect(media.priority == "critical")
        #expect(media.reason == "mentions media exposure (\"小红书\")")
        #expect(try Self.register(service, description: "我已经投诉到市场监管局").priority == "critical")
        let advertising = try Self.register(service, description: "广告说续航十小时，纯属虚假宣传")
        #expect(advertising == ("high", "mentions false advertising (\"虚假宣传\")"))
        let privacy = try Self.register(service, description: "Your app sold my personal data to advertisers")
        #expect(privacy == ("high", "mentions privacy or personal data (\"personal data\")"))
    }

    @Test func anAdministratorsRulesDecideFromTheNextComplaint() throws {
        let service = try TestService()
        let before = try Self.register(service, description: "Is my model part of the recall?")
        #expect(before.priority == "normal")
        let response = try Self.put(service, Self.document())
        #expect(response.status == 200, "\(response.text)")
        #expect(response.header("ETag") == "\"2\"")
        let json = try response.json()
        #expect(json["version"]?.int == 2)
        #expect(json["rules"]?[1]?["field"]?.string == "title")
        #expect(json["rules"]?[0]?["field"]?.string == "any")
        let recall = try Self.register(service, description: "Is my model part of the RECALL?")
        #expect(recall == ("critical", "mentions a product recall (\"recall\")"))
        // The old words no longer decide; the refund rule reads only the title.
        #expect(try Self.register(service, description: "The heater caught fire").priority == "normal")
        #expect(try Self.register(service, description: "I want a refund").priority == "normal")
        #expect(try Self.register(service, title: "Refund please", description: "Broken").priority == "high")
        // Not negated: the new negations are only 没有 and not.
        #expect(try Self.register(service, description: "召回了吗？没有收到通知").priority == "critical")
        #expect(try Self.register(service, description: "这次没有召回").priority == "normal")
        let read = try service.request("GET", "/v1/priority-rules", key: try service.key(.supervisor))
        #expect(read.header("ETag") == "\"2\"")
        #expect(read.body == response.body)
        // Stored: a service started over the same database reads them.
        let restarted = Backend(
            database: service.database,
            runtime: Runtime(log: Log(level: .warn), metrics: Metrics(), clock: service.clock.clock))
        #expect(try restarted.priorityRules().version == 2)
        #expect(try restarted.priorityRules().rules.rules.map(\.name) == ["recall", "refund"])
    }

    @Test func onlyAnAdministratorChangesTheRules() throws {
        let service = try TestService()
        #expect(try Self.put(service, Self.document(), key: try service.key(.supervisor)).status == 403)
        #expect(try service.request("PUT", "/v1/priority-rules", json: Self.document()).status == 401)
        #expect(try service.request("GET", "/v1/priority-rules", key: service.adminKey).header("ETag") == "\"1\"")
    }

    @Test func ifMatchGuardsAgainstOverwritingAnotherAdministratorsChange() throws {
        let service = try TestService()
        #expect(try Self.put(service, Self.document(), ifMatch: "\"1\"").status == 200)
        let stale = try Self.put(service, Self.document(rules: "[]"), ifMatch: "\"1\"")
        #expect(stale.status == 412)
        #expect(stale.header("ETag") == "\"2\"")
        #expect(try stale.json()["type"]?.string == "/problems/precondition-failed")
        #expect(try Self.put(service, Self.document(rules: "[]"), ifMatch: "W/\"2\"").status == 412)
        #expect(try Self.put(service, Self.document(rules: "[]"), ifMatch: "nonsense").status == 412)
        let current = try service.request("GET", "/v1/priority-rules", key: service.adminKey)
        #expect(current.header("ETag") == "\"2\"")
        #expect(try current.json()["rules"]?.array?.count == 2)
        #expect(try Self.put(service, Self.document(), ifMatch: "\"1\", \"2\"").header("ETag") == "\"3\"")
        #expect(try Self.put(service, Self.document(), ifMatch: "*").header("ETag") == "\"4\"")
    }

    @Test func anEmptyRuleListLeavesOnlyTheChannelClusterAndRepeatRules() throws {
        let service = try TestService()
        let response = try Self.put(service, Self.document(rules: "[]", negations: "[]"))
        #expect(response.status == 200)
        #expect(try response.json()["rules"]?.array?.isEmpty == true)
        #expect(try Self.register(service, description: "The heater caught fire").priority == "normal")
        #expect(
            try Self.register(service, description: "着火了", channel: "social_media", phone: "+86 139 0000 0001").priority
                == "high")
    }

    @Test func manyOpenComplaintsAboutOneSubjectRaiseTheNextOneNamingTheCount() throws {
        let service = try TestService()
        #expect(
            try Self.put(
                service,
                Self.document(
                    cluster: #"{"enabled":true,"count":3,"window_hours":24,"level":"critical"}"#)
            ).status == 200)
        let earlier = service.clock.now.adding(hours: -30).rfc3339
        // Outside the window, about another subject, or withdrawn: none counts.
        _ = try Self.register(
            service, description: "Screen flickers", phone: "13700000001", subjectRef: "A-PHONE-X1",
            extra: #","received_at":"\#(earlier)""#)
        _ = try Self.register(service, description: "Screen flickers", phone: "13700000002", subjectRef: "B-PHONE")
        let withdrawn = try service.register(
            json: complaintJSON(
                description: "Screen flickers", phone: "13700000003",
                subjectRef: "A-PHONE-X1"))
        try service.take([("withdraw", #"{"reason":"Fixed by a restart."}"#)], on: withdrawn)
        #expect(
            try Self.register(
                service, description: "Screen flickers", phone: "13700000004",
                subjectRef: "A-PHONE-X1"
            ).priority == "normal")
        #expect(
            try Self.register(
                service, description: "Screen flickers", phone: "13700000005",
                subjectRef: "a-phone-x1"
            ).priority == "normal")
        let third = try Self.register(
            service, description: "Screen flickers", phone: "13700000006", subjectRef: "A-Phone-X1")
        #expect(third == ("critical", "3 open complaints about A-Phone-X1 in 24 hours"))
        let high = try Self.register(
            service, title: "Refund", description: "Screen flickers", phone: "13700000007",
            subjectRef: "A-PHONE-X1")
        #expect(
            high == (
                "critical",
                "asks for a refund (\"refund\"); raised to critical as 4 open complaints about A-PHONE-X1 in 24 hours"
            ))
        // The submitter's priority still wins.
        #expect(
            try Self.register(
                service, description: "Screen flickers", phone: "13700000008", subjectRef: "A-PHONE-X1",
                extra: #","priority":"normal""#) == ("normal", "set at intake"))
        // Switched off, it raises nothing.
        #expect(
            try Self.put(
                service,
                Self.document(
                    cluster: #"{"enabled":false,"count":3,"window_hours":24,"level":"critical"}"#)
            ).status == 200)
        #expect(
            try Self.register(
                service, description: "Screen flickers", phone: "13700000009",
                subjectRef: "A-PHONE-X1"
            ).priority == "normal")
    }

    @Test func theClusterCountUsesTheSubjectIndex() throws {
        let service = try TestService()
        let plan = try service.database.read { connection in
            try connection.query("EXPLAIN QUERY PLAN " + type(of: connection).openBySubject.text, "A", 0)
                .map { try $0.get(3) as String }
        }
        #expect(plan.contains { $0.contains("complaints_subject_ref") }, "\(plan)")
    }

    @Test(arguments: [
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":[]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].words", "must hold at least one word"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":["fire",""]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].words[1]", "must not be empty"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":["fi\u0007re"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].words[0]", "must not contain control characters other than tab, line feed and carriage return"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":["x"]},{"name":"a","reason":"r","level":"high","words":["y"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[1].name", "must be unique; rules[0] has the same name"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":["x"],"colour":"red"}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].colour", "is not a known field"
        ),
        (
            #"{"rules":[],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"},"mode":"strict"}"#,
            "mode", "is not a known field"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":"fire"}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].words", "must be an array of strings"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"urgent","words":["x"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].level", "must be one of normal, high, critical"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"normal","words":["x"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].level", "must be high or critical"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","field":"body","words":["x"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].field", "must be one of title, description, any"
        ),
        (
            #"{"rules":[7],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0]", "must be an object"
        ),
        (
            #"{"rules":[],"negations":[""],"cluster":{"enabled":"yes","count":3,"window_hours":24,"level":"high"}}"#,
            "cluster.enabled", "must be true or false"
        ),
        (
            #"{"rules":[],"negations":["没有"],"cluster":{"enabled":true,"count":"ten","window_hours":24,"level":"high"}}"#,
            "cluster.count", "must be a whole number"
        ),
        (
            #"{"rules":[],"negations":["没有"],"cluster":{"enabled":true,"count":1,"window_hours":24,"level":"high"}}"#,
            "cluster.count", "must be from 2 to 1000"
        ),
        (
            #"{"rules":[],"negations":["没有"],"cluster":{"enabled":true,"count":5,"window_hours":9000,"level":"high"}}"#,
            "cluster.window_hours", "must be from 1 to 8760"
        ),
        (
            #"{"rules":[],"negations":["没有","没有"],"cluster":{"enabled":true,"count":5,"window_hours":24,"level":"high"}}"#,
            "negations[1]", "repeats negations[0]"
        ),
        (
            #"{"negations":[],"cluster":{"enabled":true,"count":5,"window_hours":24,"level":"high"}}"#,
            "rules", "is required"
        ),
        (
            #"{"rules":[{"name":"Bad Name","reason":"r","level":"high","words":["x"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].name", "must be 1 to 50 lower-case ASCII letters, digits, '_' or '-'"
        ),
        (
            #"{"rules":[{"name":"a","reason":"r","level":"high","words":["stop. now"]}],"negations":[],"cluster":{"enabled":true,"count":3,"window_hours":24,"level":"high"}}"#,
            "rules[0].words[0]", "must not contain punctuation that ends a clause (. , ; : ! ? 。 ， ； ： ！ ？ 、)"
        ),
    ])
    func aBadDocumentIsRefusedNamingTheFieldAndChangesNothing(body: String, field: String, message: String) throws {
        let service = try TestService()
        let response = try Self.put(service, body)
        #expect(response.status == 422, "\(response.text)")
        let errors = try response.json()["errors"]?.array ?? []
        #expect(
            errors.contains { $0["field"]?.string == field && $0["message"]?.string == message }, "\(response.text)")
        let current = try service.request("GET", "/v1/priority-rules", key: service.adminKey)
        #expect(current.header("ETag") == "\"1\"")
        #expect(try Self.register(service, description: "The heater caught fire").priority == "critical")
    }

    @Test func oversizeDocumentsAreRefused() throws {
        let service = try TestService()
        let cluster = #"{"enabled":true,"count":3,"window_hours":24,"level":"high"}"#
        func rule(_ name: String, words: [String]) -> String {
            #"{"name":"\#(name)","reason":"r","level":"high","words":[\#(words.map { "\"\($0)\"" }.joined(separator: ","))]}"#
        }
        let tooManyRules = "[" + (0..<101).map { rule("r\($0)", words: ["w\($0)"]) }.joined(separator: ",") + "]"
        let tooManyWords = "[" + rule("r", words: (0..<201).map { "w\($0)" }) + "]"
        let tooManyInAll =
            "["
            + (0..<6).map { index in rule("r\(index)", words: (0..<199).map { "w\(index)x\($0)" }) }
            .joined(separator: ",") + "]"
        let tooLong = "[" + rule("r", words: [String(repeating: "长", count: 51)]) + "]"
        for (rules, field) in [
            (tooManyRules, "rules"), (tooManyWords, "rules[0].words"), (tooManyInAll, "rules"),
            (tooLong, "rules[0].words[0]"),
        ] {
            let response = try Self.put(service, Self.document(rules: rules, cluster: cluster))
            #expect(response.status == 422)
            #expect(try response.json()["errors"]?[0]?["field"]?.string == field, "\(response.text.prefix(300))")
        }
        let negations = "[" + (0..<101).map { "\"n\($0)\"" }.joined(separator: ",") + "]"
        #expect(
            try Self.put(service, Self.document(negations: negations)).json()["errors"]?[0]?["field"]?.string
                == "negations")
        #expect(try service.request("GET", "/v1/priority-rules", key: service.adminKey).header("ETag") == "\"1\"")
    }

    @Test func aBodyThatIsNotAJSONObjectIsRefused() throws {
        let service = try TestService()
        #expect(try Self.put(service, "{\"rules\": [").status == 400)
        #expect(try Self.put(service, "[]").status == 422)
        #expect(try Self.put(service, Self.document(), contentType: "text/plain").status == 415)
        #expect(try service.request("DELETE", "/v1/priority-rules", key: service.adminKey).status == 405)
        #expect(try service.request("GET", "/v1/priority-rules?verbose=1", key: service.adminKey).status == 400)
        #expect(try service.request("GET", "/v1/priority-rules", key: service.adminKey).header("ETag") == "\"1\"")
    }

    @Test func aRuleWithoutAFieldOrWithANullOneLooksAnywhere() throws {
        let service = try TestService()
        let rules = #"[{"name":"a","reason":"mentions a recall","level":"critical","field":null,"words":["recall"]}]"#
        let response = try Self.put(service, Self.document(rules: rules))
        #expect(response.status == 200)
        #expect(try response.json()["rules"]?[0]?["field"]?.string == "any")
        #expect(try Self.register(service, title: "Recall?", description: "Is mine affected").priority == "critical")
    }

    @Test func theReadOnlyVersionMayBeSentBackAndIsIgnored() throws {
        let service = try TestService()
        let current = try service.request("GET", "/v1/priority-rules", key: service.adminKey)
        let response = try Self.put(service, current.text, ifMatch: current.header("ETag"))
        #expect(response.status == 200)
        #expect(try response.json()["version"]?.int == 2)
        #expect(try Self.register(service, description: "这不是诈骗短信").priority == "normal")
    }
}
