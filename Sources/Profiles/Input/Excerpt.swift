/// How much of a value or a name from the input a message may show: at most
/// `limit` characters, then `…`. Every message of the profile readers that
/// quotes the input goes through here, so a 10 MB value gives a short
/// message, and a whole CPR number typed into a text field is not repeated
/// in full. (Values of facts the schema marks `personal` are not shown at
/// all in `screen`: `ProfileDecoder.echoPersonal`.)
package enum Excerpt {
    /// The most characters of the input a message shows.
    package static let limit = 40

    /// `text`, cut after `limit` characters with `…` when it is longer.
    /// Reads at most `limit + 1` characters of `text`.
    package static func of(_ text: some StringProtocol) -> String {
        var end = text.startIndex
        var count = 0
        while end < text.endIndex, count < limit {
            text.formIndex(after: &end)
            count += 1
        }
        return end == text.endIndex ? String(text) : String(text[..<end]) + "…"
    }
}
