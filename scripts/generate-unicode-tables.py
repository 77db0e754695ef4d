#!/usr/bin/env python3
"""Generates Sources/Tokenizer/Generated/UnicodeTableData.swift from the Unicode Character Database.

Usage: scripts/generate-unicode-tables.py [UCD_DIR] [OUTPUT_FILE]
  UCD_DIR defaults to $UNICODE_DATA, else $SEARCH_DATA/unicode, else ../shared/data/unicode.

Reads UnicodeData.txt, Scripts.txt, WordBreakProperty.txt, emoji-data.txt and
DerivedNormalizationProps.txt (NFKC_CF). Python's own `unicodedata` is not used: its
version follows the interpreter, the files pin Unicode 15.0.0.

One table serves both segmentation and folding: a 32-bit entry per code point,
    bits 0-4   Word_Break value (index into WORD_BREAK below, same order as WordBreak.swift)
    bit  5     Extended_Pictographic
    bit  6     word character (the segment it is in is a word)
    bit  7     bigram character (Han, Hiragana, Katakana, Hangul, and letters of scripts
               written without spaces: indexed as overlapping bigrams)
    bits 8-13  folded length in UTF-8 bytes; 63 = folds to itself
    bits 14-30 offset of the folded bytes in the byte pool
    bit  31    kana voicing mark: folds to U+3099 or U+309A (composed with the kana before it
               by the tokenizer, with the KANA_VOICING pairs, so ｶﾞ = カ + U+3099 = ガ)
stored as a two-stage table: stage 1 maps code point >> 7 to a block number, stage 2 holds
the distinct 128-entry blocks. The folding rules are documented in Folding/Folding.swift;
keep the two in step.

The output is base64 in a string literal: a Swift array literal of this size takes minutes to
type-check, a string literal milliseconds.
"""
import base64, os, struct, sys
from collections import Counter

WORD_BREAK = ["Other", "CR", "LF", "Newline", "Extend", "ZWJ", "Regional_Indicator", "Format",
              "Katakana", "Hebrew_Letter", "ALetter", "Single_Quote", "Double_Quote", "MidNumLet",
              "MidLetter", "MidNum", "Numeric", "ExtendNumLet", "WSegSpace"]
MAX = 0x110000
BLOCK = 128
IDENTITY = 63

# Scripts whose combining marks are optional accents or vocalization, removed by folding.
# Marks of other scripts (Brahmic vowel signs and viramas, Thai, Tibetan, …) spell the word.
MARK_SCRIPTS = {"Inherited", "Common", "Latin", "Greek", "Cyrillic", "Hebrew", "Arabic"}
# Marks kept although their script is listed: kana voicing marks change the syllable.
KEPT_MARKS = {0x3099, 0x309A}
# Precomposed letters kept whole: letters in their own right, not accented variants.
KEPT_LETTERS = {0x0439, 0x045E, 0x0457}  # й ў ї (after case folding)
# Equivalences beyond NFKC_CF, applied to each scalar of the NFKC_CF result.
EXTRA = {
    0x2018: [0x27], 0x2019: [0x27], 0x201B: [0x27], 0x02BC: [0x27],  # apostrophes → '
    0x0131: [0x69],                                                   # dotless ı → i
    0x00F8: [0x6F], 0x0111: [0x64], 0x0142: [0x6C], 0x0127: [0x68],   # ø đ ł ħ
    0x0167: [0x74], 0x0180: [0x62], 0x01B6: [0x7A], 0x0268: [0x69],   # ŧ ƀ ƶ ɨ
    0x00E6: [0x61, 0x65], 0x0153: [0x6F, 0x65],                       # æ œ
}


