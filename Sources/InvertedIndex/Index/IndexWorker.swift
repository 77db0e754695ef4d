import Dispatch
import Tokenizer

/// One inverting thread of an ``IndexWriter``: it owns a ``SegmentBuilder`` and inverts the
/// batches given to it, in order, on its own serial queue, flushing a segment whenever its
/// share of the memory budget is used up (checked between batches).
///
/// Determinism: batches are dealt round-robin (batch `k` to worker `k mod N`), and worker
/// `w`'s `j`-th segment gets id `base + j·N + w`. What a worker writes depends only on the
/// batches it receives, so for the same input, thread count, batch size and budget the
/// segment files are byte for byte the same, whatever the scheduling; ordering segments by
/// id fixes the global doc-id order.
///
/// The writer reads a worker's state only after waiting on its queue (Dispatch orders the
/// accesses), hence `@unchecked Sendable`.
final class IndexWorker: @unchecked Sendable {
    let number: Int
    let workerCount: Int
    let directory: String
    let analyzer: Analyzer
    let store: StoreMode
    let budget: Int
    let queue: DispatchQueue
    private var builder: SegmentBuilder
    /// Batches in the builder, with the doc id of their first document.
    private var pending: [(batch: Int, base: Int32)] = []
    /// Where each flushed batch went: its segment and first doc id.
    private(set) var locations: [Int: (segment: UInt64, base: Int32)] = [:]
    private(set) var flushed: [SegmentInfo] = []
    private(set) var error: IndexError?
    private var round: UInt64 = 0
    private var idBase: UInt64

    init(
        number: Int, of workerCount: Int, directory: String, analyzer: Analyzer, store: StoreMode, budget: Int, idBase: UInt64
    ) {
        self.number = number
        self.workerCount = workerCount
        self.directory = directory
        self.analyzer = analyzer
        self.store = store
        self.budget = budget
        self.idBase = idBase
        queue = DispatchQueue(label: "searchctl.index-worker-\(number)")
        builder = SegmentBuilder(analyzer: analyzer, store: store, hugePages: budget >= Self.hugePagesBudget)
    }

    /// The smallest budget share whose builder asks for huge pages (see ``SegmentBuilder/init(analyzer:store:hugePages:)``).
    static let hugePagesBudget = 64 << 20

    /// Ids up to (excluding) this one may have been used by flushed segments.
    var idLimit: UInt64 { idBase + round * UInt64(workerCount) }

    /// Inverts batch `batch` (the caller serializes calls, e.g. through ``queue``).
    func invert(_ documents: [Document], batch: Int) {
        guard error == nil else { return }
        pending.append((batch, Int32(builder.docCount)))
        for document in documents { builder.add(document) }
        if builder.bufferedBytes >= budget || builder.isFull { flush() }
    }

    /// Writes the builder as a segment (nothing when empty).
    func flush() {
        guard error == nil, builder.docCount > 0 else { return }
        let id = idBase + round * UInt64(workerCount) + UInt64(number)
        round += 1
        do {
            flushed.append(try SegmentWriter.write(builder, id: id, directory: directory))
        } catch {
            self.error = error
            return
        }
        for (batch, base) in pending { locations[batch] = (id, base) }
        pending.removeAll()
        builder = SegmentBuilder(analyzer: analyzer, store: store, hugePages: budget >= Self.hugePagesBudget)
    }

    /// Starts over after a commit, numbering new segments from `idBase`.
    func reset(idBase: UInt64) {
        self.idBase = idBase
        round = 0
        locations.removeAll()
        flushed.removeAll()
    }
}
