import HTTP
import JSON
import RedressCasework
import RedressDomain

/// A JSON object from a request body, read field by field; every problem with a field is
/// collected in `errors` under its path, so one response can list them all.
struct RequestBody {
    private let members: [String: JSONValue]
    private let path: String
    /// Every field error found so far, shared by nested objects through `inout` reads.
    var errors: [FieldError] = []

    /// Parses a request's body as a JSON object: 415 unless it is declared JSON, 400 unless it parses.
    static func parse(
        _ request: HTTPRequest, mediaTypes: [String] = ["application/json"]
    ) throws(Problem) -> RequestBody {
        let declared = request.headers["Content-Type"].map {
            $0.split(separator: ";")[0].trimmingWhitespace.lowercased()
        }
        guard let declared, mediaTypes.contains(declared) else {
            throw Problem(
                .unsupportedMediaType, slug: "unsupported-media-type", title: "Unsupported Media Type",
                detail: "Send the body as \(mediaTypes.joined(separator: " or ")).")
        }
        return try parse(json: request.body)
    }

    /// Parses bytes as a JSON object: 400 unless they parse, 422 unless they are an object.
    static func parse(json bytes: [UInt8]) throws(Problem) -> RequestBody {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw Problem.badRequest("The body is not valid JSON: \(error).")
        }
        guard case .object(let members) = value else {
            throw Problem.validation([FieldError("body", "must be a JSON object")])
        }
        return RequestBody(members: Dictionary(members, uniquingKeysWith: { first, _ in first }), path: "")
    }

    private init(members: [String: JSONValue], path: String) {
        self.members = members
        self.path = path
    }

    /// Whether the member is present, even as null.
    func has(_ name: String) -> Bool { members[name] != nil }

    /// The member's raw value.
    func value(_ name: String) -> JSONValue? { members[name] }

    /// The names of the members, in order: for objects keyed by the client's names.
    var memberNames: [String] { members.keys.sorted() }

    /// Records an error for every member not in `allowed`.
    mutating func rejectUnknown(_ allowed: Set<String>) {
        for name in members.keys.sorted() where !allowed.contains(name) {
            errors.append(FieldError(path + name, "is not a known field"))
        }
    }

    /// A string member; nil when absent or null (an error too when `required`), not a string, or
    /// carrying a control character (`ControlCharacters`). Every text of every body is read here,
    /// so that rule holds for all of them.
    mutating func string(_ name: String, required: Bool = false) -> String? {
        switch members[name] {
        case .string(let text)?: return admitted(text, field: path + name)
        case nil, .null?: if required { missing(name) }
        default: wrongType(name, "a string")
        }
        return nil
    }

    /// A required display name (of a key, a department, a category): 1 to 100 characters, not all blank.
    mutating func displayName(_ name: String = "name") -> String? {
        guard let text = string(name, required: true) else { return nil }
        guard (1...100).contains(text.unicodeScalars.count), !ComplaintRules.isBlank(text) else {
            errors.append(FieldError(path + name, "must be 1 to 100 characters"))
            return nil
        }
        return text
    }

    /// A boolean member.
    mutating func bool(_ name: String, required: Bool = false) -> Bool? {
        switch members[name] {
        case .bool(let flag)?: return flag
        case nil, .null?: if required { missing(name) }
        default: wrongType(name, "true or false")
        }
        return nil
    }

    /// An integer member within `range`. A number is an integer when its value is whole, however
    /// it is written: `2.0` and `2e0` are 2, as JSON Schema counts them, and `2.5` is refused.
    mutating func integer(
        _ name: String, required: Bool = false, in range: ClosedRange<Int64> = Int64.min...Int64.max
    ) -> Int64? {
        let number: Int64
        switch members[name] {
        case .int(let integer)?: number = integer
        case .double(let real)? where real.rounded() == real:
            guard let whole = Int64(exactly: real) else { return outOfRange(name, range) }
            number = whole
        case nil, .null?:
            if required { missing(name) }
            return nil
        default:
            wrongType(name, "a whole number")
            return nil
        }
        guard range.contains(number) else { return outOfRange(name, range) }
        return number
    }

    // Records that the member is outside `range`; nil, for the reader to return.
    private mutating func outOfRange<Bound, Value>(_ name: String, _ range: ClosedRange<Bound>) -> Value? {
        errors.append(FieldError(path + name, "must be from \(range.lowerBound) to \(range.upperBound)"))
        return nil
    }

    /// A number member within `range`, integer or not.
    mutating func number(_ name: String, required: Bool = false, in range: ClosedRange<Double>) -> Double? {
        let number: Double
        switch members[name] {
        case .int(let integer)?: number = Double(integer)
        case .double(let real)?: number = real
        case nil, .null?:
            if required { missing(name) }
            return nil
        default:
            wrongType(name, "a number")
            return nil
        }
        guard range.contains(number) else { return outOfRange(name, range) }
        return number
    }

    /// A string member that must be one of an enumeration's raw values.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, required: Bool = false) -> T?
    where T.RawValue == String {
        guard let text = string(name, required: required) else { return nil }
        guard let value = T(rawValue: text) else {
            errors.append(
                FieldError(path + name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return value
    }

    /// An array member of strings that must each be one of an enumeration's raw values.
    mutating func choices<T: RawRepresentable & CaseIterable>(_ name: String, required: Bool = false) -> [T]?
    where T.RawValue == String {
        strings(name, required: required).map { names in
            names.enumerated().compactMap { index, text -> T? in
                guard let value = T(rawValue: text) else {
                    errors.append(
                        FieldError(
                            "\(path)\(name)[\(index)]",
                            "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
                    return nil
                }
                return value
            }
        }
    }

    /// An RFC 3339 timestamp member.
    mutating func instant(_ name: String, required: Bool = false) -> Instant? {
        guard let text = string(name, required: required) else { return nil }
        guard let instant = Instant(rfc3339: text) else {
            errors.append(FieldError(path + name, "must be an RFC 3339 date-time such as 2026-11-22T05:40:17Z"))
            return nil
        }
        return instant
    }

    /// An array member of strings.
    mutating func strings(_ name: String, required: Bool = false) -> [String]? {
        switch members[name] {
        case .array(let items)?:
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    errors.append(FieldError("\(path)\(name)[\(index)]", "must be a string"))
                    continue
                }
                if let text = admitted(text, field: "\(path)\(name)[\(index)]") { strings.append(text) }
            }
            return strings
        case nil, .null?: if required { missing(name) }
        default: wrongType(name, "an array of strings")
        }
        return nil
    }

    /// A nested object member, read by `read` with its fields' paths prefixed by `name.`; its
    /// errors join this body's.
    mutating func object<T>(_ name: String, required: Bool = false, _ read: (inout RequestBody) -> T?) -> T? {
        switch members[name] {
        case .object(let nested)?:
            var body = RequestBody(
                members: Dictionary(nested, uniquingKeysWith: { first, _ in first }), path: path + name + ".")
            let result = read(&body)
            errors += body.errors
            return result
        case nil, .null?: if required { missing(name) }
        default: wrongType(name, "an object")
        }
        return nil
    }

    /// An array member of objects, each read by `read` with its fields' paths prefixed by
    /// `name[index].`; nil for an item that is no object (with its error) or that `read` refuses.
    mutating func objects<T>(_ name: String, required: Bool = false, _ read: (inout RequestBody) -> T?) -> [T?]? {
        switch members[name] {
        case .array(let items)?:
            return items.enumerated().map { index, item -> T? in
                guard case .object(let nested) = item else {
                    errors.append(FieldError("\(path)\(name)[\(index)]", "must be an object"))
                    return nil
                }
                var body = RequestBody(
                    members: Dictionary(nested, uniquingKeysWith: { first, _ in first }),
                    path: "\(path)\(name)[\(index)].")
                let result = read(&body)
                errors += body.errors
                return result
            }
        case nil, .null?: if required { missing(name) }
        default: wrongType(name, "an array of objects")
        }
        return nil
    }

    /// The path this body's fields are named under (`policies[0].`), for errors found by the reader.
    var fieldPath: String { path }

    // The text, or nil with the error recorded when it carries a control character.
    private mutating func admitted(_ text: String, field: String) -> String? {
        guard let error = ControlCharacters.error(in: text, field: field) else { return text }
        errors.append(error)
        return nil
    }

    /// Throws the collected errors as one 422 problem, if there are any.
    func validate() throws(Problem) {
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    private mutating func missing(_ name: String) {
        errors.append(FieldError(path + name, "is required"))
    }

    private mutating func wrongType(_ name: String, _ expected: String) {
        errors.append(FieldError(path + name, "must be \(expected)"))
    }
}

extension Problem {
    /// 422 listing every field error.
    static func validation(_ errors: [RedressDomain.FieldError]) -> Problem {
        Problem(Refusal.invalid(errors))
    }

    /// The problem a casework refusal is, with the status its reason calls for.
    init(_ refusal: Refusal) {
        let status: HTTPStatus =
            switch refusal.reason {
            case .invalid: .unprocessableContent
            case .notFound: .notFound
            case .conflict: .conflict
            case .stale: .preconditionFailed
            case .forbidden: .forbidden
            }
        self.init(
            status, slug: refusal.slug, title: refusal.title, detail: refusal.detail,
            errors: refusal.errors.map { Problem.FieldError(field: $0.field, message: $0.message) },
            extensions: refusal.extensions)
    }
}
