/// The event loop's idle connections from oldest to newest, all of them and those of each peer
/// address, as doubly linked lists threaded through arrays indexed by descriptor: O(1) to add,
/// remove and find the oldest, with no allocation once the arrays have grown (but for an
/// address's first idle connection).
struct IdleList {
    /// Lists threaded through arrays indexed by descriptor, each descriptor in one list at most;
    /// each list is its two ends, which the owner keeps.
    private struct Links {
        struct Ends {
            var head = Links.none
            var tail = Links.none
        }

        static let none: Int32 = -1
        private var previous: [Int32] = []
        private var next: [Int32] = []
        private var member: [Bool] = []

        func contains(_ fd: Int32) -> Bool {
            Int(fd) < member.count && member[Int(fd)]
        }

        mutating func append(_ fd: Int32, to ends: inout Ends) {
            let index = Int(fd)
            if index >= member.count {
                let grown = max(index + 1, member.count * 2)
                previous += Array(repeating: Self.none, count: grown - previous.count)
                next += Array(repeating: Self.none, count: grown - next.count)
                member += Array(repeating: false, count: grown - member.count)
            }
            member[index] = true
            previous[index] = ends.tail
            next[index] = Self.none
            if ends.tail != Self.none { next[Int(ends.tail)] = fd } else { ends.head = fd }
            ends.tail = fd
        }

        mutating func remove(_ fd: Int32, from ends: inout Ends) {
            let index = Int(fd)
            let before = previous[index], after = next[index]
            if before != Self.none { next[Int(before)] = after } else { ends.head = after }
            if after != Self.none { previous[Int(after)] = before } else { ends.tail = before }
            member[index] = false
        }
    }

    private var all = Links()
    private var allEnds = Links.Ends()
    private var byAddress = Links()
    private var addressEnds: [String: Links.Ends] = [:]
    /// The address each descriptor in `byAddress` is listed under.
    private var addresses: [String?] = []

    /// An empty list.
    init() {}

    /// The descriptor idle the longest, if any.
    var oldest: Int32? { allEnds.head == Links.none ? nil : allEnds.head }

    /// The descriptor from `address` idle the longest, if any.
    func oldest(from address: String) -> Int32? {
        addressEnds[address]?.head
    }

    /// Whether `fd` is in the list.
    func contains(_ fd: Int32) -> Bool {
        all.contains(fd)
    }

    /// Adds `fd` as the newest idle connection, and as the newest of `address` when given.
    mutating func append(_ fd: Int32, from address: String?) {
        guard !contains(fd) else { return }
        all.append(fd, to: &allEnds)
        guard let address else { return }
        if Int(fd) >= addresses.count {
            addresses += Array(repeating: nil, count: max(Int(fd) + 1, addresses.count * 2) - addresses.count)
        }
        addresses[Int(fd)] = address
        byAddress.append(fd, to: &addressEnds[address, default: Links.Ends()])
    }

    /// Removes `fd` if present.
    mutating func remove(_ fd: Int32) {
        guard contains(fd) else { return }
        all.remove(fd, from: &allEnds)
        guard byAddress.contains(fd), let address = addresses[Int(fd)] else { return }
        addresses[Int(fd)] = nil
        byAddress.remove(fd, from: &addressEnds[address]!)
        // An address with no idle connection left takes no room.
        if addressEnds[address]!.head == Links.none { addressEnds[address] = nil }
    }
}
