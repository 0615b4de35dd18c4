/// A subcommand and its `--name value` options.
struct Arguments {
    /// A missing or malformed option.
    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// The first argument.
    let command: String?
    private var options: [String: String] = [:]

    /// Splits the command line after the executable's name.
    init(_ arguments: [String]) {
        command = arguments.first
        var rest = arguments.dropFirst()
        while let name = rest.popFirst() {
            options[name] = rest.popFirst() ?? ""
        }
    }

    /// The value of `--name`, or `fallback` when absent.
    func string(_ name: String, default fallback: String? = nil) throws -> String {
        guard let value = options["--\(name)"] ?? fallback else { throw Invalid(description: "--\(name) is required") }
        return value
    }

    /// The integer value of `--name`, or `fallback` when absent.
    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = options["--\(name)"] else { return fallback }
        guard let value = Int(text), value >= 0 else {
            throw Invalid(description: "--\(name) takes a non-negative integer")
        }
        return value
    }
}
