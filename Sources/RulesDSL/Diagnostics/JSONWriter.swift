/// A tiny streaming JSON writer with stable key order (the order of calls).
/// Used for every JSON the tool prints, so escaping lives in one place.
package final class JSONWriter {
    package private(set) var output = ""
    private var needsComma: [Bool] = [false]

    package init() {}

    private func separator() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
    }

    private func key(_ k: String) {
        separator()
        output += JSONWriter.quote(k) + ":"
        needsComma.append(false)  // the value that follows must not add a comma
    }

    private func endValue() { needsComma.removeLast() }

    package func object(_ body: () -> Void) {
        output += "{"
        needsComma.append(false)
        body()
        needsComma.removeLast()
        output += "}"
    }

    package func array(_ body: () -> Void) {
        output += "["
        needsComma.append(false)
        body()
        needsComma.removeLast()
        output += "]"
    }

    /// An array element that is itself built by `body`.
    package func element(_ body: () -> Void) {
        separator()
        needsComma.append(false)
        body()
        needsComma.removeLast()
    }

    package func element(_ s: String) { separator(); output += JSONWriter.quote(s) }
    package func element(_ n: Int) { separator(); output += String(n) }

    package func field(_ k: String, _ s: String) { key(k); output += JSONWriter.quote(s); endValue() }
    package func field(_ k: String, _ n: Int) { key(k); output += String(n); endValue() }
    package func field(_ k: String, _ b: Bool) { key(k); output += b ? "true" : "false"; endValue() }
    package func fieldNull(_ k: String) { key(k); output += "null"; endValue() }
    /// A value already rendered as JSON.
    package func fieldRaw(_ k: String, _ json: String) { key(k); output += json; endValue() }
    package func fieldObject(_ k: String, _ body: () -> Void) { key(k); object(body); endValue() }
    package func fieldArray(_ k: String, _ body: () -> Void) { key(k); array(body); endValue() }
    package func field(_ k: String, _ s: String?) {
        if let s { field(k, s) } else { fieldNull(k) }
    }

    /// `s` as a JSON string: quotes and backslashes escaped, and every
    /// control character (`ControlCharacters`: C0, DEL, C1, U+2028, U+2029)
    /// as `\n`, `\r`, `\t` or `\u00XX`, `\u2028`, so that no output carries
    /// one raw (U+2028 ends a line for a JavaScript reader).
    package static func quote(_ s: String) -> String {
        // Most texts need no escape: then they are copied whole (appending
        // scalar by scalar made a summary of 10,000 offers take 60 ms).
        if !ControlCharacters.occur(in: s, orAnyByte: { $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where ControlCharacters.contains(u):
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
