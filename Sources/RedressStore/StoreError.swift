/// A stored value the code cannot read: a sign of a bug or of a database edited by hand.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case corrupt(String)

    public var description: String {
        switch self {
        case .corrupt(let detail): "the database holds an unreadable value: \(detail)"
        }
    }
}
