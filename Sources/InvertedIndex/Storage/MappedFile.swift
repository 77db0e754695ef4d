#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file, unmapped when the last reference goes away.
///
/// Raw pointers into the mapping are valid only while the `MappedFile` is alive; readers keep
/// it in a stored property. The mapping is immutable, hence `@unchecked Sendable`.
public final class MappedFile: @unchecked Sendable {
    /// The mapped bytes (empty for an empty file).
    public let bytes: UnsafeRawBufferPointer
    /// The file's path, for error messages.
    public let path: String

    /// Maps the file at `path` (wraps `open(2)`, `fstat(2)`, `mmap(2)`).
    /// - Throws: ``IndexError`` `.io` when the file cannot be opened or mapped.
    public init(path: String) throws(IndexError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexError(.io, "cannot open: \(errnoDescription())", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw IndexError(.io, "cannot stat: \(errnoDescription())", path: path)
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
            throw IndexError(.io, "cannot mmap: \(errnoDescription())", path: path)
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}

/// The text of the current `errno`.
func errnoDescription() -> String {
    String(cString: strerror(errno))
}
