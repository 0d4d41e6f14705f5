"""Benchmark: the parser's field accuracy on the other-offices corpus (issue 14).

Run from the repository root::

    .venv/bin/python bench/corpus.py [-v] [NAME ...]

For each document of ``tests/ingest/corpus`` it parses the file with
``duban.ingest.parse_file`` and compares it, field by field, with the expectation
written by hand in ``tests/ingest/corpus/expected.py`` (see
``tests/ingest/corpus_scoring.py`` for what is counted). Prints one line per
document (right/total and accuracy) and the overall field accuracy; ``-v`` also
prints every mismatch. Says PASS or FAIL against issue 14's goal (≥ 90 % of the
fields right with auto-detection alone) and exits 1 when it is missed, like the
other benchmarks.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.90
sys.path.insert(0, str(ROOT))

from tests.ingest.corpus.expected import CORPUS  # noqa: E402
from tests.ingest.corpus_scoring import overall, score_all  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="corpus file names (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every mismatch")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in CORPUS]
    if unknown:
        parser.error(f"not in the corpus: {', '.join(unknown)}")
    scores = score_all(args.names or None)
    width = max(len(s.document) for s in scores)
    for s in scores:
        kind = CORPUS[s.document].kind
        print(f"{s.document:<{width}}  {kind:<6}  {s.right:>3}/{s.total:<3}  {s.accuracy:6.1%}")
        if args.verbose:
            for line in s.mismatches:
                print(f"    {line}")
    right, total = overall(scores)
    accuracy = right / total if total else 1.0
    print(f"{'overall':<{width}}  {'':<6}  {right:>3}/{total:<3}  {accuracy:6.1%}")
    print(f"documents read perfectly: {sum(s.right == s.total for s in scores)}/{len(scores)}")
    verdict = "PASS" if accuracy >= GOAL else "FAIL"
    print(f"goal: ≥ {GOAL:.0%} of the fields right with auto-detection alone — {verdict}")
    print(f"python {platform.python_version()} on {platform.node()}")
    return 0 if accuracy >= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
