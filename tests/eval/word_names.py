#!/usr/bin/env python3
"""How many honest names does the lookalike check flag? Every word of Debian's English,
French, Dutch and German word lists becomes a domain under the suffixes of that language
(`apple` -> `apple.com`; `pomme` -> `pomme.fr`, `pomme.be`, `pomme.com`), and `vigie
check-domain` judges them all. A word that is a registered brand name is no lookalike, so every
flagged name is a false positive or a near miss worth a look.

A second yardstick next to `make eval`, independent of the development corpus: compare two
builds' lists (`--list`) before changing a lookalike rule. Needs the Debian packages
`wamerican wfrench wdutch wngerman` (not part of the test run).

    python3 tests/eval/word_names.py target/release/vigie [--list]
"""
import json
import re
import subprocess
import sys

from debian_words import entries

WORD_LISTS = {
    "american-english": ["com"],
    "french": ["fr", "be", "com"],
    "dutch": ["nl", "be"],
    "ngerman": ["de", "com"],
}


def words(name):
    return sorted({w for w in entries(name) if re.fullmatch(r"[a-z]{3,20}", w)})


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cli = sys.argv[1]
    total, flagged = 0, []
    for name, suffixes in WORD_LISTS.items():
        try:
            ws = words(name)
        except FileNotFoundError:
            sys.exit(f"/usr/share/dict/{name} is missing: apt-get install wamerican wfrench wdutch wngerman")
        domains = [f"{w}.{s}" for w in ws for s in suffixes]
        total += len(domains)
        out = subprocess.run(
            [cli, "check-domain", "--json", "-"],
            input="\n".join(domains), capture_output=True, text=True, check=True,
        ).stdout
        for line in out.splitlines():
            report = json.loads(line)
            if report["verdict"] != "ok":
                flagged.append(f"{report['input']}\t{report['verdict']}")
    print(f"{len(flagged)} of {total} word names flagged ({100 * len(flagged) / total:.3f} %)")
    if "--list" in sys.argv:
        print("\n".join(sorted(set(flagged))))


if __name__ == "__main__":
    main()
