#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed number of trivial elements in raw memory: the one owner of raw
/// memory in the package (batch screening's tables, offer sets, scratch
/// memory and read buffer). The hot loops read it through `base`, without
/// bounds checks or reference counting per element.
///
/// The invariant, which every use relies on:
/// - **Allocated once**, in `init`, with room for at least one element, so
///   `base` is never nil (even when `count` is 0); `base` and `count` never
///   change. There is no resizing: `grown(to:filling:)` makes a new, larger
///   array, which the owner puts in the old one's place.
/// - **Fully initialized**: every element of `0 ..< count` is, from `init`
///   on, the value, the copied element or the computed element that `init`
///   was given. (Zeros come from `calloc`, so a large zero-filled read
///   buffer costs nothing until it is used: the kernel hands out zero pages
///   as they are touched.)
/// - **Freed exactly once**, in `deinit`: the array cannot be copied
///   (`~Copyable`), so exactly one value owns the memory, and nobody else
///   frees it.
/// - **Trivial elements** (`BitwiseCopyable`): nothing to deinitialize, and
///   copying bytes copies values.
/// - **Who may write**: the object that holds the array, and only either
///   while building it, before it is shared (tables and plans, which are
///   then only read, by any thread), or as the one thread that uses it
///   (a reader's learned state and scratch memory, a worker's offer sets,
///   the byte source's read buffer). `base` is valid only while the array
///   is alive, so pointers taken from it must not outlive its holder.
///
/// (A mapped input file is I/O, not heap memory: `ByteSource` maps it
/// read-only and unmaps it.)
struct RawArray<Element: BitwiseCopyable>: ~Copyable {
    /// The first element.
    let base: UnsafeMutablePointer<Element>
    /// The number of elements.
    let count: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.count = count
        if RawArray.isZero(value) {
            base = RawArray.allocate(count, zeroed: true)
        } else {
            base = RawArray.allocate(count, zeroed: count == 0)
            base.initialize(repeating: value, count: count)
        }
    }

    /// A copy of `elements`.
    init(_ elements: [Element]) {
        count = elements.count
        base = RawArray.allocate(count, zeroed: count == 0)
        if count > 0 { elements.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress!, count: count) } }
    }

    /// A table of `rows` × `columns` elements, row by row: element
    /// `row * columns + column` is `element(row, column)`.
    init(rows: Int, columns: Int, _ element: (_ row: Int, _ column: Int) -> Element) {
        count = rows * columns
        base = RawArray.allocate(count, zeroed: count == 0)
        for r in 0 ..< rows {
            for c in 0 ..< columns { (base + (r * columns + c)).initialize(to: element(r, c)) }
        }
    }

    /// A new array of `count` elements (at least `self.count`): this one's
    /// elements, then `value`.
    func grown(to count: Int, filling value: Element) -> RawArray {
        precondition(count >= self.count)
        let bigger = RawArray(repeating: value, count: count)
        bigger.base.update(from: base, count: self.count)
        return bigger
    }

    deinit { free(base) }

    /// Element `i`, unchecked: `i` must be in `0 ..< count`. (Writes go
    /// through `base`, by the holder only.)
    @inline(__always) subscript(i: Int) -> Element { base[i] }

    /// Memory for `count` elements (for at least one), zero-filled (then
    /// initialized) or to be initialized by the caller (then `count` > 0).
    private static func allocate(_ count: Int, zeroed: Bool) -> UnsafeMutablePointer<Element> {
        // malloc and calloc align for any standard type (16 bytes); none here needs more.
        precondition(count >= 0 && MemoryLayout<Element>.alignment <= 16 && (zeroed || count > 0))
        let memory = zeroed ? calloc(max(1, count), MemoryLayout<Element>.stride) : malloc(count * MemoryLayout<Element>.stride)
        guard let memory else { fatalError("out of memory") }
        return memory.bindMemory(to: Element.self, capacity: max(1, count))
    }

    private static func isZero(_ value: Element) -> Bool {
        withUnsafeBytes(of: value) { $0.allSatisfy { $0 == 0 } }
    }
}
