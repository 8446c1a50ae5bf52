#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Matcher

/// Standard output (or any file descriptor), written in large blocks: the
/// screener's output goes here in input order, and `flush` writes it out.
public final class OutputSink {
    let fd: Int32
    var buffer: [UInt8] = []

    /// A sink writing to file descriptor `fd` (1: standard output).
    public init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Appends `bytes`, writing out when a block is full.
    public func write(_ bytes: [UInt8]) { bytes.withUnsafeBytes { write($0) } }

    /// Writes out what is buffered.
    public func flush() {
        var offset = 0
        buffer.withUnsafeBytes { b in
            while offset < b.count {
                #if canImport(Glibc)
                let n = Glibc.write(fd, b.baseAddress! + offset, b.count - offset)
                #else
                let n = Darwin.write(fd, b.baseAddress! + offset, b.count - offset)
                #endif
                if n <= 0 { if errno == EINTR { continue }; break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

extension Screener {
    /// Screens all of `source` into `sink`, in input order; `error` gets each
    /// bad line, `progress` the bytes read and profiles screened so far.
    package func run(source: ByteSource, into sink: OutputSink, error: (LineError) -> Void,
                    progress: ((Int, Int) -> Void)? = nil) -> ScreenSummary {
        run(source: source, write: { sink.write($0) }, error: { e in
            sink.flush()
            error(e)
        }, progress: progress)
    }
}
