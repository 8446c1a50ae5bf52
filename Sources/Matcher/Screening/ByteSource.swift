#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or pipe in large chunks into one reused buffer, so memory
/// stays flat however long the input is. Each chunk handed out ends at a
/// line break (or the end of the input); a partial last line is carried over.
public final class ByteSource {
    let fd: Int32
    let ownsFD: Bool
    var buffer: UnsafeMutableRawBufferPointer
    /// Bytes in the buffer: [0, filled); the chunk handed out is [0, cut).
    var filled = 0
    var cut = 0
    var eof = false
    public private(set) var bytesRead: Int = 0
    /// The total size when known (a regular file), for progress.
    public let totalSize: Int?
    /// Skip a UTF-8 byte order mark at the very start.
    var atStart = true

    public struct OpenError: Error, Sendable { public var message: String }

    public init(path: String, chunkSize: Int) throws(OpenError) {
        if path == "-" {
            fd = 0
            ownsFD = false
            totalSize = nil
        } else {
            let f = open(path, O_RDONLY)
            guard f >= 0 else { throw OpenError(message: "cannot open '\(path)': \(String(cString: strerror(errno)))") }
            var st = stat()
            if fstat(f, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(f)
                throw OpenError(message: "'\(path)' is a folder, not a file")
            }
            fd = f
            ownsFD = true
            totalSize = (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
        }
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 1 << 16), alignment: 64)
    }

    deinit {
        buffer.deallocate()
        if ownsFD { close(fd) }
    }

    /// Gives back the last `count` bytes of the chunk just handed out; they
    /// come again at the start of the next chunk (a CSV record cut in two).
    public func unread(_ count: Int) {
        cut -= min(count, cut)
        if cut == 0 { mustGrow = true }
    }

    /// The input has been read to its end (the last chunk is final).
    public var atEnd: Bool { eof && cut == filled }
    var mustGrow = false

    func grow() {
        let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 64)
        bigger.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
        buffer.deallocate()
        buffer = bigger
    }

    /// The next chunk of whole lines, or nil at the end of the input. The
    /// chunk is valid until the next call.
    public func next() -> UnsafeBufferPointer<UInt8>? {
        // Move the carried-over partial line to the front.
        if cut > 0 {
            let rest = filled - cut
            if rest > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + cut, rest) }
            filled = rest
            cut = 0
        }
        if mustGrow {
            // The whole buffer held one unfinished record.
            mustGrow = false
            if filled == buffer.count { grow() }
        }
        while true {
            while !eof && filled < buffer.count {
                let n = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    eof = true
                    break
                }
                if n == 0 { eof = true; break }
                filled += n
                bytesRead += n
                // Hand out what we have once there is a full line, to stream.
                if fd == 0, filled > 0, memchr(buffer.baseAddress! + filled - n, 10, n) != nil { break }
            }
            if atStart, filled >= 3 {
                let b = buffer.bindMemory(to: UInt8.self)
                if b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
                    memmove(buffer.baseAddress!, buffer.baseAddress! + 3, filled - 3)
                    filled -= 3
                }
                atStart = false
            }
            if filled == 0 { return nil }
            if eof {
                cut = filled
            } else {
                // Cut after the last line break.
                var i = filled - 1
                let b = buffer.bindMemory(to: UInt8.self)
                while i >= 0, b[i] != 10 { i -= 1 }
                if i < 0 {
                    // One line longer than the buffer: grow it.
                    grow()
                    continue
                }
                cut = i + 1
            }
            return UnsafeBufferPointer(start: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: cut)
        }
    }
}
