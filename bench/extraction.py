"""Article extraction benchmark: plain trafilatura and newsdesk's extractor, on the same real pages, in one run.

    .venv/bin/python bench/extraction.py           # a table
    .venv/bin/python bench/extraction.py --json    # the same figures, machine-readable
    .venv/bin/python bench/extraction.py --halves [--half fit|held-out]  # F1/P/R on each half of the pages

1. Load the pages and their gold bodies from ``../shared/data/extraction/`` (beside the repository; read in
   place, never copied). Every extractor gets the same input: the page decoded as UTF-8, as the scrapinghub
   runners read it.
2. Run each extractor in its own freshly spawned process, so the speed and the peak RSS are its own. One page
   is extracted first, untimed, so that lazy loading (stop lists, date patterns) is not counted as speed; then
   all pages are extracted ``--repeat`` times and the fastest pass gives pages/s (as ``timeit`` does: the
   slower passes measure other load on the machine). Scores come from the first pass.
3. Score every page with the scrapinghub article-extraction-benchmark measure (``score_page``), then average.
4. Print one row per extractor.

The measure, as in scrapinghub's ``evaluate.py``: both texts are split with the regex ``\\w+``; the 4-word
shingles are counted as multisets; shared = sum over shingles of min(extracted count, gold count); precision =
shared / extracted and recall = shared / gold per page; P and R are averaged over pages and F1 is computed
from the two averages. Its conventions for empty texts, kept here so the numbers compare with the published
ones:

- a page with an empty extraction (for newsdesk: a page rejected with NotAnArticle or TooShort) is left out
  of the precision average and counts as recall 0;
- a page whose gold body is empty would be left out of the recall average (none is, in this data);
- a text of 1 to 3 words is a single shorter shingle; identical texts score P = R = 1.

Leaving empty output out of precision favours an extractor that rejects doubtful pages, so the table also
gives "strict" figures, where an empty extraction of a non-empty gold body counts as precision 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "extraction"
WORD = re.compile(r"\w+")
SHINGLE = 4

# name -> how it is called, shown in the table; the calls themselves are in ``_extractor``.
EXTRACTORS = {
    "trafilatura": "trafilatura.extract(html)",
    "trafilatura-bare": "trafilatura.bare_extraction(html).text",
    "trafilatura-nocomments": "trafilatura.extract(html, include_comments=False)  (scrapinghub's runner)",
    "newsdesk": "newsdesk.pipeline.extract.extract_article(html, url=url).text",
}


# 3. The measure ------------------------------------------------------------------------------------------


def shingles(text: str | None, n: int = SHINGLE) -> Counter:
    words = WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words)


def score_page(extracted: str | None, gold: str) -> tuple[int, int, int]:
    """(shared, extracted, gold) shingle counts for one page."""
    ours, theirs = shingles(extracted), shingles(gold)
    shared = sum((ours & theirs).values())
    return shared, sum(ours.values()), sum(theirs.values())


def _precision(shared: int, extracted: int, gold: int) -> float:
    if extracted == shared and gold == shared:  # identical, both empty included
        return 1.0
    return shared / extracted if extracted else 0.0


def _recall(shared: int, extracted: int, gold: int) -> float:
    if extracted == shared and gold == shared:
        return 1.0
    return shared / gold if gold else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate(counts: list[tuple[int, int, int]]) -> dict[str, float]:
    """Average P and R over pages (scrapinghub's conventions, see the module docstring), F1 from the averages."""
    precision = statistics.fmean([_precision(*c) for c in counts if c[1]] or [0.0])
    recall = statistics.fmean([_recall(*c) for c in counts if c[2]] or [0.0])
    strict_p = statistics.fmean([_precision(*c) for c in counts if c[1] or c[2]] or [0.0])
    return {
        "f1": _f1(precision, recall),
        "precision": precision,
        "recall": recall,
        "f1_strict": _f1(strict_p, recall),
        "precision_strict": strict_p,
    }


# 1. The pages --------------------------------------------------------------------------------------------


def load_pages(data: Path) -> list[tuple[str, str, str, str]]:
    """(id, url, html, gold body) for every page of the data set, in ground-truth order."""
    truth_file = data / "ground-truth.json"
    if not truth_file.exists():
        sys.exit(
            f"No extraction data at {data}: expected ground-truth.json and html/<id>.html.gz there "
            "(the shared data folder beside the repository), or pass --data PATH."
        )
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    return [
        (
            page_id,
            item["url"],
            gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8"),
            item["articleBody"],
        )
        for page_id, item in truth.items()
    ]


# 2. One extractor in one process -------------------------------------------------------------------------


@dataclass
class Run:
    texts: list[str | None]  # None: no output (trafilatura's None, or a page newsdesk rejected)
    rejected: dict[str, int]  # newsdesk's rejection reasons and how many pages had each
    seconds: float
    peak_rss_mib: float


def _extractor(name: str):
    import trafilatura

    if name == "trafilatura":
        return lambda html, url: trafilatura.extract(html)
    if name == "trafilatura-bare":

        def bare(html, url):
            document = trafilatura.bare_extraction(html)
            return document.text if document is not None else None

        return bare
    if name == "trafilatura-nocomments":
        return lambda html, url: trafilatura.extract(html, include_comments=False)
    if name == "newsdesk":
        from newsdesk.pipeline.extract import extract_article

        return lambda html, url: extract_article(html, url=url).text
    raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(EXTRACTORS)}")


