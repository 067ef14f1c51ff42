"""Article summaries against Lead-3 on CNN/DailyMail, measured in the same run.

    .venv/bin/python bench/summaries.py

Reads ../shared/data/cnndm/dev.jsonl (never copied) and scores ROUGE-1/2/Lsum F1 with stemming (the
``rouge-score`` package), sentences one per line for Lsum, as the data README defines. Also prints speed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rouge_score import rouge_scorer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsdesk.pipeline.summarise import split_sentences, summarise  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cnndm" / "dev.jsonl"
METRICS = ("rouge1", "rouge2", "rougeLsum")


def score(rows, summarize) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    totals = dict.fromkeys(METRICS, 0.0)
    for row in rows:
        reference = "\n".join(split_sentences(row["reference"]))
        result = scorer.score(reference, "\n".join(summarize(row["article"])))
        for metric in METRICS:
            totals[metric] += result[metric].fmeasure
    return {metric: 100 * total / len(rows) for metric, total in totals.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    systems = {
        "Lead-3": lambda article: split_sentences(article)[:3],
        "newsdesk summarise": lambda article: [s.text for s in summarise(article).sentences],
    }
    print(f"{len(rows)} CNN/DailyMail articles; ROUGE F1 x100 (stemming; Lsum with one sentence per line)")
    print(f"{'system':<20} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7} {'articles/s':>11}")
    for name, system in systems.items():
        started = time.perf_counter()
        figures = score(rows, system)
        rate = len(rows) / (time.perf_counter() - started)
        print(f"{name:<20} {figures['rouge1']:6.2f} {figures['rouge2']:6.2f} {figures['rougeLsum']:7.2f} {rate:11.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
