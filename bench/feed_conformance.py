"""Feed conformance: how many of feedparser's and gofeed's test files our feed layer passes, per folder.

    .venv/bin/python bench/feed_conformance.py              # the table
    .venv/bin/python bench/feed_conformance.py --failures   # and why each failing file fails

1. List the cases in ``../shared/data/feeds/`` (read in place, never copied): feedparser's conformance files
   and gofeed's fixtures (an input beside its expected JSON).
2. Run each through the feed layer exactly as ``tests/conformance`` does (``tests/conformance/harness.py``
   says how a file is run and what is compared).
3. Print one row per folder: files, passed, failed, not applicable (the file names an optional library we
   lack, or its expected JSON gives none of the fields our layer carries), and the pass rate, which is
   passed / (passed + failed).
4. For the record of ``feeds.text.SANITIZE_HTML``, run feedparser's files again with sanitising off.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.pipeline.feeds import text as feed_options  # noqa: E402
from tests.conformance.harness import (  # noqa: E402
    FAIL,
    NOT_APPLICABLE,
    PASS,
    Outcome,
    feedparser_cases,
    folder_of,
    gofeed_cases,
    known_failures,
    run_feedparser_case,
    run_gofeed_case,
)


def run_suite(cases, run) -> tuple[dict[str, Counter], dict[str, str]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    failures = {}
    for case in cases:
        try:
            outcome = run(case)
        except Exception as exc:  # one broken file must not stop the count; the tests show its traceback
            outcome = Outcome(FAIL, f"raised {type(exc).__name__}: {exc}")
        counts[folder_of(case)][outcome.status] += 1
        if outcome.status == FAIL:
            failures[case] = outcome.detail
    return counts, failures


def rate(count: Counter) -> str:
    judged = count[PASS] + count[FAIL]
    return f"{100 * count[PASS] / judged:.1f}%" if judged else "-"


def table(title: str, counts: dict[str, Counter]) -> list[str]:
    rows = [f"| {title} folder | files | passed | failed | n/a | pass rate |", "|---|---:|---:|---:|---:|---:|"]
    total = Counter()
    for folder in sorted(counts):
        count = counts[folder]
        total.update(count)
        rows.append(
            f"| `{folder}` | {count.total()} | {count[PASS]} | {count[FAIL]} | {count[NOT_APPLICABLE]} "
            f"| {rate(count)} |"
        )
    rows.append(
        f"| **all** | {total.total()} | {total[PASS]} | {total[FAIL]} | {total[NOT_APPLICABLE]} | {rate(total)} |"
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="print why each failing file fails")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # feedparser's DeprecationWarnings, raised by some Expect: expressions
    feedparser_files, gofeed_files = feedparser_cases(), gofeed_cases()
    if not feedparser_files or not gofeed_files:
        print("shared data not found: expected ../shared/data/feeds/{feedparser,gofeed} beside the repository")
        return 1
    started = time.perf_counter()
    fp_counts, fp_failures = run_suite(feedparser_files, run_feedparser_case)
    go_counts, go_failures = run_suite(gofeed_files, run_gofeed_case)
    elapsed = time.perf_counter() - started
    print("\n".join(table("feedparser", fp_counts)))
    print()
    print("\n".join(table("gofeed", go_counts)))

    feed_options.SANITIZE_HTML = False
    try:
        unsanitised, _ = run_suite(feedparser_files, run_feedparser_case)
    finally:
        feed_options.SANITIZE_HTML = True
    total = sum(unsanitised.values(), Counter())
    print(
        f"\nfeedparser files with sanitize_html=False: {total[PASS]} passed, {total[FAIL]} failed "
        f"({rate(total)}); with our setting (True): {rate(sum(fp_counts.values(), Counter()))}"
    )
    unlisted = sorted((set(fp_failures) | set(go_failures)) - set(known_failures()))
    print(
        f"{len(fp_failures) + len(go_failures)} failing files, {len(unlisted)} not in "
        f"tests/conformance/known_failures.txt; {elapsed:.1f} s for both suites"
    )
    if args.failures:
        for case, detail in sorted({**fp_failures, **go_failures}.items()):
            reason = known_failures().get(case, "NOT IN known_failures.txt")
            print(f"\n{case}\n  known: {reason}\n  {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
