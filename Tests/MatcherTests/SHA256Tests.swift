import Testing
@testable import MatchService

/// The rule set's content hash is SHA-256: the FIPS 180-4 test vectors, and
/// input split across updates (at block boundaries and inside them).
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ])
    func standardVectors(input: String, digest: String) {
        var h = SHA256()
        h.update(Array(input.utf8))
        #expect(h.finalize() == digest)
    }

    @Test func aMillionAs() {
        var h = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(chunk) }
        #expect(h.finalize() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [1, 55, 56, 63, 64, 65, 100])
    func splitAnywhereGivesTheSameDigest(at split: Int) {
        let bytes = Array((0..<200).map { UInt8($0 % 251) })
        var whole = SHA256()
        whole.update(bytes)
        var parts = SHA256()
        parts.update(bytes[..<split])
        parts.update(bytes[split...])
        #expect(parts.finalize() == whole.finalize())
    }
}
