/// What a complainant reads for each status on the tracking page: plain, friendly words in their
/// language, in place of the internal status names. Every customer-facing label lives here.
public enum StatusLabel {
    /// The label for `status` in `language`.
    public static func text(for status: Status, in language: CustomerLanguage) -> String {
        switch language {
        case .simplifiedChinese: chinese(status)
        case .english: english(status)
        }
    }

    // Internal steps (approval, sending a proposal back) read as progress, never as a verdict on
    // colleagues: the customer needs to know that someone is on it and what comes next.
    private static func chinese(_ status: Status) -> String {
        switch status {
        case .received: "已收到，等待受理"
        case .accepted: "已受理"
        case .assigned: "已受理，专人跟进中"
        case .investigating: "已受理，正在处理"
        case .proposed: "正在为您制定解决方案"
        case .approved: "解决方案已确定，正在落实"
        case .resolved: "已处理，期待您的评价"
        case .awaitingCustomer: "等待您的回复"
        case .closed: "已办结，感谢您的反馈"
        case .rejected: "已审核，请查看说明"
        case .withdrawn: "已撤销"
        case .merged: "已与您的另一投诉合并处理"
        }
    }

    private static func english(_ status: Status) -> String {
        switch status {
        case .received: "We've received your complaint"
        case .accepted: "We've accepted your complaint"
        case .assigned: "A specialist is on your case"
        case .investigating: "We're looking into it"
        case .proposed: "We're preparing a solution for you"
        case .approved: "Your solution is on its way"
        case .resolved: "Resolved — tell us how we did"
        case .awaitingCustomer: "Waiting for your reply"
        case .closed: "Closed — thank you for your feedback"
        case .rejected: "Reviewed — please read our explanation"
        case .withdrawn: "Withdrawn"
        case .merged: "Merged with another complaint, handled there"
        }
    }
}
