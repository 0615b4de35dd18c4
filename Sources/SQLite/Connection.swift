internal import CSystem

/// One sqlite3 connection: opening, scripts, cached prepared statements and row queries.
///
/// A connection is not thread-safe: it may move between threads, but only one may use it at a time.
public final class Connection {
    /// The path the connection was opened with.
    public let path: String
    /// The sqlite3 handle, valid until `close()`.
    let handle: OpaquePointer
    private var statementCache: [String: Statement] = [:]
    /// Statements of `StatementText`s, by identity; each entry keeps its text alive, so no
    /// identifier is reused while cached.
    private var statementsByText: [ObjectIdentifier: (text: StatementText, statement: Statement)] = [:]
    private var isClosed = false
    /// The WAL hook's closure, kept alive for as long as SQLite may call it.
    var walHook: WALHook?
    /// What the layers above keep with this connection, one value per type: what they derived
    /// from the database through it, such as a cache of a small table. A rollback drops them all
    /// (`forgetAttachments`), since they may hold what it undid.
    private var attachments: [ObjectIdentifier: AnyObject] = [:]

    /// Opens (and with `.create`, creates) the database at `path`; ":memory:" opens a private in-memory one.
    public init(path: String, options: OpenOptions = [.readWrite, .create]) throws {
        _ = Self.libraryConfigured
        var opened: OpaquePointer?
        let code = sqlite3_open_v2(path, &opened, options.rawValue, nil)
        guard let opened else {
            // Only an out-of-memory failure leaves no handle (https://sqlite.org/c3ref/open.html).
            throw SQLiteError(code: code, connection: nil, sql: nil)
        }
        guard code == SQLITE_OK else {
            // A failed open still allocates a handle, which must be closed to free it.
            let error = SQLiteError(code: code, connection: opened, sql: nil)
            sqlite3_close_v2(opened)
            throw error
        }
        // Extended codes tell a UNIQUE violation from a NOT NULL one (https://sqlite.org/rescode.html#extrc).
        sqlite3_extended_result_codes(opened, 1)
        self.path = path
        self.handle = opened
        // Text is read as the bytes stored (`Column.text`), which are UTF-8 only in a UTF-8
        // database; a new database is one unless told otherwise (https://sqlite.org/pragma.html#pragma_encoding).
        // (In another encoding the pragma's own answer would not read as UTF-8 either.)
        guard try first("PRAGMA encoding").map({ try $0.get(0) as String }) == "UTF-8" else {
            throw SQLiteError(
                extendedCode: SQLITE_MISMATCH, message: "the database's text encoding is not UTF-8", sql: nil)
        }
    }

    deinit { close() }

    /// The process-wide library settings, made once before the first connection opens. Memory
    /// statistics are off: nothing reads them, and they serialise every allocation of every
    /// connection on one mutex. (Were the library already initialised by other code in the
    /// process, SQLite would keep its settings; nothing else here would change.)
    private static let libraryConfigured: Void = { _ = csystem_sqlite3_disable_memory_statistics() }()

