internal import CSystem
import Glibc

/// A thread of the system's own, named for it, so that `top -H`, `perf` and
/// `/proc/<pid>/task/*/comm` show what it does; the one way the service starts threads.
public final class SystemThread: Sendable {
    fileprivate let handle: pthread_t

    private init(handle: pthread_t) {
        self.handle = handle
    }

    /// Starts a thread named `name` (Linux keeps its first 15 bytes) running `body`; `join` waits for it.
    public static func start(named name: String, _ body: @escaping @Sendable () -> Void) -> SystemThread {
        final class Start {
            let name: String
            let body: @Sendable () -> Void
            init(name: String, body: @escaping @Sendable () -> Void) {
                self.name = name
                self.body = body
            }
        }
        // The new thread takes over this reference and releases it.
        let start = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var handle = pthread_t()
        let code = pthread_create(
            &handle, nil,
            { raw in
                let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
                csystem_name_this_thread(start.name)
                start.body()
                return nil
            }, start)
        precondition(code == 0, "cannot start the thread \(name) (error \(code))")
        return SystemThread(handle: handle)
    }

    /// Waits until the thread has ended. Call it once, and not from the thread itself.
    public func join() {
        pthread_join(handle, nil)
    }

    /// Whether the calling thread is this one.
    public var isCurrent: Bool {
        pthread_equal(handle, pthread_self()) != 0
    }
}

/// Starts a thread named `name` running `body`, which nobody waits for.
public func startThread(named name: String, _ body: @escaping @Sendable () -> Void) {
    pthread_detach(SystemThread.start(named: name, body).handle)
}
