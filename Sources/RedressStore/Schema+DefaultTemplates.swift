extension Schema {
    /// The response templates a new database starts with: every stage in `zh-CN` and `en`, each
    /// saved as `<stage>-<locale>`. They thank the customer, apologise for the trouble without
    /// admitting fault before the facts are known, restate the problem, say what happens next and
    /// by when, and blame no one. Text in square brackets is for the agent to write.
    static let defaultTemplates: [(stage: String, locale: String, body: String)] = [
        (
            "acknowledgement", "zh-CN",
            """
            尊敬的{{complainant_name}}：

            您好！感谢您抽出宝贵时间向我们反映“{{title}}”的情况。给您带来不便，我们深表歉意，也非常理解您的心情。

            您的投诉已登记，案件编号为 {{number}}。我们会认真核实情况，并在 {{resolution_due_at}} 前给您答复；\
            如需进一步了解细节，我们会及时与您联系。

            您可以随时凭案件编号和查询码查看处理进度。

            客户服务中心
            """
        ),
        (
            "acknowledgement", "en",
            """
            Dear {{complainant_name}},

            Thank you for taking the time to tell us about "{{title}}". We are sorry for the trouble this has caused \
            you, and we understand how frustrating it must be.

            Your complaint is registered as case {{number}}. We will look into it carefully and give you an answer by \
            {{resolution_due_at}}; if we need any more details, we will contact you sooner.

            You can follow your case at any time with your case number and tracking code.

            Kind regards,
            Customer Care
            """
        ),
        (
            "apology", "zh-CN",
            """
            尊敬的{{complainant_name}}：

            您好！对于您在“{{title}}”（案件编号 {{number}}）一事中遇到的困扰，我们深感抱歉，也感谢您的耐心等待。

            为了尽快弄清情况，{{assignee}}正在跟进您的案件。如方便，请告诉我们您注意到的具体情况、发生的时间，\
            以及您希望得到怎样的解决，这将帮助我们更快地为您处理。

            我们会在 {{resolution_due_at}} 前给您明确答复。

            客户服务中心
            """
        ),
        (
            "apology", "en",
            """
            Dear {{complainant_name}},

            We are truly sorry for the difficulty you have experienced with "{{title}}" (case {{number}}), and thank \
            you for your patience.

            We want to understand exactly what happened, so {{assignee}} is following your case personally. Could you \
            tell us what you noticed, when it happened, and what outcome would put things right for you? It will help \
            us resolve it sooner.

            We will come back to you with a clear answer by {{resolution_due_at}}.

            Kind regards,
            Customer Care
            """
        ),
        (
            "proposal", "zh-CN",
            """
            尊敬的{{complainant_name}}：

            您好！感谢您在我们核实案件 {{number}}（“{{title}}”）期间的耐心等待。{{department}}已认真了解了相关情况。

            根据核实结果，我们为您提出以下解决方案：
            【请在此填写解决方案】

            如果该方案未能完全满足您的需要，请告诉我们您的想法，我们会再次认真研究。

            客户服务中心
            """
        ),
        (
            "proposal", "en",
            """
            Dear {{complainant_name}},

            Thank you for your patience while we looked into case {{number}}, "{{title}}". Our colleagues in \
            {{department}} have reviewed the details carefully.

            Based on what we found, we would like to offer you the following:
            [Describe the proposed remedy here.]

            If this does not fully meet your needs, please tell us what would, and we will gladly look at it again.

            Kind regards,
            Customer Care
            """
        ),
        (
            "rejection", "zh-CN",
            """
            尊敬的{{complainant_name}}：

            您好！感谢您就“{{title}}”（案件编号 {{number}}）与我们联系，让我们有机会了解情况。我们理解此事对您很重要。\
            经认真核实，很遗憾我们暂时无法将其作为投诉受理。

            【请在此用平实的语言说明原因，以及客户还可以怎样办理】

            如果我们遗漏了任何情况，或您有新的信息，欢迎随时回复，我们会再次认真审核。

            客户服务中心
            """
        ),
        (
            "rejection", "en",
            """
            Dear {{complainant_name}},

            Thank you for contacting us about "{{title}}" (case {{number}}) and for giving us the chance to look into \
            it. We understand that this matters to you. Having reviewed it carefully, we are sorry that we cannot \
            take it forward as a complaint.

            [Explain why in plain words, and what the customer can do instead.]

            If we have missed anything, or you have more information, please reply and we will gladly review your \
            case again.

            Kind regards,
            Customer Care
            """
        ),
        (
            "follow_up", "zh-CN",
            """
            尊敬的{{complainant_name}}：

            您好！您反映的“{{title}}”（案件编号 {{number}}）已处理完毕，我们想回访确认问题是否已妥善解决。

            请问您对处理结果是否满意？如按1至5分评价，您会给我们的服务打几分？如仍有不满意之处，请告诉我们，\
            我们会重新处理，并由{{assignee}}继续与您跟进。

            感谢您帮助我们不断改进！

            客户服务中心
            """
        ),
        (
            "follow_up", "en",
            """
            Dear {{complainant_name}},

            We recently resolved your case {{number}}, "{{title}}", and would like to check that everything is now as \
            it should be.

            Are you satisfied with how we handled it? On a scale of 1 to 5, how would you rate our service? If \
            anything is still not right, please tell us: we will reopen your case, and {{assignee}} will follow it up \
            with you.

            Thank you for helping us improve.

            Kind regards,
            Customer Care
            """
        ),
        (
            "other", "zh-CN",
            """
            尊敬的{{complainant_name}}：

            您好！关于您反映的“{{title}}”（案件编号 {{number}}），{{department}}正在积极处理。我们预计在 \
            {{resolution_due_at}} 前给您答复，如有进展会及时告知您。

            如有任何疑问，请直接回复本消息，或在联系我们时提供案件编号。

            客户服务中心
            """
        ),
        (
            "other", "en",
            """
            Dear {{complainant_name}},

            Here is an update on case {{number}}, "{{title}}". Our colleagues in {{department}} are working on it, \
            and we expect to give you an answer by {{resolution_due_at}}. We will let you know as soon as there is news.

            If you have any questions, please reply to this message, or quote your case number when you contact us.

            Kind regards,
            Customer Care
            """
        ),
    ]
}
