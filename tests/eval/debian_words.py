"""Debian's English, French, Dutch and German word lists, read the way the eval scripts
compare them with names: lower case, accents removed. Needs the Debian packages
`wamerican wfrench wdutch wngerman`."""
import unicodedata

WORD_LISTS = ["american-english", "french", "dutch", "ngerman"]


def entries(name, proper_nouns=True):
    """Each entry of /usr/share/dict/NAME in lower case without accents. Capitalised entries
    (names: `PayPal`, `Belgium`) are left out when `proper_nouns` is false."""
    with open(f"/usr/share/dict/{name}", encoding="utf-8", errors="ignore") as f:
        for line in f:
            w = line.strip()
            if not w or (not proper_nouns and w != w.lower()):
                continue
            w = unicodedata.normalize("NFKD", w.lower())
            yield "".join(c for c in w if not unicodedata.combining(c))
