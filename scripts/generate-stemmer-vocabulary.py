#!/usr/bin/env python3
"""Write `word<TAB>stem` pairs from the Snowball reference English stemmer.

The Swift port (Sources/Tokenizer/Stemming/EnglishStemmer*.swift) is tested against these
pairs by Tests/TokenizerTests/EnglishStemmerTests.swift, which reads the file named by
$STEMMER_VOCABULARY.

Vocabulary:
  * every distinct word matching [a-z']+ in the lower-cased title and text of each
    corpus.jsonl under $SEARCH_DATA (beir/scifact, classic/*); apostrophes are kept on
    purpose, since `'s`, trailing and leading `'` are part of the algorithm;
  * a fixed pseudo-random set of letter strings built from English suffixes, to reach rules
    the corpora rarely exercise (seeded, so the file is reproducible).

Usage: pip install snowballstemmer
       scripts/generate-stemmer-vocabulary.py [--data DIR] [--synthetic N] OUTPUT
"""

import argparse
import glob
import importlib.metadata
import json
import os
import random
import re
import sys

import snowballstemmer

WORD = re.compile(r"[a-z']+")

# Pieces chosen so that random concatenations hit every step's suffix list, the exception
# lists and the R1 prefixes.
PREFIXES = ["", "", "a", "y", "'", "gener", "commun", "arsen", "past", "univers", "later",
            "emerg", "organ", "inter", "succ", "proc", "exc", "even", "cann", "inn", "out"]
STEMS = ["b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v", "w", "x", "y",
         "a", "e", "i", "o", "u", "ay", "ey", "oy", "uy", "ee", "oo", "bb", "dd", "ff", "gg",
         "mm", "nn", "pp", "rr", "tt", "ll", "ss", "at", "bl", "iz", "hop", "tap", "sky"]
SUFFIXES = ["", "s", "'s", "'", "s'", "es", "ies", "ied", "sses", "us", "ss", "ed", "eed",
            "edly", "eedly", "ing", "ingly", "y", "ational", "tional", "enci", "anci", "abli",
            "entli", "izer", "ization", "ation", "ator", "alism", "aliti", "alli", "fulness",
            "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "ogi", "logi", "fulli",
            "lessli", "li", "ogist", "icate", "ative", "alize", "iciti", "ical", "ful", "ness",
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent",
            "ism", "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "e", "l", "ll"]


def corpus_words(data_dir):
    paths = sorted(glob.glob(os.path.join(data_dir, "beir", "*", "corpus.jsonl"))
                   + glob.glob(os.path.join(data_dir, "classic", "*", "corpus.jsonl")))
    if not paths:
        sys.exit(f"no corpus.jsonl under {data_dir}")
    words = set()
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                text = f"{doc.get('title') or ''} {doc.get('text') or ''}".lower()
                words.update(WORD.findall(text))
    return words


def synthetic_words(count):
    rng = random.Random(20240601)
    words = set()
    while len(words) < count:
        parts = [rng.choice(PREFIXES)]
        parts += [rng.choice(STEMS) for _ in range(rng.randint(1, 3))]
        parts += [rng.choice(SUFFIXES) for _ in range(rng.randint(1, 2))]
        words.add("".join(parts))
    return words


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output")
    parser.add_argument("--data", default=os.environ.get("SEARCH_DATA", "/work/shared/data"))
    parser.add_argument("--synthetic", type=int, default=20000)
    args = parser.parse_args()

    words = corpus_words(args.data) | synthetic_words(args.synthetic)
    stemmer = snowballstemmer.stemmer("english")
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(f"# snowballstemmer {importlib.metadata.version('snowballstemmer')}\n")
        for word in sorted(words):
            out.write(f"{word}\t{stemmer.stemWord(word)}\n")
    print(f"{len(words)} words -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
