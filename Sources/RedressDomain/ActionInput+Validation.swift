extension ActionInput {
    /// Length in characters of free text: notes, findings, descriptions, comments, reasons.
    public static let textLength = ComplaintRules.descriptionLength
    /// Length in characters of names and keys: departments, people, categories, `notified_via`.
    public static let nameLength = ComplaintRules.nameLength
    /// Remedies that pay money and so need `amount_minor`, since approval is judged on the amount.
    public static let monetaryRemedies: [Remedy] = [.refundFull, .refundPartial, .compensation]

    /// Every way the input breaks the rules; empty when it can be applied. Whether a named
    /// department exists is the lifecycle's to ask, as only the caller knows the departments.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        switch self {
        case .assess(let input):
            Self.require(input.valid, "valid", into: &errors)
            Self.check(input.category, "category", Self.nameLength, into: &errors)
            Self.check(
                input.note, "note", Self.textLength, required: input.valid == false,
                missing: "is required when valid is false: it is the explanation the customer reads",
                into: &errors)
        case .assign(let input):
            Self.check(input.department, "department", Self.nameLength, required: true, into: &errors)
            if let user = input.assigneeUser {
                if user < 1 {
                    errors.append(FieldError("assignee", "must be a user's id (1 or more), an e-mail or a name"))
                }
            } else {
                Self.check(input.assignee, "assignee", Self.nameLength, required: true, into: &errors)
            }
        case .investigate(let input):
            Self.check(input.findings, "findings", Self.textLength, into: &errors)
            Self.check(input.rootCause, "root_cause", Self.textLength, into: &errors)
            Self.check(input.report, "report", Self.textLength, into: &errors)
        case .contact(let input):
            Self.require(input.method, "method", into: &errors)
            Self.check(input.summary, "summary", Self.textLength, required: true, into: &errors)
        case .awaitCustomer(let question, let channel):
            Self.check(question, "question", Self.textLength, required: true, into: &errors)
            Self.require(channel, "channel", into: &errors)
        case .customerReplied(let summary, let channel):
            Self.check(summary, "summary", Self.textLength, required: true, into: &errors)
            Self.require(channel, "channel", into: &errors)
        case .propose(let input):
            errors = Self.validate(input)
        case .approve(let comment):
            Self.check(comment, "comment", Self.textLength, into: &errors)
        case .sendBack(let comment):
            Self.check(comment, "comment", Self.textLength, required: true, into: &errors)
        case .resolve(let note, let notifiedVia):
            Self.check(note, "note", Self.textLength, required: true, into: &errors)
            Self.check(notifiedVia, "notified_via", Self.nameLength, required: true, into: &errors)
        case .followUp(let input):
            Self.require(input.method, "method", into: &errors)
            Self.require(input.satisfied, "satisfied", into: &errors)
            Self.require(input.score, "score", into: &errors)
            if let score = input.score, !(1...5).contains(score) {
                errors.append(FieldError("score", "must be from 1 to 5"))
            }
            Self.check(input.comment, "comment", Self.textLength, into: &errors)
        case .answerProposal(let input):
            Self.require(input.accepted, "accepted", into: &errors)
            Self.check(
                input.comment, "comment", Self.textLength, required: input.accepted == false,
                missing: "is required when accepted is false: it is the customer's reason", into: &errors)
            Self.check(input.via, "via", Self.nameLength, required: true, into: &errors)
        case .withdraw(let reason), .escalate(let reason), .reopen(let reason):
            Self.check(reason, "reason", Self.textLength, required: true, into: &errors)
        case .merge(let into, let reason):
            if let into, !Self.isComplaintRef(into) {
                errors.append(FieldError("into", "must be a complaint's id or case number, such as 202611-0042"))
            } else {
                Self.check(into, "into", ComplaintRules.refLength, required: true, into: &errors)
            }
            Self.check(reason, "reason", Self.textLength, required: true, into: &errors)
        }
        return errors
    }

    /// Whether `text` is written as a complaint is named: its id (digits only) or its case number.
    public static func isComplaintRef(_ text: String) -> Bool {
        let isID = !text.isEmpty && text.utf8.count <= 18 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
        return isID || CaseNumber(text) != nil
    }

    /// Whether `text` is written like an ISO 4217 code: three capital ASCII letters.
    public static func isCurrencyCode(_ text: String) -> Bool {
        text.unicodeScalars.count == 3 && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) }
    }

    private static func validate(_ input: RemedyProposal) -> [FieldError] {
        var errors: [FieldError] = []
        require(input.remedies, "remedies", into: &errors)
        let remedies = input.remedies ?? []
        if input.remedies?.isEmpty == true {
            errors.append(FieldError("remedies", "must name at least one remedy"))
        } else if Set(remedies).count != remedies.count {
            errors.append(FieldError("remedies", "must not repeat a remedy"))
        }
        if let amount = input.amountMinor, amount < 0 {
            errors.append(FieldError("amount_minor", "must not be negative"))
        } else if input.amountMinor == nil, remedies.contains(where: monetaryRemedies.contains) {
            let names = monetaryRemedies.map(\.rawValue).joined(separator: ", ")
            errors.append(FieldError("amount_minor", "is required when the remedies include any of \(names)"))
        }
        if let currency = input.currency {
            if !isCurrencyCode(currency) {
                errors.append(FieldError("currency", "must be a three-letter ISO 4217 code in capitals, such as CNY"))
            } else if input.amountMinor == nil {
                errors.append(FieldError("currency", "is only given with amount_minor"))
            }
        }
        check(input.description, "description", textLength, required: true, into: &errors)
        check(input.rootCause, "root_cause", textLength, required: true, into: &errors)
        if let responsibility = input.responsibility {
            check(responsibility.department, "responsibility.department", nameLength, into: &errors)
            check(responsibility.person, "responsibility.person", nameLength, into: &errors)
            if let penalty = responsibility.penaltyMinor, penalty < 0 {
                errors.append(FieldError("responsibility.penalty_minor", "must not be negative"))
            }
        }
        return errors
    }

    private static func require<Value>(_ value: Value?, _ field: String, into errors: inout [FieldError]) {
        if value == nil {
            errors.append(FieldError(field, "is required"))
        }
    }

    // Text the body may leave out unless `required`; when given it must not be blank or too long.
    private static func check(
        _ text: String?, _ field: String, _ range: ClosedRange<Int>, required: Bool = false,
        missing: String = "is required", into errors: inout [FieldError]
    ) {
        if let text {
            ComplaintRules.check(text, field, range, into: &errors)
        } else if required {
            errors.append(FieldError(field, missing))
        }
    }
}
