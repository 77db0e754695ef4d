// swift-tools-version:6.0
import PackageDescription

// No `unsafeFlags`: a package that uses them cannot be depended upon, and embedding the
// library in other packages is a goal. Hot loops use unsafe buffers instead.

let package = Package(
    name: "searchctl",
    products: [
        .library(name: "Tokenizer", targets: ["Tokenizer"]),
        .library(name: "InvertedIndex", targets: ["InvertedIndex"]),
        .executable(name: "searchctl", targets: ["searchctl"]),
    ],
    targets: [
        .target(name: "Tokenizer"),
        .target(name: "InvertedIndex", dependencies: ["Tokenizer"], exclude: ["Format/FORMAT.md"]),
        .executableTarget(name: "searchctl", dependencies: ["InvertedIndex", "Tokenizer"]),
        .executableTarget(
            name: "SearchBenchmarks", dependencies: ["InvertedIndex", "Tokenizer"],
            path: "Benchmarks/SearchBenchmarks"),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "TestSupport"]),
        .testTarget(name: "InvertedIndexTests", dependencies: ["InvertedIndex", "Tokenizer", "TestSupport"]),
        .testTarget(name: "searchctlTests", dependencies: ["InvertedIndex", "TestSupport"]),
        .testTarget(name: "SearchBenchmarksTests", dependencies: ["SearchBenchmarks"]),
    ],
    swiftLanguageModes: [.v6]
)
