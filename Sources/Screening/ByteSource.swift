#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out a file or pipe in large chunks that end at a line break (or the
/// end of the input). A regular file is mapped into memory and its pages are
/// released once passed, with no copy; a pipe is read into one reused
/// buffer and a partial last line is carried over. Either way memory stays
/// flat however long the input is, and however long a line is: of a line
/// longer than `maxLineBytes` (a file without line breaks, `/dev/zero`),
/// only its first `maxLineBytes + 1` bytes are kept and handed out, as a
/// line of their own, and the rest is passed over to the next line break
/// without being kept; the screener reports that line as too long.
package final class ByteSource {
    // Mapped mode (regular files).
    var mapped: UnsafeRawPointer?
    var mapSize = 0
    var position = 0
    var chunkStart = 0
    var chunkSize: Int
    var released = 0
    let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    let fd: Int32
    let ownsFD: Bool
    /// The longest line screened; a longer one is handed out cut to one byte more.
    let maxLineBytes: Int
    /// The read buffer (pipes and other files that are not mapped).
    var buffer: RawArray<UInt8>
    /// Bytes in the buffer: [0, filled); the chunk handed out is [0, cut).
    var filled = 0
    var cut = 0
    var eof = false
    package private(set) var bytesRead: Int = 0
    /// The total size when known (a regular file), for progress.
    package let totalSize: Int?
    /// Skip a UTF-8 byte order mark at the very start.
    var atStart = true

    package struct OpenError: Error, Sendable { package var message: String }

    package init(path: String, chunkSize: Int, maxLineBytes: Int = 1 << 20) throws(OpenError) {
        self.maxLineBytes = max(1, maxLineBytes)
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
        self.chunkSize = max(chunkSize, 1 << 12)
        if let size = totalSize, size > 0,
           let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
            mapped = UnsafeRawPointer(p)
            mapSize = size
            let b = mapped!.assumingMemoryBound(to: UInt8.self)
            if size >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { position = 3 }
            buffer = RawArray(repeating: 0, count: 1)
        } else {
            buffer = RawArray(repeating: 0, count: self.chunkSize)
        }
    }

    deinit {
        if let mapped { munmap(UnsafeMutableRawPointer(mutating: mapped), mapSize) }
        if ownsFD { close(fd) }
    }

    /// The next chunk of a mapped file; the pages of the previous one are
    /// handed back to the kernel so they do not count as our memory.
    func nextMapped(_ base: UnsafeRawPointer) -> UnsafeBufferPointer<UInt8>? {
        let b = base.assumingMemoryBound(to: UInt8.self)
        let done = position / pageSize * pageSize
        if done > released {
            madvise(UnsafeMutableRawPointer(mutating: base + released), done - released, MADV_DONTNEED)
            released = done
        }
        guard position < mapSize else { return nil }
        var end = min(mapSize, position + chunkSize)
        if end < mapSize {
            var i = end - 1
            while i >= position, b[i] != 10 { i -= 1 }
            if i >= position {
                end = i + 1
            } else {
                // One line longer than a chunk: it ends within the limit, or it is too long.
                let limit = min(mapSize, position + maxLineBytes + 1)
                if end < limit, let p = memchr(b + end, 10, limit - end) {
                    end = b.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
                } else if limit == mapSize {
                    end = mapSize
                } else {
                    return passLongMappedLine(base)
                }
            }
        }
        chunkStart = position
        position = end
        bytesRead = end
        return UnsafeBufferPointer(start: b + chunkStart, count: end - chunkStart)
    }

    /// The line at `position` of a mapped file is longer than `maxLineBytes`:
    /// its first `maxLineBytes + 1` bytes, copied, and a line break, as a
    /// chunk; the rest of it is passed over, and its pages handed back as the
    /// search for its end passes them.
    func passLongMappedLine(_ base: UnsafeRawPointer) -> UnsafeBufferPointer<UInt8> {
        let b = base.assumingMemoryBound(to: UInt8.self)
        let keep = maxLineBytes + 1
        if buffer.count < keep + 1 { buffer = RawArray(repeating: 0, count: keep + 1) }
        buffer.base.update(from: b + position, count: keep)
        endCutLine(keep)
        var scan = position + keep
        var end = mapSize
        while scan < mapSize {
            let n = min(1 << 24, mapSize - scan)
            if let p = memchr(b + scan, 10, n) {
                end = b.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
                break
            }
            scan += n
            let done = scan / pageSize * pageSize
            if done > released {
                madvise(UnsafeMutableRawPointer(mutating: base + released), done - released, MADV_DONTNEED)
                released = done
            }
        }
        position = end
        chunkStart = end  // (nothing of it can be given back)
        bytesRead = end
        return UnsafeBufferPointer(start: buffer.base, count: keep + 1)
    }

    /// Ends the `keep` bytes at the start of the buffer, a line cut short,
    /// with a line break (and not with a CR, which would make it a byte shorter).
    func endCutLine(_ keep: Int) {
        if buffer.base[keep - 1] == 13 { buffer.base[keep - 1] = 32 }
        buffer.base[keep] = 10
    }

    /// The buffer holds one partial line longer than `maxLineBytes`, and no
    /// line break: keeps its first `maxLineBytes + 1` bytes and a line break,
    /// reads on (into the rest of the buffer, over and over) to the end of
    /// the line, and keeps what follows it.
    func passLongLine() {
        let keep = maxLineBytes + 1
        endCutLine(keep)
        filled = keep + 1
        let room = buffer.base + filled
        while !eof {
            let n = read(fd, room, buffer.count - filled)
            if n < 0 {
                if errno == EINTR { continue }
                eof = true
                break
            }
            if n == 0 { eof = true; break }
            bytesRead += n
            if let p = memchr(room, 10, n) {
                let after = UnsafeMutableRawPointer(room).distance(to: p) + 1
                memmove(room, room + after, n - after)
                filled += n - after
                return
            }
        }
    }

    /// Gives back the last `count` bytes of the chunk just handed out; they
    /// come again at the start of the next chunk (a CSV record cut in two).
    func unread(_ count: Int) {
        if mapped != nil {
            let give = min(count, position - chunkStart)
            if give > 0, give == position - chunkStart { chunkSize *= 2 }  // one record longer than a chunk
            position -= give
            bytesRead = position
            return
        }
        cut -= min(count, cut)
        if cut == 0 { mustGrow = true }
    }

    /// The input has been read to its end (the last chunk is final).
    var atEnd: Bool { mapped != nil ? position >= mapSize : (eof && cut == filled) }
    var mustGrow = false

    /// Doubles the buffer, keeping its bytes.
    func grow() {
        buffer = buffer.grown(to: buffer.count * 2, filling: 0)
    }

    /// The next chunk of whole lines, or nil at the end of the input. The
    /// chunk is valid until the next call (so this is for the screener only).
    func next() -> UnsafeBufferPointer<UInt8>? {
        if let mapped { return nextMapped(mapped) }
        // Move the carried-over partial line to the front.
        if cut > 0 {
            let rest = filled - cut
            if rest > 0 { memmove(buffer.base, buffer.base + cut, rest) }
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
                let n = read(fd, buffer.base + filled, buffer.count - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    eof = true
                    break
                }
                if n == 0 { eof = true; break }
                filled += n
                bytesRead += n
                // Hand out what we have once there is a full line, to stream.
                if fd == 0, filled > 0, memchr(buffer.base + filled - n, 10, n) != nil { break }
            }
            if atStart, filled >= 3 {
                let b = buffer.base
                if b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
                    memmove(buffer.base, buffer.base + 3, filled - 3)
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
                let b = buffer.base
                while i >= 0, b[i] != 10 { i -= 1 }
                if i < 0 {
                    // One line longer than the buffer: grow it, up to the longest line.
                    if buffer.count > maxLineBytes + 2 { passLongLine() } else { grow() }
                    continue
                }
                cut = i + 1
            }
            return UnsafeBufferPointer(start: buffer.base, count: cut)
        }
    }
}
