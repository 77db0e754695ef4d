extension Unmanaged {
    /// Calls `body` with the referenced object without retaining or releasing it, for a
    /// scorer's children held in an unmanaged buffer that the scorer keeps alive (the hot loops
    /// pay no reference counting); `_withUnsafeGuaranteedRef` with a typed-throwing body.
    @inline(__always)
    func withGuaranteedReference<Result>(
        _ body: (Instance) throws(IndexError) -> Result
    ) throws(IndexError) -> Result {
        try _withUnsafeGuaranteedRef { instance in
            Swift.Result { () throws(IndexError) in try body(instance) }
        }.get()
    }
}
