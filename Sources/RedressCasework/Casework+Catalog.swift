import RedressDomain
import RedressStore
import SQLite

extension Casework {
    /// Whether `key` can name a department or category: 1 to 50 lower-case letters, digits or underscores.
    public static func isCatalogKey(_ key: String) -> Bool {
        (1...50).contains(key.unicodeScalars.count)
            && key.allSatisfy { $0.isASCIIDigit || ("a"..."z").contains($0) || $0 == "_" }
    }

    /// Adds a department; refused as a conflict when its key is taken, by one in use or out of use:
    /// a key is never given to anything else.
    public func addDepartment(
        _ department: Department, by caller: Caller, now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (Department) -> Reply
    ) throws -> Answer<Department> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            guard try connection.insertDepartment(department, at: now) else { throw Self.taken(department.key) }
            return department
        }
    }

    /// Adds a category; refused as a conflict when its key is taken.
    public func addCategory(
        _ category: Category, by caller: Caller, now: Instant, claim: IdempotencyClaim? = nil,
        reply: @escaping @Sendable (Category) -> Reply
    ) throws -> Answer<Category> {
        try write(claim, by: caller, now: now, reply: reply) { connection in
            guard try connection.insertCategory(category, at: now) else { throw Self.taken(category.key) }
            return category
        }
    }

    /// The message for a category that does not exist or is out of use, named for a new complaint or change.
    static let inactiveCategory = "is not a category in use; GET /v1/categories lists them"

    /// Renames the department `key` names and takes it out of use or back (`change` gets it as it
    /// stands); a department out of use stays on the complaints and in the reports that name it,
    /// and is refused for new assignments. Refused as not found when there is no such department.
    public func changeDepartment(
        _ key: String, _ change: @escaping @Sendable (inout Department) -> Void
    ) throws -> Department {
        try write { connection in
            guard var department = try connection.department(key) else {
                throw Refusal.notFound("No department \(key) exists.")
            }
            change(&department)
            _ = try connection.updateDepartment(department)
            return department
        }
    }

    /// The same for the category `key` names, whose kind (`quality`) may change too.
    public func changeCategory(_ key: String, _ change: @escaping @Sendable (inout Category) -> Void) throws -> Category
    {
        try write { connection in
            guard var category = try connection.category(key) else {
                throw Refusal.notFound("No category \(key) exists.")
            }
            change(&category)
            _ = try connection.updateCategory(category)
            return category
        }
    }

    private static func taken(_ key: String) -> Refusal {
        Refusal(.conflict, slug: "duplicate-key", title: "Conflict", detail: "The key '\(key)' already exists.")
    }
}

extension Casework {
    /// Stores `template` in place of any with its key; whether it was created.
    public func saveTemplate(_ template: ResponseTemplate) throws -> (template: ResponseTemplate, created: Bool) {
        try write { try $0.saveTemplate(template) }
    }

    /// Deletes the template `key` names; false when there is none.
    public func deleteTemplate(key: String) throws -> Bool {
        try write { try $0.deleteTemplate(key: key) }
    }
}
