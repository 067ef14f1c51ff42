"""Summaries' ROUGE on the two halves of CNN/DailyMail dev: weights chosen on one half, reported on both.

    .venv/bin/python bench/summaries.py --halves           # Lead-3 and ours, per half, side by side
    .venv/bin/python bench/summaries_halves.py --fit       # the summarisers' position and MMR weights, refit

The halves are ``tests/support/halves.py``'s: articles split by a stable hash of their ``id``.

``--fit`` runs the grid the shipped weights were chosen from on the fit half alone: the article summariser's
``position_weight`` and the story summariser's ``position_weight`` and ``mmr_lambda`` (run on each single
article, as ``bench/summaries.py`` does), chosen by ROUGE-1 on the fit half, then every setting scored on both.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.summaries import DATA, document, score  # noqa: E402
from newsdesk.pipeline.article_summary import SummaryConfig, split_sentences, summarise  # noqa: E402
from newsdesk.pipeline.story_summary import StorySummaryConfig, summarise_story  # noqa: E402
from tests.support.halves import FIT, HALVES, Half, cnndm_half  # noqa: E402

ARTICLE_POSITION_WEIGHTS = (0.6, 0.7, 0.8, 0.9, 1.0)
STORY_POSITION_WEIGHTS = (0.6, 0.7, 0.8, 0.9)
STORY_MMR_LAMBDAS = (0.7, 0.85, 1.0)

System = Callable[[str], list[str]]


def load_halves(path: Path) -> dict[Half, list[dict]]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {half: [row for row in rows if cnndm_half(row["id"]) == half] for half in HALVES}


def article_system(config: SummaryConfig) -> System:
    return lambda article: [s.text for s in summarise(article, config).sentences]


def story_system(config: StorySummaryConfig) -> System:
    return lambda article: [s.text for s in summarise_story([document("a", article)], config=config).sentences]


def shipped_systems() -> dict[str, System]:
    return {
        "Lead-3": lambda article: split_sentences(article)[:3],
        "summarise (3, default)": article_system(SummaryConfig()),
        "story summariser, 1 doc": story_system(StorySummaryConfig()),
    }


def halves_table(halves: dict[Half, list[dict]], systems: dict[str, System]) -> dict[str, dict[Half, dict]]:
    return {name: {half: score(rows, system) for half, rows in halves.items()} for name, system in systems.items()}


def fit_grid(halves: dict[Half, list[dict]]) -> dict:
    """Every setting of the grid on both halves; the one chosen is the best ROUGE-1 on the fit half."""
    article = {
        f"summarise, position_weight {w}": article_system(replace(SummaryConfig(), position_weight=w))
        for w in ARTICLE_POSITION_WEIGHTS
    }
    story = {
        f"story summariser, position_weight {w}, mmr_lambda {m}": story_system(
            replace(StorySummaryConfig(), position_weight=w, mmr_lambda=m)
        )
        for w in STORY_POSITION_WEIGHTS
        for m in STORY_MMR_LAMBDAS
    }
    report = {}
    for family, systems in (("article", article), ("story", story)):
        table = halves_table(halves, systems)
        chosen = max(table, key=lambda name: table[name][FIT]["rouge1"])
        report[family] = {"settings": table, "chosen_on_the_fit_half": chosen}
    return report


def print_table(table: dict[str, dict[Half, dict]], halves: list[Half]) -> None:
    print(f"{'system':<56}" + "".join(f"{h + ' R-1':>14}{'R-2':>7}{'R-Lsum':>8}" for h in halves))
    for name, row in table.items():
        cells = "".join(f"{row[h]['rouge1']:>14.2f}{row[h]['rouge2']:>7.2f}{row[h]['rougeLsum']:>8.2f}" for h in halves)
        print(f"{name:<56}{cells}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fit", action="store_true", help="refit the summarisers' weights on the fit half")
    parser.add_argument("--cnndm", type=Path, default=DATA / "cnndm" / "dev.jsonl")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.fit:
        parser.error(
            "nothing to do: pass --fit (per-half ROUGE of the shipped summarisers: bench/summaries.py --halves)"
        )
    report = fit_grid(load_halves(args.cnndm))
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for family in report.values():
        print_table(family["settings"], list(HALVES))
        print(f"chosen on the fit half: {family['chosen_on_the_fit_half']}\n")


if __name__ == "__main__":
    main()