    /// Finalizes the cached statements and closes the handle; later calls do nothing.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        statementCache.removeAll()
        statementsByText.removeAll()
        // close_v2 defers the close until statements still held elsewhere are finalized
        // (https://sqlite.org/c3ref/close.html), so a stray Statement can never dangle.
        sqlite3_close_v2(handle)
    }

    /// The value of type `T` kept with this connection, if any.
    public func attachment<T: AnyObject>(_ type: T.Type) -> T? {
        attachments[ObjectIdentifier(type)] as? T
    }

    /// Keeps `value` with this connection, replacing the one of its type, until a rollback or `detach`.
    public func attach<T: AnyObject>(_ value: T) {
        attachments[ObjectIdentifier(T.self)] = value
    }

    /// Drops the value of type `T` kept with this connection.
    public func detach<T: AnyObject>(_ type: T.Type) {
        attachments[ObjectIdentifier(type)] = nil
    }

    /// Drops every value kept with this connection: a transaction or savepoint was rolled back.
    func forgetAttachments() {
        attachments.removeAll()
    }

    /// Runs a script of one or more semicolon-separated statements, discarding any rows.
    public func execute(_ sql: String) throws {
        try sql.utf8CString.withUnsafeBufferPointer { buffer in
            guard var next = buffer.baseAddress else { return }
            while next.pointee != 0 {
                var tail: UnsafePointer<CChar>?
                let statement = try Statement(connection: self, sql: next, tail: &tail)
                try statement?.run([])
                guard let tail else { return }
                next = tail
            }
        }
    }

    /// Compiles one statement that the caller owns; it is finalized when released.
    public func prepare(_ sql: String) throws -> Statement {
        try sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            guard let statement = try Statement(connection: self, sql: text, tail: &tail) else {
                throw SQLiteError(extendedCode: SQLITE_MISUSE, message: "no statement to prepare", sql: sql)
            }
            return statement
        }
    }

    /// The connection's compiled statement for this SQL, prepared on first use.
    ///
    /// The cache is unbounded: it is meant for the fixed statements an application's code holds.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// The connection's compiled statement for `sql`, found by the text's identity: no hashing of
    /// what may be a long text.
    public func cachedStatement(_ sql: StatementText) throws -> Statement {
        if let cached = statementsByText[ObjectIdentifier(sql)] { return cached.statement }
        let statement = try cachedStatement(sql.text)
        statementsByText[ObjectIdentifier(sql)] = (sql, statement)
        return statement
    }

    /// The first row of a query held as a `StatementText`, read in place by `decode`, or nil
    /// when it has none.
    public func first<T>(
        _ sql: StatementText, _ arguments: SQLiteArgument..., as decode: (CurrentRow) throws -> T
    ) throws -> T? {
        try cachedStatement(sql).first(arguments, decode)
    }

    /// Runs one statement with positional arguments through the statement cache.
    public func run(_ sql: String, _ arguments: SQLiteArgument...) throws {
        try cachedStatement(sql).run(arguments)
    }

    /// Runs one statement with an array of positional arguments through the statement cache.
    public func run(_ sql: String, arguments: [SQLiteArgument]) throws {
        try cachedStatement(sql).run(arguments)
    }

    /// Every row of a query, with positional arguments.
    public func query(_ sql: String, _ arguments: SQLiteArgument...) throws -> [Row] {
        try cachedStatement(sql).rows(arguments)
    }

    /// Every row of a query, with an array of positional arguments.
    public func query(_ sql: String, arguments: [SQLiteArgument]) throws -> [Row] {
        try cachedStatement(sql).rows(arguments)
    }

    /// Every row of a query, with an array of positional arguments, each read in place by `decode`.
    public func query<T>(_ sql: String, arguments: [SQLiteArgument], as decode: (CurrentRow) throws -> T) throws -> [T]
    {
        try cachedStatement(sql).rows(arguments, decode)
    }

    /// The first row of a query, or nil when it has none.
    public func first(_ sql: String, _ arguments: SQLiteArgument...) throws -> Row? {
        try cachedStatement(sql).first(arguments)
    }

    /// The first row of a query with an array of positional arguments, or nil.
    public func first(_ sql: String, arguments: [SQLiteArgument]) throws -> Row? {
        try cachedStatement(sql).first(arguments)
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// How many rows the most recent INSERT, UPDATE or DELETE changed.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// How long a statement waits on another connection's lock before failing with SQLITE_BUSY.
    public func setBusyTimeout(_ timeout: Duration) {
        let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
    }

    /// Throws the connection's error for `code` unless it is SQLITE_OK.
    func check(_ code: Int32, sql: String? = nil) throws {
        guard code == SQLITE_OK else { throw SQLiteError(connection: handle, sql: sql) }
    }
}

/// SQL run often, such as the read of one complaint on every request for it: held in a `static
/// let`, it is compiled once per connection and found again by identity, where a `String` key
/// costs a hash of the whole text each time (over a kilobyte for a complaint's columns).
public final class StatementText: Sendable {
    /// The SQL.
    public let text: String

    /// Text for `Connection.cachedStatement(_:)`; keep it in a `static let`.
    public init(_ text: String) {
        self.text = text
    }
}
