/// A scorer's children for its hot loops: unretained references, so calling into a child
/// costs no reference counting (iterating a `[Scorer]` retains and releases each element
/// around every call). The owner keeps the children alive in its `[Scorer]` array.
struct ScorerTable {
    private let base: UnsafeMutablePointer<Unmanaged<Scorer>>
    let count: Int

    init(_ scorers: [Scorer]) {
        count = scorers.count
        base = .allocate(capacity: max(count, 1))
        for (i, scorer) in scorers.enumerated() { (base + i).initialize(to: .passUnretained(scorer)) }
    }

    /// Frees the table (the owner's `deinit`).
    func deallocate() { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Scorer { base[index].takeUnretainedValue() }
}
