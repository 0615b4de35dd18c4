import Glibc

/// The process's limit on open descriptors (`RLIMIT_NOFILE`), which bounds how many connections it
/// can hold: each takes one, beside the listener, the event loops' own and the database's files.
public enum DescriptorLimit {
    /// Raises the soft limit to `wanted`, or as near as the hard limit allows; never lowers it.
    /// Returns the soft limit then in force.
    ///
    /// Shells and service managers commonly start processes at a soft limit of 1,024 under a
    /// much higher hard one, which leaves a server short of descriptors long before its
    /// connection limit.
    @discardableResult
    public static func raise(toward wanted: Int) -> Int {
        var limit = rlimit()
        getrlimit(resource, &limit)
        let target = min(rlim_t(max(0, wanted)), limit.rlim_max)
        if target > limit.rlim_cur {
            var raised = limit
            raised.rlim_cur = target
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
}
