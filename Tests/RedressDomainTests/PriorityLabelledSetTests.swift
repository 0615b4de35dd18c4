import Foundation
import Testing
import RedressDomain

/// The default priority rules measured on a labelled set of complaint texts
/// (`PriorityLabelled.swift`, half Chinese, half English): precision and recall of what they mark
/// critical, and of what they raise at all (high or critical). README.md quotes the figures; the
/// floors make a change to the defaults that loses either fail here.
@Suite struct PriorityLabelledSetTests {
    struct Example {
        let label: Priority
        let language: String
        let text: String
    }

    /// Precision and recall of one question asked of every example.
    struct Score: CustomStringConvertible {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0

        var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
        var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }

        mutating func count(expected: Bool, found: Bool) {
            switch (expected, found) {
            case (true, true): truePositives += 1
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): break
            }
        }

        var description: String {
            "precision \(Self.format(precision)) recall \(Self.format(recall)) "
                + "(tp \(truePositives), fp \(falsePositives), fn \(falseNegatives))"
        }

        private static func format(_ value: Double) -> String { String(format: "%.3f", value) }
    }

    struct BadLine: Error {
        let line: String
    }

    static func examples() throws -> [Example] {
        try priorityLabelledExamples.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, let label = Priority(rawValue: String(fields[0])) else {
                throw BadLine(line: String(line))
            }
            return Example(label: label, language: String(fields[1]), text: String(fields[2]))
        }
    }

    /// The scores for critical and for raised over `examples`.
    static func score(_ examples: [Example]) -> (critical: Score, raised: Score, misses: [String]) {
        var critical = Score()
        var raised = Score()
        var misses: [String] = []
        for example in examples {
            let level = PriorityMatcher.defaults.match(in: example.text)?.level ?? .normal
            critical.count(expected: example.label == .critical, found: level == .critical)
            raised.count(expected: example.label > .normal, found: level > .normal)
            if level != example.label {
                misses.append("\(example.label.rawValue) → \(level.rawValue): \(example.text)")
            }
        }
        return (critical, raised, misses)
    }

    @Test func theSetIsLargeEnoughAndHalfChineseHalfEnglish() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 200)
        let chinese = examples.filter { $0.language == "zh" }.count
        let english = examples.filter { $0.language == "en" }.count
        #expect(chinese + english == examples.count)
        #expect(abs(chinese - english) <= examples.count / 20)
        for label in Priority.allCases { #expect(examples.contains { $0.label == label }) }
    }

    @Test func theDefaultRulesFindWhatAComplaintTeamWouldRaise() throws {
        let examples = try Self.examples()
        let all = Self.score(examples)
        for language in ["zh", "en"] {
            let scores = Self.score(examples.filter { $0.language == language })
            print("priority rules, \(language): critical \(scores.critical); raised \(scores.raised)")
        }
        print("priority rules, all \(examples.count): critical \(all.critical); raised \(all.raised)")
        for miss in all.misses { print("  \(miss)") }
        #expect(all.critical.precision >= 0.9)
        #expect(all.critical.recall >= 0.9)
        #expect(all.raised.precision >= 0.9)
        #expect(all.raised.recall >= 0.9)
    }
}
