import Outbound
import Testing

@Suite struct SMTPConfigurationTests {
    @Test func readsSchemeHostPortSecurityAndCredentials() throws {
        let plain = try SMTPConfiguration(parsing: "smtp://Mail.Example.COM")
        #expect(plain.host == "mail.example.com" && plain.port == 587 && plain.security == .opportunistic)
        #expect(plain.user == nil && plain.password == nil)
        let implicit = try SMTPConfiguration(parsing: "smtps://mail.example.com")
        #expect(implicit.port == 465 && implicit.security == .implicit)
        let required = try SMTPConfiguration(parsing: "smtp://mail.example.com:25?tls=required")
        #expect(required.port == 25 && required.security == .required)
        let none = try SMTPConfiguration(parsing: "smtp://relay.internal.example:2525/?tls=none")
        #expect(none.port == 2525 && none.security == .none)
        let v6 = try SMTPConfiguration(parsing: "smtp://[2001:db8::25]")
        #expect(v6.host == "2001:db8::25" && v6.isAddress && v6.port == 587)
        let v6Port = try SMTPConfiguration(parsing: "smtp://[2001:db8::25]:26")
        #expect(v6Port.port == 26)
    }

    @Test func credentialsArePercentDecodedRequireTLSAndAreNeverShown() throws {
        let url = try SMTPConfiguration(parsing: "smtp://user%40shop.example:p%40ss%3Aw%C3%B6rd@mail.example.com")
        #expect(url.user == "user@shop.example" && url.password == "p@ss:wörd")
        #expect(url.security == .required)
        #expect(url.description == "smtp://user@shop.example:***@mail.example.com:587?tls=required")
        #expect(!"\(url)".contains("p@ss") && !String(reflecting: url.description).contains("wörd"))
        let clear = try SMTPConfiguration(parsing: "smtp://u:secret@relay.example?tls=none")
        #expect(clear.security == .none && clear.description == "smtp://u:***@relay.example:587?tls=none")
        let implicit = try SMTPConfiguration(parsing: "smtps://u:secret@relay.example")
        #expect(implicit.security == .implicit)
    }

    @Test(arguments: [
        "http://mail.example.com", "mail.example.com", "smtp://", "smtp://mail.example.com/path",
        "smtp://mail.example.com?tls=maybe", "smtps://mail.example.com?tls=none", "smtp://user@mail.example.com",
        "smtp://:pw@mail.example.com", "smtp://u:%zz@mail.example.com", "smtp://u:%0D%0A@mail.example.com",
        "smtp://mail.example.com:0", "smtp://mail.example.com:99999", "smtp://mail example.com",
        "smtp://mail.example.com\r\nRCPT TO:<x@y.z>",
    ])
    func refusesWhatCannotBeUsed(_ text: String) {
        #expect(throws: SMTPConfiguration.Invalid.self) { try SMTPConfiguration(parsing: text) }
    }
}
