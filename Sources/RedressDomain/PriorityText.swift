/// Text as the priority rules read it: UTF-8 bytes with ASCII letters lower-cased, every Latin word
/// (a run of ASCII letters and digits) between single spaces, other scripts kept as written, and
/// each punctuation mark that ends a clause turned into one `clauseBreak` token between spaces.
///
/// "Electric  shock!" folds to ` electric shock \0 `, "厨房里Fire了" to ` 厨房里 fire 了 `, so
/// that a whole-word search is a search for the word between spaces, and a negation never
/// reaches across a clause. Words and negations fold the same way before they are searched for.
enum PriorityText {
    /// The byte a clause break folds to; text never carries it, since control characters are refused.
    static let clauseBreak: UInt8 = 0x00
    static let space: UInt8 = 0x20

    /// `text` folded.
    static func fold(_ text: String) -> [UInt8] {
        var folded: [UInt8] = [space]
        folded.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
                if let last = folded.last, last >= 0x80 { folded.append(space) }
                folded.append(value <= 0x5A && value >= 0x41 ? UInt8(value) + 0x20 : UInt8(value))
            case 0x0A, 0x0D, 0x21, 0x2C, 0x2E, 0x3A, 0x3B, 0x3F,  // line breaks ! , . : ; ?
                0x3001, 0x3002, 0xFF01, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0x2026:  // 、。！，．：；？…
                if folded.last != space { folded.append(space) }
                if folded.count < 2 || folded[folded.count - 2] != clauseBreak { folded += [clauseBreak, space] }
            case 0x00...0x7F:
                if folded.last != space { folded.append(space) }
            default:
                if scalar.properties.isWhitespace || isPunctuation(value) {
                    if folded.last != space { folded.append(space) }
                    continue
                }
                if let last = folded.last, last < 0x80, last != space { folded.append(space) }
                folded.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        if folded.last != space { folded.append(space) }
        return folded
    }

    /// A folded word without the spaces around it.
    static func trimmed(_ folded: [UInt8]) -> [UInt8] {
        var slice = folded[...]
        while slice.first == space { slice = slice.dropFirst() }
        while slice.last == space { slice = slice.dropLast() }
        return Array(slice)
    }

    // Punctuation that separates words without ending a clause: quotation marks, brackets,
    // dashes and the like, in the general and CJK punctuation blocks and their full-width forms.
    private static func isPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0x2010...0x205E, 0x3003...0x303F, 0xFF02...0xFF0F, 0xFF1C...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65,
            0x00A1...0x00BF:
            true
        default:
            false
        }
    }
}
