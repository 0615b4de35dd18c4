import JSON
import RedressDomain
import RedressStore
import SQLite

/// How far re-dating open complaints has got after a change of the time-limit policies, a
/// calendar or the settings they are made of: kept in the settings table, so that it resumes
/// where it stopped after a restart.
public struct RedatingProgress: Sendable, Equatable {
    /// Complaints up to this id are done.
    public var afterID: Int64
    /// The last complaint registered before the change: later ones were dated under it already.
    public var throughID: Int64
    /// Open complaints still to re-date, as counted when it started, less those done since.
    public var pending: Int

    /// Progress from its parts.
    public init(afterID: Int64, throughID: Int64, pending: Int) {
        self.afterID = afterID
        self.throughID = throughID
        self.pending = pending
    }

    var stored: String {
        String(
            decoding: JSONValue.object([
                ("after_id", .int(afterID)), ("through_id", .int(throughID)), ("pending", .int(Int64(pending))),
            ]).encoded, as: UTF8.self)
    }

    init(stored text: String) throws {
        guard case .object(let members)? = try? JSONParser.parse(Array(text.utf8)),
            case .int(let after)? = members.first(where: { $0.0 == "after_id" })?.1,
            case .int(let through)? = members.first(where: { $0.0 == "through_id" })?.1,
            case .int(let pending)? = members.first(where: { $0.0 == "pending" })?.1
        else { throw StoreError.corrupt("re-dating progress '\(text.prefix(80))'") }
        self.init(afterID: after, throughID: through, pending: Int(pending))
    }
}

extension Casework {
    /// The settings key of the re-dating progress; absent when there is nothing to re-date.
    public static let redatingKey = "sla_redating"

    /// The re-dating under way, or nil when every open complaint is dated under the policies in force.
    public static func redating(in transaction: Transaction) throws -> RedatingProgress? {
        try transaction.setting(redatingKey).map(RedatingProgress.init(stored:))
    }

    /// How many complaints are open now: what a re-dating starting now has to do. Counted in a
    /// read, so that the write that starts it stays short.
    func countToRedate() throws -> Int {
        try database.read { try $0.openComplaintCount(through: Int64.max) }
    }

    /// One write of re-dating: at most `batch` open complaints after the last one done, each given
    /// the due dates `timeLimits` set now (`SLAPolicyList.redate`), with no new version and no
    /// event, as no one changed the complaint; the sweep looks at each changed one again. Returns
    /// how many it looked at; nil when there is nothing (left) to re-date.
    public func redateStep(timeLimits: SLAPolicyList, batch: Int) throws -> Int? {
        try write { connection in
            guard var progress = try Self.redating(in: connection) else { return nil }
            let ids = try connection.openComplaintIDs(
                after: progress.afterID, through: progress.throughID, limit: batch)
            for id in ids {
                guard let complaint = try connection.complaint(id: id) else { continue }
                var redated = complaint
                timeLimits.redate(&redated)
                if redated != complaint {
                    _ = try connection.updateComplaint(redated, expectedVersion: complaint.version)
                }
            }
            if ids.count < batch {
                try connection.deleteSetting(Self.redatingKey)
            } else {
                progress.afterID = ids.last ?? progress.throughID
                progress.pending = max(0, progress.pending - ids.count)
                try connection.setSetting(progress.stored, for: Self.redatingKey)
            }
            return ids.count
        }
    }
}

extension Connection {
    /// Inside the write of a change to the policies, a calendar or the settings: (re)starts
    /// re-dating every open complaint registered so far, `pending` of them.
    func startRedating(pending: Int) throws {
        let progress = RedatingProgress(afterID: 0, throughID: try lastComplaintID(), pending: pending)
        try setSetting(progress.stored, for: Casework.redatingKey)
    }
}
