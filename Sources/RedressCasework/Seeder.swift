import RedressDomain
import RedressStore
import SQLite

/// `redress seed`: fills a database with realistic demo complaints — Chinese and English, every
/// channel, category and status, received over the past year — through the same registration and
/// lifecycle rules the API uses, so the data is what the service itself would have produced.
extension Casework {
    /// Registers `count` complaints and walks each to a status fitting its age; returns how many.
    public func seed(count: Int, settings: Settings, now: Instant) throws -> Int {
        let caller = try issueKey(name: "demo data", role: .intake, now: now).caller
        var generator = SplitMix64(seed: 0x5EED_2026 &+ UInt64(count))
        var seeded = 0
        while seeded < count {
            let batch = min(5000, count - seeded)
            let samples = (0..<batch).map { _ in Sample(using: &generator, now: now) }
            try write { [utcOffset] connection in
                for sample in samples {
                    try Self.seed(sample, caller: caller, settings: settings, utcOffset: utcOffset, on: connection)
                }
            }
            seeded += batch
        }
        return seeded
    }

    private static func seed(
        _ sample: Sample, caller: Caller, settings: Settings,
        utcOffset: (Instant) -> Int, on connection: Connection
    ) throws {
        let registeredAt = sample.draft.receivedAt!.adding(seconds: 600)
        var complaint = try connection.register(
            try Intake(sample.draft, settings: settings, now: registeredAt), by: caller,
            trackingCode: TrackingCode.generate(),
            month: CaseNumber.month(of: registeredAt, offset: utcOffset(registeredAt)), settings: settings,
            now: registeredAt)
        var at = registeredAt
        for (input, role) in sample.path {
            // A proposal within the approval threshold approved itself; there is nothing left to approve.
            if input.action == .approve, complaint.status == .approved { continue }
            at = at.adding(hours: sample.hoursPerStep)
            let actor = Actor(name: role == .supervisor ? "supervisor" : sample.agent, role: role)
            complaint = try connection.take(input, on: complaint, by: actor, settings: settings, now: at)
        }
    }
}

/// One demo complaint: its draft and the actions that take it to its status.
private struct Sample {
    let draft: ComplaintDraft
    let path: [(ActionInput, Role)]
    let agent: String
    let hoursPerStep: Double

    private static let texts: [(category: String, zh: (String, String), en: (String, String))] = [
        (
            "product_quality", ("洗衣机漏水", "新买的洗衣机每次洗完地上都是水，已经影响到楼下邻居。"),
            ("Washing machine leaks", "The new washing machine leaves water on the floor after every cycle.")
        ),
        (
            "product_quality", ("手机屏幕出现坏点", "购买不到一个月，屏幕右上角出现多个坏点。"),
            ("Phone screen has dead pixels", "Less than a month after purchase several dead pixels appeared.")
        ),
        (
            "service_quality", ("维修后问题依旧", "师傅上门维修后空调仍然不制冷，需要再次安排。"),
            ("Repair did not fix the fault", "After the technician's visit the air conditioner still does not cool.")
        ),
        (
            "service_attitude", ("客服态度恶劣", "电话咨询时客服语气很差，还直接挂断了电话。"),
            ("Rude call centre agent", "The agent was rude on the phone and hung up on me.")
        ),
        (
            "delivery", ("快递延误一周", "订单显示已发货七天，至今没有收到，也没有物流更新。"),
            ("Parcel a week late", "The order shipped seven days ago and tracking has not moved since.")
        ),
        (
            "billing", ("重复扣费", "同一笔订单被扣了两次款，请尽快退还多扣的金额。"),
            ("Charged twice", "I was charged twice for the same order; please refund the duplicate.")
        ),
        (
            "safety", ("热水器漏电", "洗澡时热水器漏电，孩子差点受伤，要求立即处理。"),
            ("Heater gave an electric shock", "The water heater gave my son an electric shock; he was nearly injured.")
        ),
        (
            "privacy", ("个人信息被泄露", "注册后不断接到推销电话，怀疑个人信息被泄露。"),
            (
                "Personal data shared",
                "Since registering I receive sales calls daily; my data seems to have been shared."
            )
        ),
        (
            "other", ("门店营业时间不符", "官网写营业到晚上九点，八点去就已经关门了。"),
            ("Store closed early", "The website says the store opens until 9 pm but it was closed at 8 pm.")
        ),
    ]
    private static let names = [
        "王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "Emma Wilson", "James Brown", "Olivia Chen", "Noah Smith",
    ]
    private static let agents = ["客服-赵敏", "客服-孙强", "agent-maria", "agent-tom"]
    private static let departments = [
        "customer_service", "quality", "logistics", "billing", "technical", "store_operations",
    ]

    init(using generator: inout SplitMix64, now: Instant) {
        let text = Self.texts[generator.next(below: Self.texts.count)]
        let chinese = generator.next(below: 3) > 0
        let (title, description) = chinese ? text.zh : text.en
        let name = Self.names[generator.next(below: Self.names.count)]
        let customer = generator.next(below: 5000)
        let age = Double(generator.next(below: 365 * 24)) + 1
        draft = ComplaintDraft(
            channel: Channel.allCases[generator.next(below: Channel.allCases.count)], title: title,
            description: description,
            complainant: Complainant(
                name: name, phone: "+86 139 \(String(10_000_000 + customer))",
                email: generator.next(below: 2) == 0 ? "customer\(customer)@example.com" : nil),
            subject: Subject(
                type: Subject.Kind.allCases[generator.next(below: Subject.Kind.allCases.count)],
                ref: "SKU-\(100 + generator.next(below: 400))"),
            category: text.category, receivedAt: now.adding(hours: -age), tags: chinese ? ["zh"] : ["en"]
        )
        agent = Self.agents[generator.next(below: Self.agents.count)]
        hoursPerStep = min(age / 8, Double(1 + generator.next(below: 30)))
        let department = Self.departments[generator.next(below: Self.departments.count)]
        // Older complaints have travelled further; a few end rejected or withdrawn on the way.
        let stage = generator.next(below: 10)
        let reach = age > 24 * 30 ? 7 : min(7, Int(age / 24 / 4) + generator.next(below: 3))
        var path: [(ActionInput, Role)] = []
        if stage == 0 {
            path = [(.assess(.init(valid: false, note: "经核实不属于本公司服务范围，感谢您的反馈。")), .agent)]
        } else if stage == 1 {
            path = [(.withdraw(reason: "Customer resolved it themselves"), .agent)]
        } else {
            let steps: [(ActionInput, Role)] = [
                (.assess(.init(valid: true)), .agent),
                (.assign(.init(department: department, assignee: agent)), .agent),
                (
                    .investigate(
                        .init(findings: "Confirmed with the customer and the records.", rootCause: "Process gap")),
                    .agent
                ),
                (
                    .propose(
                        .init(
                            remedies: [.apology, .compensation],
                            amountMinor: Int64(1000 * (1 + generator.next(below: 80))),
                            currency: "CNY", description: "Apology and a goodwill credit", rootCause: "Process gap")),
                    .agent
                ),
                (.approve(comment: "Agreed"), .supervisor),
                (.resolve(note: "Credit issued and the customer informed.", notifiedVia: "phone"), .agent),
                (.followUp(.init(method: .phone, satisfied: true, score: 3 + generator.next(below: 3))), .agent),
            ]
            path = Array(steps.prefix(reach))
        }
        self.path = path
    }
}
