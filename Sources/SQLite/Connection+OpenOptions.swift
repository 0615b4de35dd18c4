internal import CSystem

extension Connection {
    /// The flags passed to sqlite3_open_v2 (https://sqlite.org/c3ref/open.html).
    public struct OpenOptions: OptionSet, Sendable {
        /// The SQLITE_OPEN_* bits.
        public let rawValue: Int32

        /// Options from SQLITE_OPEN_* bits.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Open for reading only; writes fail with SQLITE_READONLY.
        public static let readOnly = OpenOptions(rawValue: SQLITE_OPEN_READONLY)
        /// Open for reading and writing.
        public static let readWrite = OpenOptions(rawValue: SQLITE_OPEN_READWRITE)
        /// Create the file when it does not exist (with `readWrite`).
        public static let create = OpenOptions(rawValue: SQLITE_OPEN_CREATE)
        /// Interpret the path as a `file:` URI.
        public static let uri = OpenOptions(rawValue: SQLITE_OPEN_URI)
        /// Multi-thread mode: no per-connection mutex; the caller guarantees one thread at a time.
        public static let noMutex = OpenOptions(rawValue: SQLITE_OPEN_NOMUTEX)
        /// Serialized mode: SQLite locks the connection around every call.
        public static let fullMutex = OpenOptions(rawValue: SQLITE_OPEN_FULLMUTEX)
    }
}
