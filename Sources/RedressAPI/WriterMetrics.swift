import RedressStore

/// The database writer's series of `/metrics`, in the Prometheus text format.
enum WriterMetrics {
    static func render(_ statistics: WriterStatistics) -> String {
        let series: [(name: String, type: String, help: String, value: String)] = [
            (
                "redress_db_writes_total", "counter",
                "Writes the database writer has run and answered, committed or failed.",
                "\(statistics.writes)"
            ),
            (
                "redress_db_write_batches_total", "counter", "Group commits: batches of writes run in one transaction.",
                "\(statistics.batches)"
            ),
            (
                "redress_db_writer_busy_seconds_total", "counter",
                "Time the writer spent on batches rather than waiting for writes; its rate near 1 means the writer is saturated.",
                "\(statistics.busySeconds)"
            ),
            (
                "redress_db_commit_seconds_total", "counter",
                "Time spent in COMMIT: writing the WAL and waiting for fsync.",
                "\(statistics.commitSeconds)"
            ),
            ("redress_db_writes_queued", "gauge", "Writes waiting for the next batch now.", "\(statistics.queued)"),
            (
                "redress_db_storage_full", "gauge", "1 while writes fail because the database's disk is full, else 0.",
                statistics.isStorageFull ? "1" : "0"
            ),
            (
                "redress_db_storage_full_failures_total", "counter",
                "Writes refused because the database's disk was full.",
                "\(statistics.storageFullFailures)"
            ),
        ]
        return series.map { "# HELP \($0.name) \($0.help)\n# TYPE \($0.name) \($0.type)\n\($0.name) \($0.value)\n" }
            .joined()
    }
}