def ranges(path):
    """Yields (first, last, [fields]) for each data line of a UCD file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            span = fields[0].split("..")
            first = int(span[0], 16)
            last = int(span[-1], 16)
            yield first, last, fields[1:]


def main():
    ucd = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("UNICODE_DATA") or os.path.join(
        os.environ.get("SEARCH_DATA", "../shared/data"), "unicode")
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "Sources", "Tokenizer", "Generated", "UnicodeTableData.swift")
    p = lambda name: os.path.join(ucd, name)

    with open(p("ReadMe.txt"), encoding="utf-8") as f:
        text = f.read()
    version = "15.0.0"
    assert version in text or "15.0" in text, "expected Unicode 15.0 data"

    gc = ["Cn"] * MAX
    decomp = {}
    with open(p("UnicodeData.txt"), encoding="utf-8") as f:
        first = None
        for line in f:
            fields = line.rstrip("\n").split(";")
            cp = int(fields[0], 16)
            if fields[1].endswith(", First>"):
                first = cp
                continue
            start = first if fields[1].endswith(", Last>") else cp
            first = None
            for c in range(start, cp + 1):
                gc[c] = fields[2]
            if fields[5] and not fields[5].startswith("<"):
                decomp[cp] = [int(x, 16) for x in fields[5].split()]

    script = ["Unknown"] * MAX
    for a, b, f in ranges(p("Scripts.txt")):
        for c in range(a, b + 1):
            script[c] = f[0]
    wb = [0] * MAX
    for a, b, f in ranges(p("WordBreakProperty.txt")):
        for c in range(a, b + 1):
            wb[c] = WORD_BREAK.index(f[0])
    extpict = [False] * MAX
    for a, b, f in ranges(p("emoji-data.txt")):
        if f[0] == "Extended_Pictographic":
            for c in range(a, b + 1):
                extpict[c] = True
    nfkc_cf = {}
    for a, b, f in ranges(p("DerivedNormalizationProps.txt")):
        if f[0] == "NFKC_CF":
            value = [int(x, 16) for x in f[1].split()] if len(f) > 1 and f[1] else []
            for c in range(a, b + 1):
                nfkc_cf[c] = value

    def full_decomposition(c):
        if c not in decomp:
            return [c]
        result = []
        for d in decomp[c]:
            result += full_decomposition(d)
        return result

    def removable_mark(c):
        return gc[c] in ("Mn", "Me") and script[c] in MARK_SCRIPTS and c not in KEPT_MARKS

    def fold(c):
        result = []
        for s in nfkc_cf.get(c, [c]):
            if s == 0x20:
                continue  # NFKC spaces inside terms (﷽, ¨ …) would split nothing: drop them
            if s in EXTRA:
                result += EXTRA[s]
                continue
            if removable_mark(s):
                continue
            d = full_decomposition(s)
            if (len(d) > 1 and s not in KEPT_LETTERS and script[d[0]] in MARK_SCRIPTS
                    and all(removable_mark(m) for m in d[1:])):
                result += EXTRA.get(d[0], [d[0]])
            else:
                result.append(s)
        return result

    WB = {name: i for i, name in enumerate(WORD_BREAK)}
    word_classes = {WB["ALetter"], WB["Hebrew_Letter"], WB["Numeric"], WB["Katakana"]}
    pool = bytearray()
    pool_index = {}
    entries = [0] * MAX
    stats = Counter()
    for c in range(MAX):
        w = wb[c]
        g = gc[c]
        word = w in word_classes or (w == WB["Other"] and g[0] == "L" or
                                      w == WB["Other"] and g in ("Nd", "Nl", "No"))
        bigram = g[0] == "L" and (w == WB["Other"] or w == WB["Katakana"] or
                                  (w == WB["ALetter"] and script[c] == "Hangul"))
        if bigram:
            stats["bigram " + script[c]] += 1
        if 0xD800 <= c <= 0xDFFF:
            folded = [c]
        else:
            folded = fold(c)
        if folded == [c]:
            length, offset = IDENTITY, 0
        else:
            data = "".join(map(chr, folded)).encode("utf-8")
            assert len(data) < IDENTITY, (hex(c), data)
            if data not in pool_index:
                pool_index[data] = len(pool)
                pool += data
            length, offset = len(data), (pool_index[data] if data else 1)
            stats["folded"] += 1
        voicing = folded in ([0x3099], [0x309A])
        entries[c] = (w | extpict[c] << 5 | word << 6 | bigram << 7 | length << 8 | offset << 14
                      | voicing << 31)
    assert len(pool) < (1 << 17)
    # Kana + voicing mark → precomposed kana (canonical compositions; none is excluded).
    voicing_pairs = sorted(
        (d[0] << 1 | (d[1] == 0x309A), c) for c, d in decomp.items()
        if len(d) == 2 and d[1] in (0x3099, 0x309A) and fold(d[0]) == [d[0]] and fold(c) == [c])

    blocks = {}
    stage1 = []
    stage2 = bytearray()
    for start in range(0, MAX, BLOCK):
        block = tuple(entries[start:start + BLOCK])
        if block not in blocks:
            blocks[block] = len(blocks)
            stage2 += struct.pack("<%dI" % BLOCK, *block)
        stage1.append(blocks[block])
    blob = struct.pack("<%dH" % len(stage1), *stage1) + bytes(stage2) + bytes(pool)
    encoded = base64.b64encode(blob).decode("ascii")
    lines = [encoded[i:i + 100] for i in range(0, len(encoded), 100)]

    with open(out, "w", encoding="utf-8") as f:
        f.write("// GENERATED by scripts/generate-unicode-tables.py from Unicode %s — do not edit\n" % version)
        f.write("// swift-format-ignore-file\n\n")
        f.write("/// The per-code-point table (Word_Break, Extended_Pictographic, word and bigram flags,\n")
        f.write("/// folding), two-stage, base64-encoded; decoded once by ``CharacterTable``.\n")
        f.write("enum UnicodeTableData {\n")
        f.write('    static let unicodeVersion = "%s"\n' % version)
        f.write("    static let blockSize = %d\n" % BLOCK)
        f.write("    static let stage1Count = %d\n" % len(stage1))
        f.write("    static let blockCount = %d\n" % len(blocks))
        f.write("    static let poolCount = %d\n" % len(pool))
        f.write("    static let byteCount = %d\n" % len(blob))
        f.write("    /// Kana composed with a voicing mark: `base << 1 | (mark == U+309A)` → composed kana.\n")
        f.write("    static let kanaVoicing: [UInt32: UInt32] = [\n")
        for i in range(0, len(voicing_pairs), 4):
            f.write("        " + " ".join("0x%05X: 0x%04X," % pair for pair in voicing_pairs[i:i + 4]) + "\n")
        f.write("    ]\n")
        f.write('    static let base64: StaticString = """\n')
        for line in lines:
            f.write("        %s\n" % line)
        f.write('        """\n}\n')
    print("blocks %d, pool %d bytes, blob %d bytes, %d folded; %s" % (
        len(blocks), len(pool), len(blob), stats["folded"],
        ", ".join("%s %d" % kv for kv in sorted(stats.items()) if kv[0].startswith("bigram"))),
        file=sys.stderr)


if __name__ == "__main__":
    main()
