/// One rule file: its path as the user named it and its bytes.
///
/// Positions everywhere are byte offsets into `bytes`; line and column are
/// computed only when a diagnostic is rendered, through a line table.
public struct SourceFile: Sendable {
    /// The path as given when the file was read (shown in diagnostics).
    public let path: String
    /// The file's content, as read (UTF-8 expected).
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line. A line ends at LF, CR or
    /// CRLF (one line end), as the lexer ends comments and strings.
    let lineStarts: [Int]
    /// `continuations[k]`: the number of UTF-8 continuation bytes before byte
    /// `k * checkpointStride`. With it a column is counted from the nearest
    /// checkpoint instead of from the start of its line, so locating many
    /// diagnostics on one very long line is not quadratic.
    let continuations: [Int]
    static let checkpointStride = 256

    /// A rule file with the given path and content.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / SourceFile.checkpointStride + 1)
        var continuationCount = 0
        for (i, b) in bytes.enumerated() {
            if i % SourceFile.checkpointStride == 0 { checkpoints.append(continuationCount) }
            if b & 0xC0 == 0x80 { continuationCount += 1 }
            // CR ends a line unless an LF follows, which then ends it.
            if b == UInt8(ascii: "\n") || (b == UInt8(ascii: "\r") && (i + 1 == bytes.count || bytes[i + 1] != UInt8(ascii: "\n"))) {
                starts.append(i + 1)
            }
        }
        if bytes.count % SourceFile.checkpointStride == 0 { checkpoints.append(continuationCount) }
        self.lineStarts = starts
        self.continuations = checkpoints
    }

    /// The number of scalars that start before byte `offset` (0 ... bytes.count):
    /// bytes that are not UTF-8 continuation bytes.
    func scalarsBefore(_ offset: Int) -> Int {
        let k = offset / SourceFile.checkpointStride
        var continuationCount = continuations[k]
        var i = k * SourceFile.checkpointStride
        while i < offset {
            if bytes[i] & 0xC0 == 0x80 { continuationCount += 1 }
            i += 1
        }
        return offset - continuationCount
    }

    /// The byte offset where scalar `n` (0-based) after byte `from` starts,
    /// or `limit` if fewer scalars start before `limit`.
    func offset(ofScalar n: Int, after from: Int, limit: Int) -> Int {
        let target = scalarsBefore(from) + n
        // The last checkpoint at or after `from` with at most `target` scalars before it.
        var lo = from / SourceFile.checkpointStride, hi = min(continuations.count - 1, limit / SourceFile.checkpointStride)
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if mid * SourceFile.checkpointStride - continuations[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        var i = max(from, lo * SourceFile.checkpointStride)
        var count = scalarsBefore(i)
        while i < limit {
            if bytes[i] & 0xC0 != 0x80 {
                if count == target { return i }
                count += 1
            }
            i += 1
        }
        return limit
    }

    /// The byte range of a 1-based line's text, without its line break.
    func lineBytes(_ line: Int) -> Range<Int> {
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// Scalars `window` (0-based) of a 1-based line, for showing part of a
    /// very long line without decoding all of it. (Scalars are counted as
    /// `location(of:)` counts columns: by UTF-8 lead bytes.)
    func lineWindow(_ line: Int, scalars window: Range<Int>) -> String {
        let r = lineBytes(line)
        let lo = offset(ofScalar: window.lowerBound, after: r.lowerBound, limit: r.upperBound)
        let hi = offset(ofScalar: window.count, after: lo, limit: r.upperBound)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }

    /// The number of scalars in a 1-based line (without its line break).
    func lineScalarCount(_ line: Int) -> Int {
        let r = lineBytes(line)
        return scalarsBefore(r.upperBound) - scalarsBefore(r.lowerBound)
    }

    /// A rule file whose content is `text`, encoded as UTF-8.
    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// 1-based line and column (column in Unicode scalars) of a byte offset.
    public func location(of offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        // Count scalars: bytes that are not UTF-8 continuation bytes.
        var column = 1 + scalarsBefore(offset) - scalarsBefore(lineStarts[lo])
        if offset > lineStarts[lo], offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { column -= 1 }
        return SourceLocation(line: lo + 1, column: column, offset: offset)
    }

    /// The text of a 1-based line, without its line break; invalid UTF-8 is
    /// repaired so that it can be shown.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        // Without the line end: LF, CR or CRLF.
        return String(decoding: bytes[lineBytes(line)], as: UTF8.self)
    }

    /// The source text a range of this file covers (clamped to the file).
    public func text(_ range: SourceRange) -> String {
        let lo = max(0, min(range.start, bytes.count)), hi = max(lo, min(range.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A position in a source file, as people count it.
public struct SourceLocation: Sendable, Equatable {
    /// The line, from 1.
    public package(set) var line: Int
    /// The column, from 1, in Unicode scalars.
    public package(set) var column: Int
    /// The byte offset in the file, from 0.
    public package(set) var offset: Int
}

/// A half-open byte range in one file.
public struct SourceRange: Sendable, Hashable {
    /// The file, as an id for `SourceManager.file(_:)`; -1 when in no file.
    public package(set) var file: Int32
    /// The byte offset of the first byte in the range.
    public package(set) var start: Int
    /// The byte offset just past the range (never before `start`).
    public package(set) var end: Int

    package init(file: Int32, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    package static let none = SourceRange(file: -1, start: 0, end: 0)

    package func to(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}

/// All files of one rule set, addressed by `SourceRange.file`.
public struct SourceManager: Sendable {
    /// The files, in the order they were added; a file's index is its id.
    public private(set) var files: [SourceFile] = []

    package init() {}

    package mutating func add(_ file: SourceFile) -> Int32 {
        files.append(file)
        return Int32(files.count - 1)
    }

    /// The file with id `id`, or nil when the id names no file (such as `-1`).
    public func file(_ id: Int32) -> SourceFile? {
        id >= 0 && Int(id) < files.count ? files[Int(id)] : nil
    }
}
