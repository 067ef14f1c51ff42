"""Summaries' ROUGE on the two halves of CNN/DailyMail dev: every departure from the lead fitted both ways.

    .venv/bin/python bench/summaries.py --halves           # Lead-3 and ours, per half, side by side
    .venv/bin/python bench/summaries_halves.py --fit       # the departures from the lead, fitted both ways

The halves are ``tests/support/halves.py``'s: articles split by a stable hash of their ``id``.

``--fit`` prints, with Lead-3 beside them:

1. The lead and its cleaning on both halves (nothing is fitted): Lead-3, the cleaned lead the article summariser
   ships (``pipeline.boilerplate``), and the cleaning rule left out (captions run into the first sentence
   without a "(pictured)").
2. Each family of departures from the lead, chosen on one half (best mean of R-1, R-2 and R-Lsum) and reported
   on the other, then the reverse: the article summariser's ``position_weight`` and ``short_sentence_words``;
   the story summariser's own ranking (``position_weight``, ``mmr_lambda``) run on each single article instead
   of that article's cleaned lead. A family is kept only if both choices beat Lead-3 on R-1, R-2 and R-Lsum
   on their unfitted half.
3. Every setting of each grid on both halves.
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

from bench.summaries import DATA, METRICS, document, score  # noqa: E402
from newsdesk.pipeline.article_summary import SummaryConfig, split_sentences, summarise  # noqa: E402
from newsdesk.pipeline.boilerplate import news_sentences  # noqa: E402
from newsdesk.pipeline.story_summary import StorySummaryConfig, summarise_story  # noqa: E402
from tests.support.halves import HALVES, Half, cnndm_half  # noqa: E402

ARTICLE_POSITION_WEIGHTS = (0.6, 0.7, 0.8, 0.9, 1.0)
ARTICLE_SHORT_SENTENCE_WORDS = (0, 8)
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


def lead_3(article: str) -> list[str]:
    return split_sentences(article)[:3]


def unmarked_captions_lead(article: str) -> list[str]:
    """The cleaned lead, cutting also a caption run into the first sentence that does not say it is one."""
    news = news_sentences(list(enumerate(split_sentences(article))), unmarked_captions=True)
    return [text for _, text in news[:3]]


def shipped_systems() -> dict[str, System]:
    return {
        "Lead-3": lead_3,
        "summarise (3, default: the cleaned lead)": article_system(SummaryConfig()),
        "story summariser, 1 doc": story_system(StorySummaryConfig()),
    }


def cleaning_systems() -> dict[str, System]:
    """What cleaning the lead gains: Lead-3, the shipped cleaning, and a rule left out."""
    return {
        "Lead-3": lead_3,
        "lead, cleaned (shipped)": article_system(SummaryConfig()),
        "lead, cleaned + unmarked run-in captions": unmarked_captions_lead,
    }


def halves_table(halves: dict[Half, list[dict]], systems: dict[str, System]) -> dict[str, dict[Half, dict]]:
    return {name: {half: score(rows, system) for half, rows in halves.items()} for name, system in systems.items()}


def article_departures() -> dict[str, System]:
    """Every setting of the article summariser's grid except the lead itself (position only, no penalty)."""
    return {
        f"summarise, position_weight {w}, short_sentence_words {n}": article_system(
            replace(SummaryConfig(), position_weight=w, short_sentence_words=n)
        )
        for w in ARTICLE_POSITION_WEIGHTS
        for n in ARTICLE_SHORT_SENTENCE_WORDS
        if not (w >= 1.0 and n == 0)
    }


def story_departures() -> dict[str, System]:
    """The story summariser's own ranking (MMR) run on one article instead of the article's cleaned lead."""
    return {
        f"story summariser, position_weight {w}, mmr_lambda {m}": story_system(
            replace(StorySummaryConfig(), position_weight=w, mmr_lambda=m, lead_for_one_document=False)
        )
        for w in STORY_POSITION_WEIGHTS
        for m in STORY_MMR_LAMBDAS
    }


def fit_both_ways(halves: dict[Half, list[dict]]) -> dict:
    """For each family of departures: chosen on one half (best mean of R-1, R-2, R-Lsum), reported on the other,
    and the reverse. A family is kept only if both choices beat Lead-3 on all three on their unfitted half."""
    lead = halves_table(halves, {"Lead-3": lead_3})["Lead-3"]
    report: dict = {"Lead-3": lead}
    for family, systems in (("article", article_departures()), ("story, 1 doc", story_departures())):
        table = halves_table(halves, systems)
        directions = []
        for fitted in HALVES:
            unfitted = next(h for h in HALVES if h != fitted)
            chosen = max(table, key=lambda name: sum(table[name][fitted].values()))
            beats = all(table[chosen][unfitted][m] > lead[unfitted][m] for m in METRICS)
            directions.append(
                {
                    "fitted_on": fitted,
                    "chosen": chosen,
                    "fitted": table[chosen][fitted],
                    "unfitted": table[chosen][unfitted],
                    "lead_3_unfitted": lead[unfitted],
                    "beats_lead_3_unfitted": beats,
                }
            )
        report[family] = {
            "settings": table,
            "directions": directions,
            "kept": all(d["beats_lead_3_unfitted"] for d in directions),
        }
    return report


def print_table(table: dict[str, dict[Half, dict]], halves: list[Half]) -> None:
    print(f"{'system':<62}" + "".join(f"{h + ' R-1':>14}{'R-2':>7}{'R-Lsum':>8}" for h in halves))
    for name, row in table.items():
        cells = "".join(f"{row[h]['rouge1']:>14.2f}{row[h]['rouge2']:>7.2f}{row[h]['rougeLsum']:>8.2f}" for h in halves)
        print(f"{name:<62}{cells}")


def print_directions(family: str, result: dict) -> None:
    def cells(figures: dict) -> str:
        return "".join(f"{figures[m]:>7.2f}" for m in METRICS)

    print(f"{family}: chosen on one half, reported on the other (R-1, R-2, R-Lsum)")
    print(f"{'fitted on':<10} {'chosen':<56} {'fitted half':>21} {'unfitted half':>21} {'Lead-3 unfitted':>21}  beats")
    for d in result["directions"]:
        print(
            f"{d['fitted_on']:<10} {d['chosen']:<56} {cells(d['fitted'])} {cells(d['unfitted'])} "
            f"{cells(d['lead_3_unfitted'])}  {'yes' if d['beats_lead_3_unfitted'] else 'no'}"
        )
    print(f"kept: {'yes' if result['kept'] else 'no: the lead stays'}\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--fit", action="store_true", help="fit the departures from the lead on each half in turn")
    parser.add_argument("--cnndm", type=Path, default=DATA / "cnndm" / "dev.jsonl")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.fit:
        parser.error(
            "nothing to do: pass --fit (per-half ROUGE of the shipped summarisers: bench/summaries.py --halves)"
        )
    halves = load_halves(args.cnndm)
    report = fit_both_ways(halves)
    report["cleaning"] = halves_table(halves, cleaning_systems())
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print("The lead and its cleaning, on both halves (nothing fitted):")
    print_table(report["cleaning"], list(HALVES))
    print()
    for family in ("article", "story, 1 doc"):
        print_directions(family, report[family])
    for family in ("article", "story, 1 doc"):
        print(f"every {family} setting on both halves:")
        print_table(report[family]["settings"], list(HALVES))
        print()


if __name__ == "__main__":
    main()
