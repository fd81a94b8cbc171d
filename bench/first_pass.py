"""The cost of one first pass of our extractor over a corpus, for comparing two versions.

    python bench/first_pass.py CORPUS_DIR [--skip]

Wall-clock differences of a few percent drown in the noise of a shared machine, and a
first pass (every class name new to the rules) can be timed only once per process. So
count instructions instead, which do not vary between runs:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python bench/first_pass.py CORPUS_DIR          # "Collected: N"
    valgrind ... python bench/first_pass.py CORPUS_DIR --skip

The difference of the two counts, divided by the pages, is the instructions per page of
`extract` (`--skip` loads and decompresses the pages but extracts only the first). Run
alone, the script prints the pass's CPU time per page.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--skip", action="store_true", help="load the pages, extract one")
    args = parser.parse_args()
    from scraper.extract import extract

    pages = [gzip.decompress(p.read_bytes()) for p in sorted(args.corpus.glob("html/*.gz"))]
    if not pages:
        sys.exit(f"no pages in {args.corpus / 'html'}")
    extract(pages[0])  # imports and compiled patterns are not the pass
    if args.skip:
        return
    started = time.process_time()
    for page in pages:
        extract(page)
    elapsed = time.process_time() - started
    print(f"{len(pages)} pages, first pass: {elapsed / len(pages) * 1000:.3f} ms CPU per page")


if __name__ == "__main__":
    main()
