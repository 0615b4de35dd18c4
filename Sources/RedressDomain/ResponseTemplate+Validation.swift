extension ResponseTemplate {
    /// Length of a key, in characters.
    public static let keyLength = 1...100
    /// Length of a body, in characters.
    public static let bodyLength = 1...5000

    /// Whether `key` can name a template: ASCII letters, digits, `-`, `_` and `.`, starting with a
    /// letter or digit, so that it sits in a URL path unescaped.
    public static func isKey(_ key: String) -> Bool {
        let scalars = key.unicodeScalars
        guard keyLength.contains(scalars.count), let first = scalars.first, isAlphanumeric(first) else { return false }
        return scalars.allSatisfy { isAlphanumeric($0) || "-_.".unicodeScalars.contains($0) }
    }

    /// Whether `locale` is written like a BCP 47 tag (RFC 5646 §2.1, without its rarer forms): a
    /// language of two or three letters, then subtags of one to eight letters or digits, such as
    /// `zh-CN`, `zh-Hans-CN` or `en`.
    public static func isLocale(_ locale: String) -> Bool {
        let subtags = locale.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = subtags.first, (2...3).contains(language.unicodeScalars.count),
            language.unicodeScalars.allSatisfy(isLetter), subtags.count <= 8
        else { return false }
        return subtags.dropFirst().allSatisfy {
            (1...8).contains($0.unicodeScalars.count) && $0.unicodeScalars.allSatisfy(isAlphanumeric)
        }
    }

    /// Every way a template's locale and body break the rules, the body's placeholders included;
    /// empty when it can be saved.
    public static func validate(locale: String, body: String) -> [FieldError] {
        var errors: [FieldError] = []
        if !isLocale(locale) {
            errors.append(FieldError("locale", "must be a language tag such as zh-CN or en"))
        }
        ComplaintRules.check(body, "body", bodyLength, into: &errors)
        do {
            _ = try TemplateText(parsing: body)
        } catch {
            errors.append(FieldError("body", error.message))
        }
        return errors
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isLetter(scalar) || ("0"..."9").contains(scalar)
    }
}
