import RedressDomain
import SQLite

/// A department complaints can be assigned to; one no longer `active` stays on the complaints
/// that name it but takes no new ones.
public struct Department: Sendable, Equatable {
    public var key: String
    public var name: String
    public var active: Bool

    /// A department from its key and display name.
    public init(key: String, name: String, active: Bool = true) {
        self.key = key
        self.name = name
        self.active = active
    }
}

/// A complaint category; `quality` marks product-quality categories as against service ones. One
/// no longer `active` stays on the complaints that name it but is given to no new ones.
public struct Category: Sendable, Equatable {
    public var key: String
    public var name: String
    public var quality: Bool
    public var active: Bool

    /// A category from its key, display name and kind.
    public init(key: String, name: String, quality: Bool, active: Bool = true) {
        self.key = key
        self.name = name
        self.quality = quality
        self.active = active
    }
}

extension Connection {
    /// Every department, by key, those out of use included.
    public func departments() throws -> [Department] {
        try query("SELECT key, name, active FROM departments ORDER BY key").map {
            Department(key: try $0.get(0), name: try $0.get(1), active: try $0.get(2))
        }
    }

    /// The department `key` names, nil when none does.
    public func department(_ key: String) throws -> Department? {
        try first("SELECT key, name, active FROM departments WHERE key = ?", key).map {
            Department(key: try $0.get(0), name: try $0.get(1), active: try $0.get(2))
        }
    }

    /// Stores `department`'s name and whether it is in use, under its key; false when no
    /// department has that key.
    public func updateDepartment(_ department: Department) throws -> Bool {
        try run(
            "UPDATE departments SET name = ?, active = ? WHERE key = ?", department.name, department.active,
            department.key)
        return changes > 0
    }

    /// Adds `department`; false, adding nothing, when its key is taken.
    public func insertDepartment(_ department: Department, at now: Instant) throws -> Bool {
        try insertingUnique {
            try run(
                "INSERT INTO departments (key, name, created_at) VALUES (?, ?, ?)",
                department.key, department.name, now.seconds)
        }
    }

    /// Adds `category`; false, adding nothing, when its key is taken.
    public func insertCategory(_ category: Category, at now: Instant) throws -> Bool {
        try insertingUnique {
            try run(
                "INSERT INTO categories (key, name, quality, created_at) VALUES (?, ?, ?, ?)",
                category.key, category.name, category.quality, now.seconds)
        }
    }

    private func insertingUnique(_ insert: () throws -> Void) throws -> Bool {
        do {
            try insert()
            return true
        } catch let error as SQLiteError where error.isUniqueViolation {
            return false
        }
    }

    /// Whether a department with this key exists and is in use.
    public func isActiveDepartment(_ key: String) throws -> Bool {
        try first("SELECT 1 FROM departments WHERE key = ? AND active", key) != nil
    }

    /// Every category, by key, those out of use included.
    public func categories() throws -> [Category] {
        try query("SELECT key, name, quality, active FROM categories ORDER BY key").map {
            Category(key: try $0.get(0), name: try $0.get(1), quality: try $0.get(2), active: try $0.get(3))
        }
    }

    /// The category `key` names, nil when none does.
    public func category(_ key: String) throws -> Category? {
        try first("SELECT key, name, quality, active FROM categories WHERE key = ?", key).map {
            Category(key: try $0.get(0), name: try $0.get(1), quality: try $0.get(2), active: try $0.get(3))
        }
    }

    /// Stores `category`'s name, kind and whether it is in use, under its key; false when no
    /// category has that key.
    public func updateCategory(_ category: Category) throws -> Bool {
        try run(
            "UPDATE categories SET name = ?, quality = ?, active = ? WHERE key = ?",
            category.name, category.quality, category.active, category.key)
        return changes > 0
    }

    /// Whether a category with this key exists and is in use.
    public func isActiveCategory(_ key: String) throws -> Bool {
        try first("SELECT 1 FROM categories WHERE key = ? AND active", key) != nil
    }
}
