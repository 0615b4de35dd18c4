import Foundation
import Glibc
import Testing
import TestClient
@testable import RedressAPI

/// A database whose disk fills up: writes answer 507 and change nothing, `/readyz` says so, the
/// metrics count it, and everything recovers by itself once space frees. The disk is a small
/// tmpfs the test mounts; where mounting is not permitted (not root, no CAP_SYS_ADMIN), the test
/// says so and passes without running.
@Suite struct StorageFullTests {
    /// A 16 MiB tmpfs mounted at a new directory, unmounted by `unmount`; nil where mounting is not permitted.
    private static func mountSmallDisk() throws -> URL? {
        let point = FileManager.default.temporaryDirectory.appendingPathComponent("redress-full-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        guard mount("tmpfs", point.path, "tmpfs", 0, "size=16m,mode=0700") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: point)
            print("StorageFullTests: skipped, mounting a tmpfs is not permitted here (\(reason))")
            return nil
        }
        return point
    }

    private static func unmount(_ point: URL) {
        umount2(point.path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(at: point)
    }

    /// Fills the disk holding `directory` with one file, until no byte more fits.
    private static func fill(_ directory: URL) -> URL {
        let filler = directory.appendingPathComponent("filler")
        let descriptor = open(filler.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let chunk = [UInt8](repeating: 0x5A, count: 64 * 1024)
        var size = chunk.count
        while size > 0 {
            if chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, size) }) <= 0 { size /= 2 }
        }
        close(descriptor)
        return filler
    }

    private static func count(_ service: TestService) throws -> Int {
        try service.database.read { try $0.first("SELECT count(*) FROM complaints")!.get(0) as Int }
    }

    private static func metric(_ name: String, in service: TestService) throws -> String? {
        try service.request("GET", "/metrics").text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
            .map { String($0.dropFirst(name.count + 1)) }
    }

    @Test func writesOnAFullDiskAnswer507ChangeNothingAndRecoverWhenSpaceFrees() throws {
        guard let disk = try Self.mountSmallDisk() else { return }
        defer { Self.unmount(disk) }
        let service = try TestService { $0.databasePath = disk.appendingPathComponent("redress.sqlite").path }
        #expect(
            try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).status == 201)
        let filler = Self.fill(disk)

        // The WAL may still have room from earlier writes; once it needs more, writes are refused.
        var refused: TestClient.Response?
        var statuses: Set<Int> = []
        for index in 0..<400 {
            let text = String(repeating: "水管漏水，地板泡坏了。\(index) ", count: 40)
            let response = try service.request(
                "POST", "/v1/complaints", key: service.adminKey,
                json: complaintJSON(description: text))
            statuses.insert(response.status)
            if response.status != 201 {
                refused = response
                break
            }
        }
        let full = try #require(refused, "the disk never filled")
        #expect(full.status == 507, "statuses seen: \(statuses.sorted())")
        #expect(full.header("Retry-After") == "30")
        #expect(try full.json()["type"]?.string == "/problems/storage-full")
        let stored = try Self.count(service)
        #expect(
            try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).status == 507)
        #expect(try Self.count(service) == stored)
        let ready = try service.request("GET", "/readyz")
        #expect(ready.status == 503)
        #expect(try ready.json()["detail"]?.string?.contains("disk is full") == true)
        #expect(try Self.metric("redress_db_storage_full", in: service) == "1")
        #expect(try Int(Self.metric("redress_db_storage_full_failures_total", in: service) ?? "0") ?? 0 >= 2)
        // Reads go on.
        #expect(try service.request("GET", "/v1/complaints/1", key: service.adminKey).status == 200)

        try FileManager.default.removeItem(at: filler)
        #expect(try service.request("GET", "/readyz").status == 200)
        #expect(try Self.metric("redress_db_storage_full", in: service) == "0")
        #expect(
            try service.request("POST", "/v1/complaints", key: service.adminKey, json: complaintJSON()).status == 201)
        #expect(try Self.count(service) == stored + 1)
    }
}
