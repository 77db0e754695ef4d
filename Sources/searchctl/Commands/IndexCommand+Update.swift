import Foundation
import InvertedIndex

extension IndexCommand {
    /// What a re-run of `searchctl index` changes in an existing index.
    ///
    /// - Files whose stamp is unchanged are skipped unread (see ``Sources``); their documents
    ///   count as unchanged.
    /// - A document whose id, title, date and body equal the stored ones is left alone (no
    ///   re-analysis, no new segment, no commit when nothing changed).
    /// - A document with a new id is added; one with a stored id and other content replaces it.
    /// - Under each folder being indexed, a stored document whose file is gone (id = absolute
    ///   path, not seen by this walk, and `stat` says it does not exist) is deleted. Files that
    ///   still exist but were not read (unreadable, now hidden) keep their documents.
    /// - JSON-lines documents are updated by id; ids that disappear from a file, or whose file
    ///   is gone, are deleted with the help of the ``SourceTable`` (see ``Sources``).
    struct Update: CustomStringConvertible {
        /// The commit being updated (`nil` for a new index).
        let base: IndexReader?
        /// The folders being walked, absolute, each ending with `/`.
        let folders: [String]
        private(set) var added = 0
        private(set) var replaced = 0
        private(set) var unchanged = 0
        private(set) var removed = 0
        /// Ids under `folders` that this run saw (read or skipped).
        private var seen: Set<String> = []
        /// Stored ids replaced during this run: a later document with the same id (JSON lines)
        /// replaces again even if it equals the stored version.
        private var rewritten: Set<String> = []
        /// Ids deleted during this run: deleted once, and added back if offered again.
        private var deleted: Set<String> = []

        /// No index, no folders: for a summary of a run that did nothing.
        init() {
            base = nil
            folders = []
        }

        /// Opens the current commit of `directory`, if there is one.
        init(base directory: String, folders: [String]) throws(IndexError) {
            do {
                base = try IndexReader(directory: directory)
            } catch where error.code == .indexNotFound {
                base = nil
            }
            self.folders = folders
        }

        /// Whether the writer has anything to commit.
        var changed: Bool { added + replaced + removed > 0 }

        var description: String {
            "\(added) added, \(replaced) changed, \(unchanged) unchanged, \(removed) removed"
        }

        /// Adds `document` unless the index already holds it unchanged.
        mutating func offer(_ document: Document, to writer: IndexWriter) throws(IndexError) {
            note(document.id)
            if deleted.remove(document.id) != nil {
                rewritten.insert(document.id)
                removed -= 1
                replaced += 1
            } else if let base, let stored = try base.storedDocument(id: document.id) {
                if !rewritten.contains(document.id) && stored.title == document.title
                    && stored.date == document.date && stored.body == document.body
                {
                    unchanged += 1
                    return
                }
                if rewritten.insert(document.id).inserted { replaced += 1 }
            } else {
                added += 1
            }
            try writer.add(document)
        }

        /// Deletes the document with this id (a file now empty or binary), if any.
        mutating func remove(_ id: String, from writer: IndexWriter) throws(IndexError) {
            note(id)
            guard !deleted.contains(id), let base, try base.contains(id: id) || rewritten.contains(id) else { return }
            writer.delete(id: id)
            deleted.insert(id)
            removed += 1
        }

        /// Counts the documents of a file skipped unread as unchanged.
        mutating func noteUnchanged(_ ids: [String]) {
            for id in ids { note(id) }
            unchanged += ids.count
        }

        /// Deletes the documents of files that were under the folders being indexed and are gone,
        /// by a scan of every stored id: only for a commit without a ``SourceTable`` (one with a
        /// table finds vanished files from its entries, see ``Sources/finish(_:writer:)``).
        mutating func removeVanishedFiles(from writer: IndexWriter) throws(IndexError) {
            guard let base, !folders.isEmpty else { return }
            for id in try base.liveDocumentIDs() where isUnderFolders(id) && !seen.contains(id) {
                guard !Self.exists(id) else { continue }
                try remove(id, from: writer)
            }
        }

        /// The absolute folders among `paths` (each ending with `/`).
        static func walkedFolders(_ paths: [String]) -> [String] {
            paths.compactMap { path in
                var info = stat()
                guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
                let absolute = PathNames.absoluteStandardized(path)
                return absolute.hasSuffix("/") ? absolute : absolute + "/"
            }
        }

        private mutating func note(_ id: String) {
            if isUnderFolders(id) { seen.insert(id) }
        }

        private func isUnderFolders(_ id: String) -> Bool {
            folders.contains { id.hasPrefix($0) }
        }

        /// Whether a file may still exist there: only "no such file" counts as gone (a
        /// permission error keeps the document).
        static func exists(_ path: String) -> Bool {
            var info = stat()
            if stat(path, &info) == 0 { return true }
            return errno != ENOENT && errno != ENOTDIR
        }
    }
}
