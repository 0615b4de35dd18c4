import HTTP
import RedressDomain

/// A list request's query string, read strictly: every parameter known, every value valid, or 400.
struct ListQuery {
    private let items: [HTTPRequest.QueryItem]
    /// Every problem found so far; callers add the ones only they can judge.
    var errors: [FieldError] = []

    /// The request's query, with every name checked against `allowed`.
    init(_ request: HTTPRequest, allowed: Set<String>) {
        items = request.query
        for item in items where !allowed.contains(item.name) {
            errors.append(FieldError(item.name, "is not a known query parameter"))
        }
    }

    /// The parameter's value; a repeated parameter is an error.
    mutating func string(_ name: String) -> String? {
        let values = items.filter { $0.name == name }.map(\.value)
        if values.count > 1 { errors.append(FieldError(name, "must be given once")) }
        return values.first
    }

    /// A comma-separated list of values, each one of an enumeration's; empty when absent.
    mutating func choices<T: RawRepresentable & CaseIterable>(_ name: String) -> [T] where T.RawValue == String {
        guard let text = string(name) else { return [] }
        var values: [T] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = T(rawValue: String(part.trimmingWhitespace)) else {
                errors.append(
                    FieldError(
                        name,
                        "must be one or more of \(T.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated")
                )
                return []
            }
            values.append(value)
        }
        return values
    }

    /// A comma-separated list of free values; empty items are ignored, so an empty parameter filters nothing.
    mutating func list(_ name: String) -> [String] {
        guard let text = string(name) else { return [] }
        return text.split(separator: ",").map { String($0.trimmingWhitespace) }.filter { !$0.isEmpty }
    }

    /// `true` or `false`.
    mutating func bool(_ name: String) -> Bool? {
        guard let text = string(name) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default:
            errors.append(FieldError(name, "must be true or false"))
            return nil
        }
    }

    /// A whole number within `range`, or `defaultValue` when absent.
    mutating func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let number = Int(text), range.contains(number) else {
            errors.append(FieldError(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            return defaultValue
        }
        return number
    }

    /// An RFC 3339 date-time.
    mutating func instant(_ name: String) -> Instant? {
        guard let text = string(name) else { return nil }
        guard let instant = Instant(rfc3339: text) else {
            errors.append(FieldError(name, "must be an RFC 3339 date-time such as 2026-11-22T05:40:17Z"))
            return nil
        }
        return instant
    }

    /// The `cursor` parameter, read by `decode`, which answers nil for any cursor the list did not
    /// hand out for this request's order.
    mutating func cursor<Cursor>(_ decode: (String) -> Cursor?) -> Cursor? {
        guard let token = string("cursor") else { return nil }
        guard let cursor = decode(token) else {
            errors.append(FieldError("cursor", "is not one this list handed out (for this order)"))
            return nil
        }
        return cursor
    }

    /// Throws the collected errors as one 400 problem, if any.
    func validate() throws(Problem) {
        guard !errors.isEmpty else { return }
        throw Problem(
            .badRequest, slug: "invalid-query", title: "Invalid Query",
            detail: errors.count == 1
                ? "\(errors[0].field) \(errors[0].message)." : "\(errors.count) query parameters are invalid.",
            errors: errors.map { Problem.FieldError(field: $0.field, message: $0.message) })
    }
}
