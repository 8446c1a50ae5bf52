#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Matcher

/// Standard output (or any file descriptor), written in large blocks: the
/// screener's output, and every other command's, goes here, and `finish`
/// says whether all of it was written.
///
/// A write that fails (a full disk, `EFBIG` past a file size limit, a closed
/// descriptor, `EPIPE` once the reader of a pipe has gone) is never retried
/// or ignored: the sink keeps the first `Failure`, writes nothing more, and
/// `finish` throws it, so that the command can fail with a message instead
/// of exiting 0 with part of its output. `EINTR` is retried; `EAGAIN` (a
/// non-blocking descriptor) waits until the descriptor can take more.
public final class OutputSink {
    /// Why a write failed: the `errno` of the call that failed.
    public struct Failure: Error, Sendable, Equatable {
        /// The `errno` value (`ENOSPC`, `EPIPE`, `EBADF`, …).
        public let code: Int32
        /// The system's wording of `code` ("No space left on device").
        public var reason: String { String(cString: strerror(code)) }

        package init(code: Int32) { self.code = code }
    }

    /// One call of write(2): writes a prefix of the bytes and gives the
    /// number written, or `-errno`. Injected by tests to fail on purpose.
    package typealias WriteCall = (UnsafeRawBufferPointer) -> Int

    let fd: Int32
    let capacity: Int
    let writeCall: WriteCall
    var buffer: [UInt8] = []
    /// The first write that failed; after it nothing more is written.
    public private(set) var failure: Failure?
    /// Bytes handed to the descriptor so far.
    public private(set) var bytesWritten = 0

    /// A sink writing to file descriptor `fd` (1: standard output), in
    /// blocks of `capacity` bytes (0: every `write` goes out at once).
    public convenience init(fd: Int32 = 1, capacity: Int = 1 << 20) {
        self.init(fd: fd, capacity: capacity) { b in
            #if canImport(Glibc)
            let n = Glibc.write(fd, b.baseAddress, b.count)
            #else
            let n = Darwin.write(fd, b.baseAddress, b.count)
            #endif
            return n < 0 ? -Int(errno) : n
        }
    }

    /// A sink whose writes go through `write` (tests inject failures here).
    package init(fd: Int32, capacity: Int, write: @escaping WriteCall) {
        self.fd = fd
        self.capacity = capacity
        self.writeCall = write
        buffer.reserveCapacity(min(capacity, 1 << 20))
    }

    /// Appends `bytes`, writing out when a block is full.
    public func write(_ bytes: [UInt8]) {
        guard failure == nil else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out what is buffered; a failure is kept in `failure` (and the
    /// rest dropped), for `finish` to throw.
    public func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failure == nil else { return }
        var offset = 0
        buffer.withUnsafeBytes { b in
            while offset < b.count {
                let n = writeCall(UnsafeRawBufferPointer(rebasing: b[offset...]))
                if n > 0 {
                    offset += n
                    bytesWritten += n
                    continue
                }
                let code = n == 0 ? EIO : Int32(-n)  // write(2) taking nothing of a non-empty buffer
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK {
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, -1)
                    continue
                }
                failure = Failure(code: code)
                return
            }
        }
    }

    /// Writes out what is buffered and throws the first write that failed,
    /// if any did: the output is then incomplete.
    public func finish() throws(Failure) {
        flush()
        if let failure { throw failure }
    }
}

extension Screener {
    /// Screens all of `source` into `sink`, in input order; `error` gets each
    /// bad line, `progress` the bytes read and profiles screened so far.
    /// After a write fails the screen goes on (its counts and errors are
    /// still wanted) but writes nothing more; `sink.finish()` throws it.
    package func run(source: ByteSource, into sink: OutputSink, error: (LineError) -> Void,
                    progress: ((Int, Int) -> Void)? = nil) -> ScreenSummary {
        run(source: source, write: { sink.write($0) }, error: { e in
            sink.flush()
            error(e)
        }, progress: progress)
    }
}
