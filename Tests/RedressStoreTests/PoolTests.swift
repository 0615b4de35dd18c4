import Synchronization
import Testing
@testable import RedressStore

/// The pool lends each element to one borrower at a time and retires each exactly once on close,
/// a lent one when it comes back.
@Suite struct PoolTests {
    @Test(arguments: [1, 3, 64])
    func everyElementIsLentAloneAndRetiredOnce(count: Int) throws {
        let retired = Mutex<[Int]>([])
        let pool = Pool(Array(0..<count)) { element in retired.withLock { $0.append(element) } }
        // Nested borrowing takes each element once, then finds none free.
        func borrowAll(_ taken: [Int]) throws -> [Int] {
            guard taken.count < count else {
                #expect(throws: DatabaseError.readersBusy) { try pool.lend(waiting: false) { $0 } }
                return taken
            }
            return try pool.lend(waiting: false) { try borrowAll(taken + [$0]) }
        }
        #expect(try borrowAll([]).sorted() == Array(0..<count))
        try pool.lend(waiting: false) { held in
            pool.close()
            #expect(retired.withLock { $0.sorted() } == Array(0..<count).filter { $0 != held })
        }
        #expect(retired.withLock { $0.sorted() } == Array(0..<count))
        #expect(throws: DatabaseError.closed) { try pool.lend(waiting: true) { $0 } }
    }

    @Test func idleElementsAreVisitedAndThoseLentAreNot() throws {
        let pool = Pool([10, 20, 30]) { _ in }
        let visited = try pool.lend(waiting: false) { held -> [Int] in
            var seen: [Int] = []
            pool.forEachIdle { seen.append($0) }
            #expect(!seen.contains(held))
            return seen
        }
        #expect(visited.count == 2)
        var after: [Int] = []
        pool.forEachIdle { after.append($0) }
        #expect(after == [10, 20, 30])
    }
}
