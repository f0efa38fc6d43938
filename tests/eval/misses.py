#!/usr/bin/env python3
"""Where the lookalike misses of `make eval` are, and how far the recall could go.

Every lookalike of `../shared/eval/domains/lookalikes_sample.tsv` that `vigie check-domain`
leaves at `ok` is put in one bucket: the imitated brand's name is short (four letters or fewer,
which get no edit-distance matching) or not, the dnstwist class (`tld-swap`, `dictionary`, or
one of the letter edits), and whether the lookalike's own name is an ordinary word: a
lower-case entry of Debian's English, French, Dutch or German word lists (`king` for `ing`,
`olive` for `live`; capitalised entries are names, such as the brands the lists carry). A
brand's exact name under another suffix is an ordinary word only when the catalog marks the
brand as one (`orange`, `apple`); `amazon.bg` is the brand's name, not the word. A miss that is
an ordinary word can only be caught by flagging that word for everyone, so the script also
prints the best recall reachable without it.

Reads the corpus only to measure; nothing here feeds a rule. Needs the Debian packages
`wamerican wfrench wdutch wngerman`.

    python3 tests/eval/misses.py target/release/vigie [--list]
"""
import collections
import csv
import json
import os
import subprocess
import sys
import tomllib

from debian_words import WORD_LISTS, entries

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "..", "..", "shared", "eval", "domains", "lookalikes_sample.tsv")
BRANDS = os.path.join(HERE, "..", "..", "src", "data", "brands.toml")
SHORT = 4


def ordinary_words():
    """Lower-case entries of the word lists, accents removed."""
    return {w for name in WORD_LISTS for w in entries(name, proper_nouns=False)}


def brand_labels():
    """The first label of each catalog domain, and whether it names a word brand."""
    with open(BRANDS, "rb") as f:
        catalog = tomllib.load(f)
    labels = {}
    for brand in catalog["brand"]:
        not_word = set(brand.get("not_word_domains", []))
        for domain in brand.get("domains", []):
            is_word = brand.get("word", False) and domain not in not_word
            labels[label(domain)] = labels.get(label(domain), False) or is_word
    return labels


def label(domain):
    return domain.split(".", 1)[0]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cli, show = sys.argv[1], "--list" in sys.argv[2:]
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    dictionary = ordinary_words()
    brands = brand_labels()
    names = "\n".join(r["lookalike"] for r in rows) + "\n"
    out = subprocess.run([cli, "check-domain", "--json", "-"], input=names,
                         capture_output=True, text=True, check=True).stdout
    verdicts = [json.loads(line)["verdict"] for line in out.splitlines()]
    if len(verdicts) != len(rows):
        sys.exit(f"{len(rows)} names in, {len(verdicts)} answers out")

    buckets = collections.defaultdict(list)
    for row, verdict in zip(rows, verdicts):
        if verdict != "ok":
            continue
        brand = "short brand" if len(label(row["brand_domain"])) <= SHORT else "longer brand"
        fuzzer = row["fuzzer"] if row["fuzzer"] in ("tld-swap", "dictionary") else "letter edits"
        name = label(row["lookalike"])
        if fuzzer == "tld-swap" and name in brands:
            is_word = brands[name]
        else:
            is_word = name in dictionary
        word = "word" if is_word else "not a word"
        buckets[(brand, fuzzer, word)].append(row["lookalike"])

    total = len(rows)
    missed = sum(len(v) for v in buckets.values())
    words_missed = sum(len(v) for k, v in buckets.items() if k[2] == "word")
    print(f"{total} lookalikes, {missed} missed: recall {100 * (total - missed) / total:.1f} %")
    print(f"{'brand name':<14}{'class':<14}{'lookalike is':<14}{'missed':>7}")
    for key in sorted(buckets):
        print(f"{key[0]:<14}{key[1]:<14}{key[2]:<14}{len(buckets[key]):>7}")
        if show:
            print("    " + " ".join(sorted(buckets[key])))
    print(f"recall if every miss but the ordinary words were caught: "
          f"{100 * (total - words_missed) / total:.1f} %")


if __name__ == "__main__":
    main()
