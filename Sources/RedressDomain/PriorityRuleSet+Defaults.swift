extension PriorityRuleSet {
    /// The rules a new database starts with, in Chinese and English: critical for safety or injury,
    /// fraud, legal action, media exposure and regulators or consumer associations (DOMAIN.md step
    /// 4); high for false advertising and privacy; the common negations; and the cluster rule on,
    /// at 10 open complaints about one subject within 24 hours, to critical.
    public static let defaults = PriorityRuleSet(
        rules: [
            PriorityRule(
                name: "safety", reason: "mentions safety or injury", level: .critical,
                words: [
                    "安全隐患", "不安全", "安全问题", "危险", "受伤", "伤害", "烫伤", "烧伤", "割伤", "划伤", "骨折",
                    "起火", "着火", "火灾", "冒烟", "爆炸", "炸了", "触电", "漏电", "中毒", "住院", "医院", "急救",
                    "流血", "窒息", "过敏反应",
                    "safety", "unsafe", "danger", "dangerous", "injury", "injuries", "injured", "hurt", "burn",
                    "burns", "burned", "burnt", "scalded", "fire", "caught fire", "smoke", "smoking", "explosion",
                    "exploded", "electric shock", "electrocuted", "poisoning", "poisoned", "hospital",
                    "hospitalised", "hospitalized", "ambulance", "choked", "choking", "bleeding", "allergic reaction",
                ]
            ),
            PriorityRule(
                name: "fraud", reason: "mentions fraud", level: .critical,
                words: [
                    "欺诈", "诈骗", "欺骗", "骗子", "骗钱", "假货", "造假", "假冒", "以次充好",
                    "fraud", "fraudulent", "scam", "scammed", "cheated", "cheating", "deceived", "counterfeit",
                    "fake",
                ]
            ),
            PriorityRule(
                name: "legal", reason: "mentions legal action", level: .critical,
                words: [
                    "律师", "起诉", "诉讼", "法院", "打官司", "法律途径", "仲裁",
                    "lawyer", "lawyers", "attorney", "solicitor", "lawsuit", "legal action", "to court", "in court",
                    "small claims", "will sue", "sue you", "sue your", "sue the", "suing",
                ]
            ),
            PriorityRule(
                name: "media", reason: "mentions media exposure", level: .critical,
                words: [
                    "媒体", "记者", "曝光", "抖音", "微博", "小红书", "电视台", "报社", "上新闻", "热搜",
                    "journalist", "journalists", "reporter", "reporters", "newspaper", "the press", "the media",
                    "on the news", "social media", "go public", "going public", "expose", "viral",
                ]
            ),
            PriorityRule(
                name: "regulator", reason: "mentions a regulator or consumer association", level: .critical,
                words: [
                    "12315", "消协", "消费者协会", "消保委", "市场监管", "工商局", "监管部门", "投诉到",
                    "consumer association", "consumer council", "consumer protection", "ombudsman", "regulator",
                    "trading standards", "better business bureau",
                ]
            ),
            PriorityRule(
                name: "false-advertising", reason: "mentions false advertising", level: .high,
                words: [
                    "虚假宣传", "虚假广告", "夸大宣传", "货不对板", "与宣传不符", "宣传不符",
                    "false advertising", "misleading advertising", "misleading advert", "misleading ad",
                    "false claims", "not as advertised", "not as described", "bait and switch",
                ]
            ),
            PriorityRule(
                name: "privacy", reason: "mentions privacy or personal data", level: .high,
                words: [
                    "隐私泄露", "信息泄露", "泄露隐私", "泄露了我的", "个人信息", "隐私",
                    "privacy", "data breach", "data leak", "personal data", "personal information",
                    "personal details", "leaked my",
                ]
            ),
        ],
        negations: [
            "没有", "没", "不是", "并非", "幸好没有", "并未", "未造成", "无人", "不存在",
            "no", "not", "never", "nobody", "no one", "without", "didn't", "wasn't", "weren't", "isn't", "aren't",
            "hasn't", "haven't",
        ],
        cluster: ClusterRule(enabled: true, count: 10, windowHours: 24, level: .critical)
    )
}
