import Locking
import Synchronization

/// A fixed set of at most 64 elements, each lent to one thread at a time: lending only, with no
/// opinion on what the elements are (the reader pool's snapshot policy sits on top of it).
///
/// Lending and returning cost one atomic operation each, on a bitmask of the free elements: every
/// read of the API borrows a connection, and a mutex shared by the event loops and workers for that
/// was a contended one. Only a borrower that finds none free takes the lock, to wait.
final class Pool<Element: Sendable>: Sendable {
    private let elements: [Element]
    /// Bit `i` is set while `elements[i]` is free to lend.
    private let free: Atomic<UInt64>
    /// Borrowers waiting for an element; a return wakes one only when there are any.
    private let waiting = Atomic<Int>(0)
    private let isClosed = Atomic<Bool>(false)
    private let lock = Lock()
    private let returned = Condition()
    /// What closing does to each element, once, when it is free.
    private let retire: @Sendable (Element) -> Void

    /// A pool of `elements` (1 to 64), each handed to `retire` once the pool is closed and it is free.
    init(_ elements: [Element], retire: @escaping @Sendable (Element) -> Void) {
        precondition((1...64).contains(elements.count), "a pool holds from 1 to 64 elements")
        self.elements = elements
        self.retire = retire
        free = Atomic(elements.count == 64 ? .max : (1 << UInt64(elements.count)) - 1)
    }

    /// Every element, lent or not, for what only looks.
    var all: [Element] { elements }

    /// How many borrowers wait for an element now.
    var waitingBorrowers: Int { waiting.load(ordering: .sequentiallyConsistent) }

    /// Runs `body` with a free element, lent to this thread alone until it returns. When every
    /// element is lent, waits for one, or throws `DatabaseError.readersBusy` unless `waiting`;
    /// `DatabaseError.closed` once the pool is closed.
    func lend<T>(waiting wait: Bool, _ body: (Element) throws -> T) throws -> T {
        guard !isClosed.load(ordering: .sequentiallyConsistent) else { throw DatabaseError.closed }
        let index: Int
        if let taken = takeAny() {
            index = taken
        } else if wait {
            index = try waitAndTake()
        } else {
            throw DatabaseError.readersBusy
        }
        defer { giveBack(index) }
        return try body(elements[index])
    }

    /// Runs `body` with each element not lent now, lent to this thread while it runs.
    func forEachIdle(_ body: (Element) -> Void) {
        for index in elements.indices where take(index) {
            body(elements[index])
            giveBack(index)
        }
    }

    /// Retires the free elements now and lent ones when they come back; later borrowers get
    /// `DatabaseError.closed`.
    func close() {
        isClosed.store(true, ordering: .sequentiallyConsistent)
        retireFree()
        lock.withLock { returned.broadcast() }
    }

    /// Takes a free element's bit; nil when none is free.
    private func takeAny() -> Int? {
        var bits = free.load(ordering: .sequentiallyConsistent)
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            let (exchanged, current) = free.compareExchange(
                expected: bits, desired: bits & ~(1 << UInt64(index)), ordering: .sequentiallyConsistent)
            if exchanged { return index }
            bits = current
        }
        return nil
    }

    /// Takes element `index`'s bit if it is free.
    private func take(_ index: Int) -> Bool {
        let bit: UInt64 = 1 << UInt64(index)
        return free.bitwiseAnd(~bit, ordering: .sequentiallyConsistent).oldValue & bit != 0
    }

    private func waitAndTake() throws -> Int {
        try lock.withLock {
            // Counted before looking again, so that a return in between either is seen here or
            // sees this waiter and signals it.
            waiting.add(1, ordering: .sequentiallyConsistent)
            defer { waiting.subtract(1, ordering: .sequentiallyConsistent) }
            while true {
                if isClosed.load(ordering: .sequentiallyConsistent) { throw DatabaseError.closed }
                if let index = takeAny() { return index }
                returned.wait(with: lock)
            }
        }
    }

    private func giveBack(_ index: Int) {
        free.bitwiseOr(1 << UInt64(index), ordering: .sequentiallyConsistent)
        if isClosed.load(ordering: .sequentiallyConsistent) {
            // Closed while lent: `close` may have missed it.
            retireFree()
        } else if waiting.load(ordering: .sequentiallyConsistent) > 0 {
            lock.withLock { returned.signal() }
        }
    }

    /// Takes every free element for good and retires it.
    private func retireFree() {
        let bits = free.exchange(0, ordering: .sequentiallyConsistent)
        for index in elements.indices where bits & (1 << UInt64(index)) != 0 {
            retire(elements[index])
        }
    }
}
