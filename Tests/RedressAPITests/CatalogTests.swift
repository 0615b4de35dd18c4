import Testing
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

@Suite struct CatalogTests {
    @Test func aNewDatabaseHasTheDefaultCategoriesAndDepartments() throws {
        let service = try TestService()
        let categories = try service.request("GET", "/v1/categories", key: service.key(.intake)).json()
        let keys = Set(categories["data"]?.array?.compactMap { $0["key"]?.string } ?? [])
        #expect(
            keys.isSuperset(of: [
                "product_quality", "service_quality", "service_attitude", "delivery", "billing", "safety",
                "privacy", "other",
            ]))
        #expect(categories["data"]?.array?.first { $0["key"]?.string == "product_quality" }?["quality"]?.bool == true)
        #expect(categories["next_cursor"] == .null)
        let departments = try service.request("GET", "/v1/departments", key: service.adminKey).json()
        #expect(departments["data"]?.array?.contains { $0["key"]?.string == "quality" } == true)
    }

    @Test func aCategoryQualityOfNullOrNoneMeansFalse() throws {
        let service = try TestService()
        for (key, body) in [
            ("q_null", #"{"key":"q_null","name":"Null","quality":null}"#),
            ("q_none", #"{"key":"q_none","name":"None"}"#),
        ] {
            let created = try service.request("POST", "/v1/categories", key: service.adminKey, json: body)
            #expect(created.status == 201, "\(key)")
            #expect(try created.json()["quality"]?.bool == false, "\(key)")
        }
        #expect(
            try service.request(
                "POST", "/v1/categories", key: service.adminKey,
                json: #"{"key":"q_text","name":"Text","quality":"yes"}"#
            ).status == 422)
    }

    @Test func anAddedDepartmentCanBeAssignedAndADuplicateKeyIs409() throws {
        let service = try TestService()
        let created = try service.request(
            "POST", "/v1/departments", key: service.adminKey,
            json: #"{"key":"after_sales","name":"After-sales"}"#)
        #expect(created.status == 201)
        let duplicate = try service.request(
            "POST", "/v1/departments", key: service.adminKey,
            json: #"{"key":"after_sales","name":"Again"}"#)
        #expect(duplicate.status == 409)
        #expect(
            try service.request(
                "POST", "/v1/categories", key: service.adminKey,
                json: #"{"key":"billing","name":"Billing"}"#
            ).status == 409)
        let id = try service.register()
        try service.take([toInvestigating[0], ("assign", #"{"department":"after_sales","assignee":"赵六"}"#)], on: id)
        #expect(try service.complaint(id)["department"]?.string == "after_sales")
    }

    @Test(arguments: [
        ("departments", #"{"key":"Bad Key","name":"Bad"}"#, "key"),
        ("departments", #"{"key":"ok","name":"   "}"#, "name"),
        ("categories", #"{"key":"ok","name":""}"#, "name"), ("categories", #"{"name":"No key"}"#, "key"),
        ("departments", #"{"key":"ok","name":"Fine","quality":true}"#, "quality"),
        ("categories", #"{"key":"ok","name":"\#(String(repeating: "名", count: 101))"}"#, "name"),
    ])
    func aBadCatalogEntryIs422NamingTheFieldAndNothingIsAdded(list: String, body: String, field: String) throws {
        let service = try TestService()
        let before = try service.request("GET", "/v1/\(list)", key: service.adminKey).json()["data"]?.array?.count
        let response = try service.request("POST", "/v1/\(list)", key: service.adminKey, json: body)
        #expect(response.status == 422)
        #expect(try response.json()["errors"]?[0]?["field"]?.string == field)
        #expect(try service.request("GET", "/v1/\(list)", key: service.adminKey).json()["data"]?.array?.count == before)
    }
}
