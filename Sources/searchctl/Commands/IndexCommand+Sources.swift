import Foundation
import InvertedIndex

extension IndexCommand {
    /// The ``SourceTable`` side of an index update: which files may be skipped unread, the
    /// table the commit writes, and the documents of JSON-lines files that lost lines or vanished.
    ///
    /// - A file whose size, mtime and ctime equal its entry's, and that was not modified within
    ///   ``SourceEntry/racyWindow`` of being read, and whose documents are all still live, is
    ///   skipped unread; its documents count as unchanged. (Its ids are looked up only when
    ///   the commit has fewer live documents than the table has ids: after `searchctl delete`.)
    /// - A text file with another stamp whose content hash is its entry's (and whose document
    ///   is live) is not parsed: its document counts as unchanged and its new stamp is recorded.
    /// - A file read again gets a new entry; documents it produced before and no longer does
    ///   (JSON lines removed, now malformed, or with another id) are deleted — unless another
    ///   file of this run produced them.
    /// - A file under a folder being indexed that is gone (`stat` says so) loses its entry and
    ///   its documents. One that cannot be read keeps both.
    /// - The table is committed when an entry was added, changed (stamp, hash or ids) or
    ///   removed, or a racily clean entry became trustworthy — not for a run that changed nothing.
    final class Sources {
        /// The table of the commit being updated (`nil`: none, e.g. a new index).
        let previous: SourceTable?
        /// The table for the next commit.
        private(set) var next: SourceTable
        /// Whether `next` differs from `previous` enough to be committed.
        private(set) var changed = false
        private let base: IndexReader?
        /// Ids this run produced or kept (offered, or of files skipped unchanged or unreadable).
        private var kept: Set<String> = []
        /// Ids that files of this run produced before and no longer do (or files that are gone).
        private var dropped: Set<String> = []
        private var visited: Set<String> = []

        /// Whether some id of the table may have no live document (deleted by hand), so that
        /// skipping a file unread must first look its ids up.
        private let mayMissDocuments: Bool

        init(update: Update) throws(IndexError) {
            base = update.base
            previous = try update.base?.sourceTable()
            next = previous ?? SourceTable()
            mayMissDocuments = Self.mayMissDocuments(previous, base)
        }

        /// Every id of the table is live when the commit holds at least as many live documents
        /// as the table has distinct ids — true unless documents were deleted by hand (or
        /// deleted through the library while others were added without a table), since every
        /// run deletes the ids it drops from the table in the same commit. O(ids), no lookup.
        private static func mayMissDocuments(_ table: SourceTable?, _ base: IndexReader?) -> Bool {
            guard let table, let base else { return false }
            let live = base.documentCount
            var listed = 0
            for entry in table.entries.values { listed += entry.ids.count }
            if listed <= live { return false }
            var distinct = Set<String>(minimumCapacity: listed)
            for entry in table.entries.values { distinct.formUnion(entry.ids) }
            return distinct.count > live
        }

        /// Whether the file at `path` with `stamp` may be skipped unread.
        func isUnchanged(_ path: String, _ stamp: SourceStamp) -> Bool {
            guard let base, let entry = previous?.entries[path], entry.stamp == stamp, !entry.isRacy else {
                return false
            }
            // A document deleted by hand ('searchctl delete') comes back, as in a fresh index.
            if mayMissDocuments {
                for id in entry.ids where (try? base.contains(id: id)) != true { return false }
            }
            return true
        }

        /// Whether the text file at `path`, read with `stamp` and `hash`, holds the content its
        /// entry records, with every document it produced still live.
        func isSameContent(_ path: String, _ stamp: SourceStamp, _ hash: UInt64) -> Bool {
            guard let base, let entry = previous?.entries[path], entry.hash == hash else { return false }
            for id in entry.ids where (try? base.contains(id: id)) != true { return false }
            return true
        }

        /// Takes in what the collector reports about the files it finished.
        func record(_ events: [DocumentCollector.SourceEvent], into update: inout Update) {
            for event in events {
                let path = event.path
                visited.insert(path)
                let old = previous?.entries[path]
                switch event.outcome {
                case .read(let entry):
                    if let old {
                        dropped.formUnion(old.ids)
                        if old.stamp != entry.stamp || old.hash != entry.hash || old.ids != entry.ids
                            || (old.isRacy && !entry.isRacy)
                        {
                            changed = true
                        }
                    } else {
                        changed = true
                    }
                    kept.formUnion(entry.ids)
                    next.entries[path] = entry
                case .unchanged:
                    let ids = old?.ids ?? []
                    kept.formUnion(ids)
                    update.noteUnchanged(ids)
                case .sameContent(let stamp, let hash, let readAt):
                    let ids = old?.ids ?? []
                    let entry = SourceEntry(stamp: stamp, hash: hash, readAt: readAt, ids: ids)
                    if old?.stamp != stamp || (old?.isRacy == true && !entry.isRacy) { changed = true }
                    next.entries[path] = entry
                    kept.formUnion(ids)
                    update.noteUnchanged(ids)
                case .failed:
                    if let old { kept.formUnion(old.ids) }
                }
            }
        }

        /// Drops the entries of files gone from the folders being indexed, deletes the documents
        /// no file produces any more, and hands the table to the writer when it changed.
        ///
        /// Every file an earlier run indexed has an entry, so the entries not visited by this
        /// walk are the only candidates for vanished files: no stored id is scanned. Only a
        /// commit without a table (written by a library user) falls back to
        /// ``Update/removeVanishedFiles(from:)``.
        func finish(_ update: inout Update, writer: IndexWriter) throws(IndexError) {
            if let previous, !update.folders.isEmpty {
                for (path, entry) in previous.entries where !visited.contains(path) {
                    guard update.folders.contains(where: { path.hasPrefix($0) }), !Update.exists(path) else { continue }
                    next.entries[path] = nil
                    dropped.formUnion(entry.ids)
                    changed = true
                }
            }
            for id in dropped.subtracting(kept).sorted() { try update.remove(id, from: writer) }
            if previous == nil { try update.removeVanishedFiles(from: writer) }
            if changed { writer.pendingSources = next }
        }
    }
}
