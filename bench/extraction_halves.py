"""Article extraction on the two halves of the dev pages: options chosen on one, reported on both.

    .venv/bin/python bench/extraction.py --halves                  # every extractor, per half, side by side
    .venv/bin/python bench/extraction.py --halves --half held-out  # one half only
    .venv/bin/python bench/extraction_halves.py --fit              # ExtractConfig's options chosen on the fit half

The halves are ``tests/support/halves.py``'s: pages split by a stable hash of their file name.

``--fit`` is the procedure the shipped ``ExtractConfig`` came from (``bench/README.md``): each option of
``ExtractConfig`` is changed alone from the shipped config, every page extracted in this process (scores
only, no timing), and an option is taken when it raises the fit half's F1; the table gives each variant's F1
on both halves, so whether the choice holds on the pages it was not chosen on shows.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extraction import DATA, aggregate, load_pages, score_page  # noqa: E402
from tests.support.halves import FIT, HALVES, Half, extraction_file_name, extraction_half  # noqa: E402

VARIANTS = {
    "shipped": {},
    "favor_precision=False": {"favor_precision": False},
    "include_tables=False": {"include_tables": False},
    "min_words=0": {"min_words": 0},
    "min_words=100": {"min_words": 100},
}


def page_half(page_id: str) -> Half:
    return extraction_half(extraction_file_name(page_id))


def by_half(page_ids: list[str], counts: list[tuple[int, int, int]]) -> dict[Half, dict[str, float]]:
    """The scrapinghub aggregate of each half's pages (``counts`` in the order of ``page_ids``)."""
    return {
        half: {
            **aggregate([c for page_id, c in zip(page_ids, counts) if page_half(page_id) == half]),
            "pages": sum(1 for page_id in page_ids if page_half(page_id) == half),
        }
        for half in HALVES
    }


def fit_options(data: Path) -> dict:
    from newsdesk.pipeline.errors import ExtractError
    from newsdesk.pipeline.extract import ExtractConfig, extract_article

    pages = load_pages(data)
    page_ids = [page_id for page_id, *_ in pages]
    rows = {}
    for name, change in VARIANTS.items():
        config = replace(ExtractConfig(), **change)
        counts = []
        for _, url, html, gold in pages:
            try:
                text: str | None = extract_article(html, url=url, config=config).text
            except ExtractError:
                text = None
            counts.append(score_page(text, gold))
        rows[name] = by_half(page_ids, counts)
    shipped_fit = rows["shipped"][FIT]["f1"]
    chosen = [name for name, row in rows.items() if row[FIT]["f1"] > shipped_fit]
    return {"variants": rows, "taken_on_the_fit_half": chosen}


def print_halves(rows: dict[str, dict[Half, dict[str, float]]], halves: list[Half]) -> None:
    first = next(iter(rows.values()))
    print("pages: " + ", ".join(f"{half} {first[half]['pages']:.0f}" for half in halves))
    print(f"{'extractor':<26}" + "".join(f"{h + ' F1':>13}{'P':>7}{'R':>7}{'F1 strict':>11}" for h in halves))
    for name, row in rows.items():
        cells = "".join(
            f"{row[h]['f1']:>13.3f}{row[h]['precision']:>7.3f}{row[h]['recall']:>7.3f}{row[h]['f1_strict']:>11.3f}"
            for h in halves
        )
        print(f"{name:<26}{cells}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fit", action="store_true", help="compare ExtractConfig's options on each half")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.fit:
        parser.error("nothing to do: pass --fit (per-half figures of every extractor: bench/extraction.py --halves)")
    report = fit_options(args.data)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print_halves(report["variants"], list(HALVES))
    print(f"options that raise the fit half's F1 over the shipped config: {report['taken_on_the_fit_half'] or 'none'}")


if __name__ == "__main__":
    main()
