/// The event loop's idle connections from oldest to newest, as a doubly linked list threaded
/// through arrays indexed by descriptor: O(1) to add, remove and find the oldest, with no
/// allocation once the arrays have grown.
struct IdleList {
    private static let none: Int32 = -1
    private var previous: [Int32] = []
    private var next: [Int32] = []
    private var member: [Bool] = []
    private var head = IdleList.none
    private var tail = IdleList.none

    /// An empty list.
    init() {}

    /// The descriptor idle the longest, if any.
    var oldest: Int32? { head == Self.none ? nil : head }

    /// Whether `fd` is in the list.
    func contains(_ fd: Int32) -> Bool {
        Int(fd) < member.count && member[Int(fd)]
    }

    /// Adds `fd` as the newest idle connection.
    mutating func append(_ fd: Int32) {
        guard !contains(fd) else { return }
        let index = Int(fd)
        if index >= member.count {
            let grown = max(index + 1, member.count * 2)
            previous += Array(repeating: Self.none, count: grown - previous.count)
            next += Array(repeating: Self.none, count: grown - next.count)
            member += Array(repeating: false, count: grown - member.count)
        }
        member[index] = true
        previous[index] = tail
        next[index] = Self.none
        if tail != Self.none { next[Int(tail)] = fd } else { head = fd }
        tail = fd
    }

    /// Removes `fd` if present.
    mutating func remove(_ fd: Int32) {
        guard contains(fd) else { return }
        let index = Int(fd)
        let before = previous[index], after = next[index]
        if before != Self.none { next[Int(before)] = after } else { head = after }
        if after != Self.none { previous[Int(after)] = before } else { tail = before }
        member[index] = false
    }
}
