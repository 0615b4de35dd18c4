import Testing
import RedressDomain

/// The words a complainant reads for each status, and the language they are read in.
@Suite struct StatusLabelTests {
    @Test(arguments: CustomerLanguage.allCases)
    func everyStatusHasItsOwnLabelInEachLanguage(language: CustomerLanguage) {
        let labels = Status.allCases.map { StatusLabel.text(for: $0, in: language) }
        #expect(Set(labels).count == Status.allCases.count)
        #expect(labels.allSatisfy { !$0.isEmpty && !Status.allCases.map(\.rawValue).contains($0) })
    }

    @Test func theLabelsAreFriendlyWordsInTheCustomersLanguage() {
        #expect(StatusLabel.text(for: .investigating, in: .simplifiedChinese) == "已受理，正在处理")
        #expect(StatusLabel.text(for: .investigating, in: .english) == "We're looking into it")
        #expect(StatusLabel.text(for: .closed, in: .simplifiedChinese).contains("感谢"))
    }

    @Test func aComplaintWithChineseInItsTitleOrDescriptionIsReadInChinese() {
        var complaint = LifecycleFixture.complaint(.received)
        #expect(CustomerLanguage(writing: complaint) == .english)
        complaint.title = "洗衣机漏水"
        #expect(CustomerLanguage(writing: complaint) == .simplifiedChinese)
        complaint.title = "Leak"
        complaint.description = "Water on the floor 每次洗衣后"
        #expect(CustomerLanguage(writing: complaint) == .simplifiedChinese)
    }

    @Test func theComplainantsNameAloneDoesNotDecideTheLanguage() {
        let complaint = LifecycleFixture.complaint(.received)
        #expect(complaint.complainant.name == "王芳")
        #expect(CustomerLanguage(writing: complaint) == .english)
    }

    @Test(arguments: [
        ("zh-CN", CustomerLanguage.simplifiedChinese), ("zh", .simplifiedChinese), ("ZH-hans", .simplifiedChinese),
        ("en", .english), ("en-GB", .english), ("fr", .english),
    ])
    func aLocaleMapsToTheLanguageWithATable(locale: String, language: CustomerLanguage) {
        #expect(CustomerLanguage(locale: locale) == language)
    }
}
