/// Placeholder until the Snowball English stemmer lands: returns the word unchanged.
enum EnglishStemmer {
    static func stem(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int { count }
}
