import RedressDomain
import SQLite

/// A department complaints can be assigned to.
public struct Department: Sendable, Equatable {
    public var key: String
    public var name: String

    /// A department from its key and display name.
    public init(key: String, name: String) {
        self.key = key
        self.name = name
    }
}

/// A complaint category; `quality` marks product-quality categories as against service ones.
public struct Category: Sendable, Equatable {
    public var key: String
    public var name: String
    public var quality: Bool

    /// A category from its key, display name and kind.
    public init(key: String, name: String, quality: Bool) {
        self.key = key
        self.name = name
        self.quality = quality
    }
}

extension Connection {
    /// Every department, by key.
    public func departments() throws -> [Department] {
        try query("SELECT key, name FROM departments ORDER BY key").map { Department(key: try $0.get(0), name: try $0.get(1)) }
    }

    /// Adds `department`; false, adding nothing, when its key is taken.
    public func insertDepartment(_ department: Department, at now: Instant) throws -> Bool {
        try insertingUnique { try run("INSERT INTO departments (key, name, created_at) VALUES (?, ?, ?)",
                                      department.key, department.name, now.seconds) }
    }

    /// Adds `category`; false, adding nothing, when its key is taken.
    public func insertCategory(_ category: Category, at now: Instant) throws -> Bool {
        try insertingUnique { try run("INSERT INTO categories (key, name, quality, created_at) VALUES (?, ?, ?, ?)",
                                      category.key, category.name, category.quality, now.seconds) }
    }

    private func insertingUnique(_ insert: () throws -> Void) throws -> Bool {
        do {
            try insert()
            return true
        } catch let error as SQLiteError where error.isUniqueViolation {
            return false
        }
    }

    /// Whether a department with this key exists.
    public func departmentExists(_ key: String) throws -> Bool {
        try first("SELECT 1 FROM departments WHERE key = ?", key) != nil
    }

    /// Every category, by key.
    public func categories() throws -> [Category] {
        try query("SELECT key, name, quality FROM categories ORDER BY key").map {
            Category(key: try $0.get(0), name: try $0.get(1), quality: try $0.get(2))
        }
    }

    /// Whether a category with this key exists.
    public func categoryExists(_ key: String) throws -> Bool {
        try first("SELECT 1 FROM categories WHERE key = ?", key) != nil
    }
}
