#!/usr/bin/env python3
"""Where the lookalike misses of `make eval` are, and how far the recall could go.

Every lookalike of `../shared/eval/domains/lookalikes_sample.tsv` that `vigie check-domain`
leaves at `ok` is put in one bucket: the imitated brand's name is short (four letters or fewer,
which get no edit-distance matching) or not, the dnstwist class (`tld-swap`, `dictionary`, or
one of the letter edits), and whether the lookalike's own name is an ordinary word of Debian's
English, French, Dutch or German word lists (`king` for `ing`, `olive` for `live`), as
`make eval-words` reads them. A miss that is an ordinary word can only be caught by flagging
that word for everyone, so the script also prints the best recall reachable without it.

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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from word_names import WORD_LISTS, words  # noqa: E402

SAMPLE = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "..", "shared", "eval", "domains", "lookalikes_sample.tsv",
)
SHORT = 4


def label(domain):
    return domain.split(".", 1)[0]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cli, show = sys.argv[1], "--list" in sys.argv[2:]
    with open(SAMPLE, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    dictionary = set()
    for name in WORD_LISTS:
        dictionary.update(words(f"/usr/share/dict/{name}"))
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
        word = "word" if label(row["lookalike"]) in dictionary else "not a word"
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