def run_extractor(name: str, pages: list[tuple[str, str]], repeat: int = 3) -> Run:
    """Extract (html, url) pages with one extractor; meant to run in a fresh process."""
    from newsdesk.pipeline.errors import ExtractError

    extract = _extractor(name)

    def one_pass() -> tuple[list[str | None], Counter]:
        texts: list[str | None] = []
        rejected: Counter = Counter()
        for html, url in pages:
            try:
                texts.append(extract(html, url))
            except ExtractError as exc:
                texts.append(None)
                rejected[exc.reason.value] += 1
        return texts, rejected

    try:  # warm-up, untimed
        extract(*pages[0])
    except ExtractError:
        pass
    outcomes, seconds = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        outcomes.append(one_pass())
        seconds.append(time.perf_counter() - start)
    texts, rejected = outcomes[0]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mib = peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux
    return Run(texts, dict(rejected), min(seconds), peak_mib)


def benchmark(data: Path, names: list[str], repeat: int = 3) -> dict:
    import trafilatura

    pages = load_pages(data)
    inputs = [(html, url) for _, url, html, _ in pages]
    results = []
    for name in names:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            run = pool.submit(run_extractor, name, inputs, repeat).result()
        counts = [score_page(text, gold) for text, (_, _, _, gold) in zip(run.texts, pages)]
        results.append(
            {
                "extractor": name,
                "call": EXTRACTORS[name],
                **aggregate(counts),
                "empty": sum(1 for text in run.texts if not (text or "").strip()),
                "rejected": sum(run.rejected.values()),
                "rejected_by_reason": run.rejected,
                "seconds": run.seconds,
                "pages_per_s": len(pages) / run.seconds,
                "peak_rss_mib": run.peak_rss_mib,
                "pages": {
                    page_id: dict(zip(("shared", "extracted", "gold"), c)) for (page_id, *_), c in zip(pages, counts)
                },
            }
        )
    return {
        "data": str(data),
        "pages": len(pages),
        "trafilatura_version": trafilatura.__version__,
        "python": sys.version.split()[0],
        "repeat": repeat,
        "results": results,
    }


# 4. Report -----------------------------------------------------------------------------------------------


def print_table(report: dict) -> None:
    print(
        f"{report['pages']} pages from {report['data']}; trafilatura {report['trafilatura_version']}, "
        f"Python {report['python']}; pages/s from the fastest of {report['repeat']} passes"
    )
    header = (
        f"{'extractor':<24}{'F1':>7}{'P':>7}{'R':>7}{'F1 strict':>11}{'empty':>7}{'rejected':>10}"
        f"{'pages/s':>9}{'peak RSS':>10}"
    )
    print(header)
    print("-" * len(header))
    for row in report["results"]:
        print(
            f"{row['extractor']:<24}{row['f1']:>7.3f}{row['precision']:>7.3f}{row['recall']:>7.3f}"
            f"{row['f1_strict']:>11.3f}{row['empty']:>7}{row['rejected']:>10}{row['pages_per_s']:>9.1f}"
            f"{row['peak_rss_mib']:>7.0f} MiB"
        )
    print()
    for row in report["results"]:
        reasons = ", ".join(f"{reason} {count}" for reason, count in sorted(row["rejected_by_reason"].items()))
        print(f"{row['extractor']:<24}{row['call']}" + (f"  [rejected: {reasons}]" if reasons else ""))
    print("\nF1/P/R: scrapinghub measure (empty output left out of P); F1 strict: empty output counts as P = 0.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--json", action="store_true", help="print machine-readable results (with per-page counts)")
    parser.add_argument("--data", type=Path, default=DATA, help=f"the data folder (default: {DATA})")
    parser.add_argument(
        "--extractor",
        action="append",
        choices=list(EXTRACTORS),
        help="run only these extractors (repeatable; default: all)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per extractor; the fastest counts")
    parser.add_argument(
        "--halves", action="store_true", help="scores on each half of the pages (tests/support/halves.py)"
    )
    parser.add_argument("--half", choices=["fit", "held-out"], help="with --halves: this half only")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    report = benchmark(args.data, args.extractor or list(EXTRACTORS), args.repeat)
    if args.halves:
        from bench.extraction_halves import by_half, print_halves

        halves = {
            row["extractor"]: by_half(list(row["pages"]), [tuple(c.values()) for c in row["pages"].values()])
            for row in report["results"]
        }
        report["halves"] = halves
        if not args.json:
            print_halves(halves, [args.half] if args.half else ["fit", "held-out"])
            return
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
