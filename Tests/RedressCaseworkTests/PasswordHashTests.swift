import Testing
@testable import RedressCasework

/// SHA-256, HMAC-SHA256 and PBKDF2-HMAC-SHA256 against published test vectors, and the stored
/// password hash built on them.
@Suite struct PasswordHashTests {
    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ])
    func sha256MatchesTheStandardsExamples(message: String, digest: String) {
        #expect(Self.hex(SHA256.digest(Array(message.utf8))) == digest)
    }

    @Test func sha256OfAMillionAs() {
        #expect(
            Self.hex(SHA256.digest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Lengths around the padding's edges (55 fits one block, 56 needs two), from Python's hashlib.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
        (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        (128, "6836cf13bac400e9105071cd6af47084dfacad4e5e302c94bfed24e013afb73e"),
    ])
    func sha256AtBlockEdges(length: Int, digest: String) {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: length)
        #expect(Self.hex(SHA256.digest(message)) == digest)
        // A collection without contiguous storage takes the other path to the same digest.
        #expect(Self.hex(SHA256.digest(message.lazy.map { $0 })) == digest)
    }

    /// RFC 4231 §4.2 and §4.3.
    @Test func hmacSHA256MatchesRFC4231() {
        #expect(
            Self.hex(HMAC.sha256(key: [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(
            Self.hex(HMAC.sha256(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// RFC 7914 §11 gives PBKDF2-HMAC-SHA256's vectors; the others are RFC 6070's inputs with
    /// SHA-256, as published widely and checked with Python's hashlib.
    @Test(arguments: [
        (
            "passwd", "salt", 1, 64,
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
        ),
        (
            "Password", "NaCl", 80_000, 64,
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"
        ),
        ("password", "salt", 1, 32, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        ("password", "salt", 2, 32, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        ("password", "salt", 4096, 32, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        (
            "passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40,
            "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"
        ),
        ("pass\0word", "sa\0lt", 4096, 16, "89b69d0516f829893c696226650a8687"),
        (
            String(repeating: "x", count: 100), "salt", 3, 32,
            "59bfa49750dd5462ce38370a1e7abe0736ff334cf1c2f0d84f23a03435d660d1"
        ),
    ])
    func pbkdf2MatchesPublishedVectors(password: String, salt: String, iterations: Int, length: Int, expected: String) {
        let derived = PBKDF2.sha256(
            password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, length: length)
        #expect(Self.hex(derived) == expected)
    }

    @Test func aStoredHashCarriesItsParametersAndVerifiesOnlyItsPassword() throws {
        let hash = PasswordHash(of: "密码很长的一句话 ok", iterations: 1000)
        let parts = hash.encoded.split(separator: "$")
        #expect(parts.count == 4 && parts[0] == "pbkdf2-sha256" && parts[1] == "1000")
        #expect(parts[2].count == 32 && parts[3].count == 64, "16-byte salt and 32-byte hash in hex")
        let read = try #require(PasswordHash(encoded: hash.encoded))
        #expect(read == hash)
        #expect(read.verifies("密码很长的一句话 ok"))
        #expect(!read.verifies("密码很长的一句话 OK"))
        #expect(!read.verifies(""))
        // Salts are random: the same password hashes differently.
        #expect(PasswordHash(of: "密码很长的一句话 ok", iterations: 1000).encoded != hash.encoded)
    }

    @Test func aStoredHashMatchesPBKDF2Itself() throws {
        // The salt 00 01 … 0f and 1,000 iterations, as Python's hashlib computes them.
        let salt = Self.hex((0..<16).map { UInt8($0) })
        let stored = "pbkdf2-sha256$1000$\(salt)$662c049490d16cd299a1f3f60ff52bc47cf6bc7362cef83e8b5621a0227f7dd8"
        let hash = try #require(PasswordHash(encoded: stored))
        #expect(hash.verifies("密码很长的一句话"))
        #expect(hash.encoded == stored)
    }

    @Test(arguments: [
        "", "pbkdf2-sha256$1000$00", "pbkdf2-sha1$1000$00$" + String(repeating: "0", count: 64),
        "pbkdf2-sha256$0$00$" + String(repeating: "0", count: 64),
        "pbkdf2-sha256$-5$00$" + String(repeating: "0", count: 64),
        "pbkdf2-sha256$1000$0g$" + String(repeating: "0", count: 64),
        "pbkdf2-sha256$1000$00$" + String(repeating: "0", count: 62),
        "pbkdf2-sha256$1000$$" + String(repeating: "0", count: 64),
    ])
    func malformedStoredHashesAreNotRead(encoded: String) {
        #expect(PasswordHash(encoded: encoded) == nil)
    }

    @Test func passwordRules() {
        #expect(Password.problem("short") != nil)
        #expect(Password.problem(String(repeating: "长", count: 10)) == nil, "characters, not bytes, count")
        #expect(Password.problem(String(repeating: "a", count: 201)) != nil)
        #expect(Password.problem("good enough\u{7}bell") != nil)
        #expect(Password.problem("correct horse battery") == nil)
        let generated = Password.generate()
        #expect(Password.problem(generated) == nil && generated.count == 20)
    }
}
