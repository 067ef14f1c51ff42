"""Fuzzing the readers: the cases run, their time, and the unexpected exceptions (BENCHMARKS.md's figure).

    .venv/bin/python bench/fuzz.py             # the CI run: derandomized, the same cases every time
    .venv/bin/python bench/fuzz.py --random    # fresh cases (NEWSDESK_FUZZ_RANDOM=1), to look for new failures

1. Run ``tests/fuzz/test_feed_fuzz.py`` (feeds: real files mutated, hostile JSON Feeds, hostile RSS/Atom)
   and ``tests/fuzz/test_reader_fuzz.py`` (pages, sitemaps, OPML) under pytest, as CI does.
2. Print the fuzz section ``tests/fuzz/conftest.py`` writes: cases per test (and how many ended in a typed
   error, the readers' way of refusing), seconds per test, and the total line with the unexpected
   exceptions (any exception that is not a ``PipelineError``, or a value breaking a property, fails its test).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--random", action="store_true", help="fresh random cases instead of the CI ones")
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    if args.random:
        env["NEWSDESK_FUZZ_RANDOM"] = "1"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/fuzz/test_feed_fuzz.py",
        "tests/fuzz/test_reader_fuzz.py",
        "-q",
        "-p",
        "no:cacheprovider",
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    lines = result.stdout.splitlines()
    start = next((n for n, line in enumerate(lines) if " fuzz " in line and line.startswith("=")), None)
    print("\n".join(lines[start + 1 :] if start is not None else lines[-20:]))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
