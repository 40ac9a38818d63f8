"""Build ``index/common_words.tsv``: common English words with their Zipf frequency, from wordfreq.

Not run by the bot and not one of its dependencies: wordfreq (PyPI ``wordfreq==3.1.1``, its data
CC BY-SA 4.0) is installed only to run this script, and the file it writes is shipped
(``index/common_words.NOTICE.md`` says where it comes from). Run it again to rebuild the file
byte for byte:

    pip install wordfreq==3.1.1   (or PYTHONPATH=<a folder it is installed in>)
    python -m index.build_common_words

What it keeps: every word of wordfreq's "best" English list written only with the letters a-z
whose Zipf frequency (log10 of its count per billion words) is at least ``MIN_ZIPF``, with that
frequency rounded to 0.1, most frequent first (ties in alphabetical order).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from index.common_words import DATA_PATH, MIN_ZIPF

WORDFREQ_VERSION = "3.1.1"
_LETTERS = re.compile(r"[a-z]+")


def common_words(min_zipf: float = MIN_ZIPF) -> list[tuple[str, float]]:
    """(word, zipf rounded to 0.1) of wordfreq's English words at or above ``min_zipf``, most frequent first."""
    import wordfreq  # only here: a build-time tool, not a dependency of the bot

    words = []
    for word, frequency in wordfreq.get_frequency_dict("en", wordlist="best").items():
        zipf = round(wordfreq.freq_to_zipf(frequency), 1)
        if zipf >= min_zipf and _LETTERS.fullmatch(word):
            words.append((word, zipf))
    return sorted(words, key=lambda pair: (-pair[1], pair[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DATA_PATH)
    args = parser.parse_args(argv)
    import importlib.metadata

    version = importlib.metadata.version("wordfreq")
    if version != WORDFREQ_VERSION:
        print(f"warning: wordfreq {version}, not {WORDFREQ_VERSION}: the file will differ from the shipped one")
    words = common_words()
    lines = [f"# English words with Zipf frequency >= {MIN_ZIPF}, from wordfreq {version} (data CC BY-SA 4.0);"
             " built by index/build_common_words.py, see common_words.NOTICE.md"]
    lines += [f"{word}\t{zipf:.1f}" for word, zipf in words]
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
