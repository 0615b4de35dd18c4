import Foundation
import JSON
import Testing
import TestClient
@testable import RedressAPI

/// The CSV export read back by a real CSV reader (Python's `csv` module), over complaints whose
/// text was written to break rows, split cells or run as a spreadsheet formula.
@Suite struct HostileCSVTests {
    /// Hostile text, and whether the export must prefix it with an apostrophe (its first
    /// character starts a formula).
    static let corpus: [(text: String, defused: Bool)] = [
        ("Kettle\r\n@SUM(1+1)", false),
        ("Kettle\r\n=HYPERLINK(\"http://evil.example\",\"x\")", false),
        ("\r\n=1+1", true),
        ("Col,\u{301}injected", false),
        ("Quote\"\u{301},injected", false),
        ("Ends in a quote\"\u{301}", false),
        ("Carriage\r\u{301}=1+1", false),
        ("Lone\rCR", false),
        ("Lone\nLF\n+1+1", false),
        ("=SUM(1+1)", true),
        ("=\u{301}SUM(1+1)", true),
        ("+SUM(1+1)", true),
        ("-SUM(1+1)", true),
        ("@SUM(1+1)", true),
        ("\t=1+1", true),
        ("\r=1+1", true),
        ("\"Quoted\" at the start", false),
        ("A \"quote\", and a comma", false),
        ("Plain text", false),
    ]

    /// The columns filled from the corpus, each complaint taking a different entry for each.
    static let hostileColumns = ["title", "complainant_name", "subject_ref", "subject_name"]

    @Test("Hostile titles, names and subjects export as one row each, every cell whole and none a live formula")
    func hostileTextSurvivesARealCSVReader() throws {
        let service = try TestService()
        let intake = try service.key(.intake)
        var expected: [String: [String: String]] = [:]
        for index in Self.corpus.indices {
            let values = Self.hostileColumns.indices.map { Self.corpus[(index + $0) % Self.corpus.count] }
            let body = """
                {"channel":"web","title":\(json(values[0].text)),"description":"d",\
                "complainant":{"name":\(json(values[1].text)),"phone":"+86 138 0013 8000"},\
                "subject":{"type":"product","ref":\(json(values[2].text)),"name":\(json(values[3].text))}}
                """
            let posted = try service.request("POST", "/v1/complaints", key: intake, json: body)
            try #require(posted.status == 201, "\(posted.text)")
            let number = try #require(try posted.json()["number"]?.string)
            expected[number] = Dictionary(
                uniqueKeysWithValues: zip(
                    Self.hostileColumns,
                    values.map {
                        $0.defused ? "'" + $0.text : $0.text
                    }))
        }

        let csv = try service.request("GET", "/v1/complaints?format=csv", key: service.adminKey)
        try #require(csv.status == 200)
        let rows = try Self.readWithPython(csv.body)
        let header = try #require(rows.first)
        #expect(header == ComplaintCSV.columns)
        #expect(rows.count == Self.corpus.count + 1, "one row per complaint and the header")
        for row in rows.dropFirst() {
            try #require(row.count == header.count, "a row of \(row.count) cells: \(row)")
            let cells = Dictionary(uniqueKeysWithValues: zip(header, row))
            let wanted = try #require(expected[cells["number"] ?? ""], "a row with no known number: \(row)")
            for column in Self.hostileColumns {
                #expect(cells[column] == wanted[column], "\(column): \(cells[column].debugDescription)")
            }
            for (column, cell) in cells where column != "complainant_phone" {
                #expect(
                    cell.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } != true,
                    "\(column) starts a formula: \(cell.debugDescription)")
            }
        }
    }

    /// `text` as a JSON string literal.
    private func json(_ text: String) -> String {
        var writer = JSONWriter()
        writer.string(text)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The rows of `csv` as Python's `csv.reader` reads them (the Excel dialect, as a
    /// spreadsheet would). Fails when `python3` cannot be run: CI has it.
    private static func readWithPython(_ csv: [UInt8]) throws -> [[String]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("redress-\(UUID().uuidString).csv")
        try Data(csv).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "python3", "-c",
                """
                import csv, json, sys
                with open(sys.argv[1], newline="", encoding="utf-8") as f:
                    json.dump(list(csv.reader(f)), sys.stdout, ensure_ascii=False)
                """, file.path,
            ])
        guard python.status == 0 else {
            throw TestClient.Failure(
                description: "python3 could not read the CSV (is python3 installed?): \(python.stderr)")
        }
        guard case .array(let rows) = try JSONParser.parse(python.stdout) else {
            throw TestClient.Failure(description: "python3 printed no rows")
        }
        return rows.map { row in row.array?.compactMap(\.string) ?? [] }
    }
}
