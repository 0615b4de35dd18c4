import JSON
import RedressCasework
import RedressDomain

/// The time-limit policies as the API reads and writes them (`/v1/sla-policies`), and as they are
/// stored: `{policies: [{name, match: {priority, category, channel, department, region, tags_any,
/// tags_all}, calendar, targets: {first_contact: {unit, amount}, ...}, department_targets:
/// {sales: {unit, amount}, ...}}]}`. Shapes and lengths
/// here; names, known keys and calendars are `SLAPolicyList.validated`'s to judge.
enum PolicyJSON {
    /// Most values in one criterion of a match.
    static let maxValuesPerCriterion = 50
    /// Length of a policy's name, in code points.
    static let nameLength = 1...100
    /// Longest value of a criterion, in characters.
    static let valueLength = 1...100
    /// Most departments with a target of their own in one policy.
    static let maxDepartmentTargets = 50

    /// The policies in `body`; nil with the errors recorded when they cannot be read.
    static func policies(from body: inout RequestBody) -> [SLAPolicy]? {
        body.rejectUnknown(["policies"])
        guard let policies = body.objects("policies", required: true, Self.policy(from:)) else { return nil }
        return CalendarJSON.present(policies)
    }

    private static func policy(from body: inout RequestBody) -> SLAPolicy? {
        body.rejectUnknown(["name", "match", "calendar", "targets", "department_targets"])
        let name = body.string("name", required: true)
        // Counted in code points, as openapi.yaml's maxLength counts, before the engine's own check.
        if let name, name.unicodeScalars.count > nameLength.upperBound {
            body.errors.append(FieldError(body.fieldPath + "name", "must be 1 to \(nameLength.upperBound) characters"))
        }
        let match = body.object("match", Self.match(from:)) ?? SLAPolicy.Match()
        let calendar = body.string("calendar") ?? WorkingCalendar.twentyFourSevenKey
        let targets = body.object("targets", required: true) { nested -> [SLAClock: TimeLimitTarget]? in
            nested.rejectUnknown(Set(SLAClock.allCases.map(\.rawValue)))
            var targets: [SLAClock: TimeLimitTarget] = [:]
            for clock in SLAClock.allCases {
                let field = nested.fieldPath + clock.rawValue
                guard let target = nested.object(clock.rawValue, { Self.target(from: &$0, field: field) }) else {
                    continue
                }
                targets[clock] = target
            }
            return targets
        }
        let departmentTargets =
            body.object("department_targets") { nested -> [String: TimeLimitTarget]? in
                let names = nested.memberNames
                if names.count > maxDepartmentTargets {
                    nested.errors.append(
                        FieldError(
                            String(nested.fieldPath.dropLast()), "must list at most \(maxDepartmentTargets) departments"
                        ))
                }
                var targets: [String: TimeLimitTarget] = [:]
                for department in names.prefix(maxDepartmentTargets) {
                    let field = nested.fieldPath + department
                    guard Casework.isCatalogKey(department) else {
                        nested.errors.append(FieldError(field, "must be the key of a department"))
                        continue
                    }
                    guard let target = nested.object(department, { Self.target(from: &$0, field: field) }) else {
                        if case .null? = nested.value(department) {
                            nested.errors.append(FieldError(field, "must be a target"))
                        }
                        continue
                    }
                    targets[department] = target
                }
                return targets
            } ?? [:]
        guard let name, let targets else { return nil }
        return SLAPolicy(
            name: name, match: match, calendar: calendar, targets: targets, departmentTargets: departmentTargets)
    }

    private static func match(from body: inout RequestBody) -> SLAPolicy.Match? {
        body.rejectUnknown(["priority", "category", "channel", "department", "region", "tags_any", "tags_all"])
        func values(_ name: String) -> [String] {
            let values = body.strings(name) ?? []
            if values.count > maxValuesPerCriterion {
                body.errors.append(
                    FieldError(body.fieldPath + name, "must list at most \(maxValuesPerCriterion) values"))
            }
            for (index, value) in values.enumerated() where !valueLength.contains(value.unicodeScalars.count) {
                body.errors.append(
                    FieldError(
                        "\(body.fieldPath)\(name)[\(index)]", "must be 1 to \(valueLength.upperBound) characters"))
            }
            return values
        }
        func choices<T: RawRepresentable & CaseIterable>(_ name: String) -> [T] where T.RawValue == String {
            values(name).enumerated().compactMap { index, text in
                guard let value = T(rawValue: text) else {
                    body.errors.append(
                        FieldError(
                            "\(body.fieldPath)\(name)[\(index)]",
                            "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
                    return nil
                }
                return value
            }
        }
        return SLAPolicy.Match(
            priorities: choices("priority"), categories: values("category"), channels: choices("channel"),
            departments: values("department"), regions: values("region"),
            tagsAny: values("tags_any"), tagsAll: values("tags_all"))
    }

    private static func target(from body: inout RequestBody, field: String) -> TimeLimitTarget? {
        body.rejectUnknown(["unit", "amount"])
        let unit = body.string("unit", required: true)
        let amount = body.number("amount", in: -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        guard let unit else { return nil }
        do {
            return try TimeLimitTarget(unit: unit, amount: amount, field: field)
        } catch {
            body.errors += error.errors
            return nil
        }
    }

    /// What is stored of the policies: the body a PUT takes.
    static func body(of policies: [SLAPolicy]) -> JSONValue {
        .object([("policies", .array(policies.map(encode)))])
    }

    /// One policy as the API shows it.
    static func encode(_ policy: SLAPolicy) -> JSONValue {
        let match = policy.match
        let criteria: [(String, [String])] = [
            ("priority", match.priorities.map(\.rawValue)), ("category", match.categories),
            ("channel", match.channels.map(\.rawValue)), ("department", match.departments), ("region", match.regions),
            ("tags_any", match.tagsAny), ("tags_all", match.tagsAll),
        ]
        return .object([
            ("name", .string(policy.name)),
            ("match", .object(criteria.filter { !$0.1.isEmpty }.map { ($0.0, .array($0.1.map(JSONValue.string))) })),
            ("calendar", .string(policy.calendar)),
            (
                "targets",
                .object(
                    SLAClock.allCases.compactMap { clock in
                        policy.targets[clock].map { (clock.rawValue, encode($0)) }
                    })
            ),
            (
                "department_targets",
                .object(policy.departmentTargets.keys.sorted().map { ($0, encode(policy.departmentTargets[$0]!)) })
            ),
        ])
    }

    /// A target: `{unit, amount}`, the amount null for `same_day`.
    static func encode(_ target: TimeLimitTarget) -> JSONValue {
        .object([("unit", .string(target.unit.rawValue)), ("amount", target.amount.map(number) ?? .null)])
    }

    /// Whole amounts as integers (`24`, not `24.0`).
    private static func number(_ value: Double) -> JSONValue {
        if value == value.rounded(), let whole = Int64(exactly: value) { return .int(whole) }
        return .double(value)
    }
}
