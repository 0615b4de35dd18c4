import RedressDomain

/// A note written on a complaint; never changed once written.
public struct NoteRecord: Sendable, Equatable {
    /// Who may read a note.
    public enum Visibility: String, Sendable, CaseIterable {
        /// For colleagues only.
        case `internal`
        /// Said to the customer; the first public note counts as the first response.
        case `public`
    }

    public var id: Int64
    /// The complaint it is written on.
    public var complaintID: Int64
    /// What it says, as written.
    public var body: String
    public var visibility: Visibility
    /// The name of the key that wrote it.
    public var author: String
    public var createdAt: Instant

    /// A note from its parts.
    public init(id: Int64, complaintID: Int64, body: String, visibility: Visibility, author: String, createdAt: Instant)
    {
        self.id = id
        self.complaintID = complaintID
        self.body = body
        self.visibility = visibility
        self.author = author
        self.createdAt = createdAt
    }
}
