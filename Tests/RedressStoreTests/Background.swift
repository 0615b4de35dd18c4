import Foundation
import Synchronization

/// A closure running on a thread of its own, whose result the test waits for.
final class Background<T: Sendable>: Sendable {
    private let result = Mutex<T?>(nil)
    private let done = DispatchGroup()

    init(_ body: @escaping @Sendable () -> T) {
        done.enter()
        Thread {
            let value = body()
            self.result.withLock { $0 = value }
            self.done.leave()
        }.start()
    }

    /// Blocks until the closure has returned, then gives its result.
    func wait() -> T {
        done.wait()
        return result.withLock { $0! }
    }

    /// Runs `body(0)`, `body(1)`... each on its own thread, all at once, and returns their results in order.
    static func all(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        (0..<count).map { index in Background { body(index) } }.map { $0.wait() }
    }
}

/// Polls `condition` every millisecond for up to ten seconds; whether it became true.
func eventually(_ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while !condition() {
        if Date() > deadline { return false }
        usleep(1_000)
    }
    return true
}
