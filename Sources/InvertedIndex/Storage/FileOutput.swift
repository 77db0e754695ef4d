#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes an index file through a 1 MiB buffer, keeping the running CRC-32C and, for a paged
/// kind (read from the header), the page checksums, so that a file larger than memory (a
/// merged segment's stored fields) is never held whole nor read back.
final class FileOutput {
    let path: String
    private let fd: Int32
    /// The buffered tail; write into it, then call ``drain()``.
    var buffer = ByteWriter(capacity: 1 << 20)
    private var written = 0
    private var crc: UInt32 = 0
    private var pages = PageChecksums()
    /// The first bytes written and the kind their header names.
    private var header: [UInt8] = []
    private var kind: IndexFile.Kind?

    init(path: String) throws(IndexError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexError(.io, "cannot create: \(errnoDescription())", path: path) }
    }

    deinit { close(fd) }

    /// Writes all of `chunk` (no checksums), retrying short writes.
    private func writeFully(_ chunk: UnsafeRawBufferPointer) -> Bool {
        FileOutput.writeFully(fd, chunk)
    }

    /// Bytes per `write(2)`. The kernel sizes the page cache's folios after the writes that
    /// fill them (Linux 6.18, ext4: a 1 MiB write makes 1 MiB folios), and a read fault on a
    /// mapping maps the whole folio: files written in large writes cost readers — above all a
    /// merge, walking ten inputs of four files each — up to a folio of resident memory per
    /// file ahead of their cursors, whatever they release behind them (measured: 40 MiB of
    /// file-backed RSS over a 10 MiB budget). 64 KiB writes keep that to 128 KiB a file, for
    /// sixteen system calls per MiB.
    static let writeChunk = 64 << 10

    /// Writes all of `bytes` to `fd` in ``writeChunk`` pieces, retrying short and interrupted
    /// writes; `false` (with `errno` set) on failure.
    static func writeFully(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, min(bytes.count - done, writeChunk))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }

    /// Bytes written so far (the absolute offset of the next byte).
    var count: Int { written + buffer.count }

    /// Writes the buffer out once it holds 1 MiB or more.
    func drain(force: Bool = false) throws(IndexError) {
        guard force || buffer.count >= 1 << 20 else { return }
        try writeThrough(buffer)
        buffer.removeAll()
    }

    /// Writes `writer`'s bytes after everything written so far, bypassing the buffer (which
    /// must be empty: call ``drain(force:)`` first if it is not).
    func append(contentsOf writer: ByteWriter) throws(IndexError) {
        precondition(buffer.count == 0, "append(contentsOf:) with a non-empty buffer")
        try writeThrough(writer)
    }

    private func writeThrough(_ writer: ByteWriter) throws(IndexError) {
        let failure: IndexError? = writer.bytes.withUnsafeBytes { chunk in
            do throws(IndexError) {
                try writeThrough(chunk)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    private func writeThrough(_ chunk: UnsafeRawBufferPointer) throws(IndexError) {
        guard chunk.count > 0 else { return }
        let failure: IndexError? = {
            if header.count < IndexFile.headerSize {
                header.append(contentsOf: chunk.prefix(IndexFile.headerSize - header.count))
                kind = IndexFile.kind(ofHeader: header)
            }
            pages.add(chunk)
            crc = CRC32C.checksum(chunk, continuing: crc)
            guard FileOutput.writeFully(fd, chunk) else {
                return IndexError(.io, "cannot write: \(errnoDescription())", path: path)
            }
            return nil
        }()
        if let failure { throw failure }
        written += chunk.count
    }

    /// Appends the page checksum table (paged kinds) and the CRC-32C footer of everything
    /// written, then `fsync(2)`s the file.
    func finish() throws(IndexError) {
        try drain(force: true)
        if let kind, kind.isPaged {
            let table = pages.finish()
            table.bytes.withUnsafeBytes { crc = CRC32C.checksum($0, continuing: crc) }
            buffer.write(bytes: table.bytes)
        }
        buffer.write(crc)
        let footer = buffer.bytes
        buffer.removeAll()
        let failure: IndexError? = footer.withUnsafeBytes { chunk in
            writeFully(chunk) ? nil : IndexError(.io, "cannot write: \(errnoDescription())", path: path)
        }
        if let failure { throw failure }
        guard fsync(fd) == 0 else { throw IndexError(.io, "cannot fsync: \(errnoDescription())", path: path) }
    }
}
