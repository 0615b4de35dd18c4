import Foundation
import JSON
import RedressDomain
import TestClient
@testable import RedressAPI

/// A complaint a report test registered, and what it then did to it: the test's own record, from
/// which it computes the figures it expects.
struct SeededComplaint {
    var id: Int64 = 0
    var channel = "phone"
    var category: String?
    var priority = "normal"
    var phone: String
    var subjectRef: String
    var receivedAt: Instant
    var status = "received"
    var department: String?
    var firstRespondedAt: Instant?
    var resolvedAt: Instant?
    var closedAt: Instant?
    var score: Int?
    var reopened = false
    var isRepeat = false

    /// Hours from receipt to first response and to resolution due under the default settings.
    var limits: (firstResponse: Double, resolution: Double) {
        switch priority {
        case "critical": (2, 24)
        case "high": (8, 72)
        default: (24, 168)
        }
    }

    /// Whether it was resolved at least once.
    var wasResolved: Bool { resolvedAt != nil || reopened }

    /// Whether a first-response or resolution limit is missed at `now` (the data set has no late follow-up).
    func isOverdue(now: Instant) -> Bool {
        let stopped = Status(rawValue: status)!.isOpen ? now : (closedAt ?? now)
        let resolutionMet = resolvedAt ?? (status == "rejected" ? closedAt : nil)
        return (firstRespondedAt ?? stopped) > receivedAt.adding(hours: limits.firstResponse)
            || (resolutionMet ?? stopped) > receivedAt.adding(hours: limits.resolution)
    }

    /// The intake body.
    var json: String {
        var extra = #","priority":"\#(priority)","received_at":"\#(receivedAt.rfc3339)""#
        if let category { extra += #","category":"\#(category)""# }
        return complaintJSON(channel: channel, phone: phone, subjectRef: subjectRef, extra: extra)
    }
}

extension TestService {
    /// Registers the complaint and keeps its id.
    func register(_ complaint: inout SeededComplaint) throws {
        complaint.id = try register(json: complaint.json)
    }

    /// Assesses the complaint as valid, assigns it to `department` and calls the customer now, its
    /// first contact.
    func assign(_ complaint: inout SeededComplaint, to department: String) throws {
        try take(
            [
                ("assess", #"{"valid":true}"#), ("assign", #"{"department":"\#(department)","assignee":"李娜"}"#),
                contactStep,
            ], on: complaint.id)
        complaint.status = "assigned"
        complaint.department = department
        complaint.firstRespondedAt = clock.now
    }

    /// Rejects the complaint now, which is its first response and its end.
    func reject(_ complaint: inout SeededComplaint) throws {
        try take([("assess", #"{"valid":false,"note":"We did not sell this product."}"#)], on: complaint.id)
        complaint.status = "rejected"
        complaint.firstRespondedAt = clock.now
        complaint.closedAt = clock.now
    }

    /// Takes an assigned complaint through investigation and an apology to resolved, now.
    func resolve(_ complaint: inout SeededComplaint) throws {
        if complaint.status == "assigned" {
            try take([("investigate", #"{"findings":"Confirmed."}"#)], on: complaint.id)
        }
        try take(
            [
                ("propose", proposalJSON(#""apology""#)),
                ("resolve", #"{"note":"We apologised.","notified_via":"phone"}"#),
            ], on: complaint.id)
        complaint.status = "resolved"
        complaint.resolvedAt = clock.now
    }

    /// Follows up a resolved complaint now: closed when satisfied, reopened otherwise.
    func followUp(_ complaint: inout SeededComplaint, satisfied: Bool, score: Int) throws {
        try take([("follow-up", #"{"method":"phone","satisfied":\#(satisfied),"score":\#(score)}"#)], on: complaint.id)
        complaint.score = score
        if satisfied {
            complaint.status = "closed"
            complaint.closedAt = clock.now
        } else {
            complaint.status = "investigating"
            complaint.resolvedAt = nil
            complaint.reopened = true
        }
    }

    /// A report as the admin reads it, failing unless it answers 200.
    func report(_ target: String) throws -> JSONValue {
        let response = try request("GET", target, key: adminKey)
        guard response.status == 200 else {
            throw TestClient.Failure(description: "\(target) answered \(response.status) \(response.text)")
        }
        return try response.json()
    }
}

/// The median of the values, nil when there are none.
func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    return (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
}

/// The mean of the values, nil when there are none.
func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
}

/// The share of `part` in `whole`, nil when `whole` is 0.
func share(_ part: Int, of whole: Int) -> Double? {
    whole == 0 ? nil : Double(part) / Double(whole)
}

/// `value` rounded to `places` decimals, as the reports round.
func rounded(_ value: Double?, _ places: Int) -> Double? {
    let scale = pow(10, Double(places))
    return value.map { ($0 * scale).rounded() / scale }
}

extension JSONValue {
    /// A number, integer or not.
    var number: Double? {
        switch self {
        case .int(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    /// An object's members as counts.
    var counts: [String: Int64]? {
        guard case .object(let members) = self else { return nil }
        var counts: [String: Int64] = [:]
        for (key, value) in members {
            guard let count = value.int else { return nil }
            counts[key] = count
        }
        return counts
    }
}
