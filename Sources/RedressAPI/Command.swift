/// What one run of `redress` is asked to do, parsed from its arguments and environment.
public enum Command: Sendable, Equatable {
    /// Serve the API (the default).
    case serve(Configuration)
    /// Apply pending migrations and exit.
    case migrate(Configuration)
    /// Copy the live database to a file and exit.
    case backup(Configuration, destination: String)
    /// Create an API key and print it once.
    case createKey(Configuration, name: String, role: String)
    /// Create a staff user; the password comes from standard input, or is generated and printed once.
    case createUser(Configuration, email: String, role: String, name: String, department: String?)
    /// Fill the database with demo complaints.
    case seed(Configuration, count: Int)
    /// Print this text to standard output and exit 0.
    case help(String)
}

/// A command line that cannot be run as written; printed with the usage, exit status 64.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String

    /// A usage error with its explanation.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
