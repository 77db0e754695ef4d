/// The `--help` text and the options each subcommand accepts.
enum Usage {
    static let optionNames: [String: Set<String>] = [
        "run": ["corpus", "queries", "json", "analyzer"],
        "beir": ["dataset", "analyzer", "k", "json"],
        "tokenizer": ["corpus", "limit", "passes", "fortunes", "analyzer"],
        "store": ["index", "samples", "passes"],
        "build": ["docs", "index", "threads", "info", "analyzer", "store", "memory"],
        "memory": ["corpus", "budgets", "threads", "store", "analyzer"],
        "optimize": ["index", "memory"],
        "pruning": ["index", "queries", "passes", "mode"],
        "query": ["index", "jobs", "out", "k", "repeat", "warmup", "warmup-s", "info"],
    ]

    static let flagNames: [String: Set<String>] = [
        "run": ["quick"],
        "beir": ["all"],
    ]

    static let text = """
        SearchBenchmarks — measures searchctl's tokenizer, indexing and queries.

        USAGE
          SearchBenchmarks run [--corpus FILE.jsonl] [--queries FILE.jsonl] [--quick]
                               [--json OUT] [--analyzer english|standard|simple]
              Tokenizer MB/s (simple and standard; English, and Russian and Chinese as in
              the tokenizer command) and allocation counts, indexing docs/s and MB/s, index size,
              peak RSS, and p50/p99 latency per query class. Defaults: the corpus
              $SEARCH_DATA/beir/scifact/corpus.jsonl and the queries
              $SEARCH_DATA/queries/search-benchmark-game.queries.jsonl.
              --quick: the first 500 documents, 150 queries (+50 term queries), 3 timed passes.

          SearchBenchmarks tokenizer [--corpus FILE.jsonl] [--limit N] [--passes 3] [--fortunes DIR]
                                     [--analyzer NAME]
              The tokenizer alone: MB/s of simple and standard on the corpus and on Debian's
              fortunes-ru and fortunes-zh text (DIR: /usr/share/games/fortunes), and the heap
              allocations per call and per token (Linux). Fails if the tokenizer allocated.

          SearchBenchmarks beir (--dataset DIR[,DIR...] | --all) [--analyzer NAME] [--k 100] [--json OUT]
              nDCG@10 and Recall@k of every judged query (OR of its words) on BEIR-layout folders
              (corpus.jsonl, queries.jsonl, qrels/test.tsv). --all: SciFact and the classic
              collections under $SEARCH_DATA.

          SearchBenchmarks store --index DIR [--samples 20000] [--passes 3]
              Microseconds to fetch a document's stored fields from an existing index: the id
              alone (a hit list), the whole document, and the document with a snippet.

          SearchBenchmarks pruning --index DIR [--queries FILE.jsonl] [--passes 10] [--mode or|and]
              Pruned against exhaustive search (top 10, search only) per query class on an
              existing index, as in run's pruning table; --mode and makes every word required.

          SearchBenchmarks memory --corpus FILE.jsonl [--budgets 10,20,40,80] [--threads 1]
                                  [--store all|ids] [--analyzer standard]
              Peak RSS of indexing the corpus (each budget in a child process: getrusage of
              the child) and of optimizing the smallest budget's index, against the --memory
              budget, with the floor of a process indexing one tiny document.

          SearchBenchmarks build --docs FILE --index DIR [--threads N] [--info FILE] [--analyzer NAME]
                                 [--store all|ids] [--memory MB]
          SearchBenchmarks query --index DIR --jobs FILE --out FILE --k K --repeat N --warmup N
                                 --warmup-s S [--info FILE]
              The peers harness's external-engine protocol (tools/peers/README.md). --store ids
              keeps only the ids, as the peers do (default all: title and body too); --memory
              is the writer's budget (default 256).

        Exit status: 0 success, 1 failure, 64 bad usage.
        """
}
