/// The characters no output may carry raw, whatever a rule file, a profile
/// or an argument holds: the C0 controls (tab and line feed included),
/// DEL, the C1 controls and the line and paragraph separators U+2028 and
/// U+2029. Raw, they forge lines in a report or a log, move the cursor,
/// recolour or retitle a terminal, or end a line in a JavaScript reader of
/// the JSON. Text output writes them as `\n`, `\t`, `\r` or `\u{1B}`
/// (`String.escapingControls`); JSON as `\n`, `\u001b`, `\u2028`
/// (`JSONWriter.quote`). Both decide what to escape here.
package enum ControlCharacters {
    /// Whether `u` is one of the characters above.
    package static func contains(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
    }

    /// Whether the UTF-8 of `s` holds one of the characters above, or a
    /// byte `also` asks for, without decoding it (the common case is no).
    package static func occur(in s: String, orAnyByte also: (UInt8) -> Bool = { _ in false }) -> Bool {
        var p1: UInt8 = 0, p2: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F || also(b) { return true }
            if p1 == 0xC2, (0x80...0x9F).contains(b) { return true }              // C1: C2 80 … C2 9F
            if p2 == 0xE2, p1 == 0x80, b == 0xA8 || b == 0xA9 { return true }     // E2 80 A8, E2 80 A9
            p2 = p1
            p1 = b
        }
        return false
    }

    /// `u` as text shows it: `\n`, `\t`, `\r`, else `\u{HEX}` (`\u{1B}`).
    package static func escape(_ u: Unicode.Scalar) -> String {
        switch u {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default: return "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
        }
    }
}

extension String {
    /// This text as a terminal or a log may show it: every control
    /// character (`ControlCharacters`) written as an escape, `\n`, `\t`,
    /// `\r` or `\u{1B}`, so that a value never starts a line or sends the
    /// terminal a command. Text without one comes back as it is; escaping
    /// twice changes nothing more.
    package var escapingControls: String {
        guard ControlCharacters.occur(in: self) else { return self }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for u in unicodeScalars {
            if ControlCharacters.contains(u) { out += ControlCharacters.escape(u) } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
