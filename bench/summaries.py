"""Article and story summaries: ROUGE against Lead-3 on CNN/DailyMail, and redundancy on ECB+ events.

    .venv/bin/python bench/summaries.py [--cnndm FILE] [--ecbplus FILE]
    .venv/bin/python bench/summaries.py --halves [--half fit|held-out]   # ROUGE on each half of CNN/DM dev

1. ROUGE: reads ../shared/data/cnndm/dev.jsonl (never copied) and scores ROUGE-1/2/Lsum F1 with stemming
   (the ``rouge-score`` package), sentences one per line for Lsum, as the data README defines, for Lead-3,
   the article summariser at 3, 4 and 5 sentences, and the story summariser run on each single article.
   There are no gold multi-document summaries in the data, so this is what ROUGE can say of the story one.
2. Redundancy: the story summariser on ECB+ events (../shared/data/ecbplus/dev.jsonl, documents grouped by
   ``cluster``, the first 8 in ``doc_id`` order as a story's first articles, the first 12 sentences of
   each as the site uses for an outlet that allows republication): per event, the highest
   similarity between two sentences of its summary, by wordllama embeddings (cosine; an independent judge,
   since the summariser itself compares words) and by word overlap (TF cosine), beside summaries made the
   naive ways: each article's lead sentence, and the same summariser without MMR.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from rouge_score import rouge_scorer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newsdesk.pipeline.article_summary import SummaryConfig, split_sentences, summarise  # noqa: E402
from newsdesk.pipeline.story_summary import (  # noqa: E402
    SourceDocument,
    SourceSentence,
    StorySummaryConfig,
    sentence_similarity,
    summarise_story,
    target_count,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
METRICS = ("rouge1", "rouge2", "rougeLsum")
STORY_ARTICLES = 8  # as newsdesk.stories.summarising.SUMMARY_ARTICLES
LEAD_SENTENCES = 12  # as newsdesk.stories.summarising.LEAD_SENTENCES (an outlet that allows republication)
NO_MMR = StorySummaryConfig(mmr_lambda=1.0, max_similarity=1.01)


def document(key: str, text: str, limit: int | None = None) -> SourceDocument:
    return SourceDocument(key, tuple(SourceSentence(s, i) for i, s in enumerate(split_sentences(text)[:limit])))


def score(rows, summarize) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    totals = dict.fromkeys(METRICS, 0.0)
    for row in rows:
        reference = "\n".join(split_sentences(row["reference"]))
        result = scorer.score(reference, "\n".join(summarize(row["article"])))
        for metric in METRICS:
            totals[metric] += result[metric].fmeasure
    return {metric: 100 * total / len(rows) for metric, total in totals.items()}


def rouge_table(path: Path) -> None:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    systems = {
        "Lead-3": lambda article: split_sentences(article)[:3],
        "summarise (3, default)": lambda article: [s.text for s in summarise(article).sentences],
        "summarise (4)": lambda article: [
            s.text for s in summarise(article, SummaryConfig(min_sentences=4, max_sentences=4)).sentences
        ],
        "summarise (5)": lambda article: [
            s.text for s in summarise(article, SummaryConfig(min_sentences=5, max_sentences=5)).sentences
        ],
        "story summariser, 1 doc": lambda article: [
            s.text for s in summarise_story([document("a", article)]).sentences
        ],
    }
    print(f"{len(rows)} CNN/DailyMail articles; ROUGE F1 x100 (stemming; Lsum with one sentence per line)")
    print(f"{'system':<26} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7} {'articles/s':>11}")
    for name, system in systems.items():
        started = time.perf_counter()
        figures = score(rows, system)
        rate = len(rows) / (time.perf_counter() - started)
        print(f"{name:<26} {figures['rouge1']:6.2f} {figures['rouge2']:6.2f} {figures['rougeLsum']:7.2f} {rate:11.0f}")


def redundancy_table(path: Path) -> None:
    from newsdesk.pipeline.features import embedding_model

    model = embedding_model()
    events: dict[str, list[dict]] = defaultdict(list)
    for line in path.read_text().splitlines():
        row = json.loads(line)
        events[row["cluster"]].append(row)
    stories = [
        [
            document(r["doc_id"], r["text"], LEAD_SENTENCES)
            for r in sorted(rows, key=lambda r: r["doc_id"])[:STORY_ARTICLES]
        ]
        for _, rows in sorted(events.items())
    ]
    stories = [docs for docs in stories if len(docs) >= 2]

    def leads(docs):
        count = target_count(len(docs), StorySummaryConfig())
        return [d.sentences[0].text for d in docs if d.sentences][:count]

    systems = {
        "each article's lead": leads,
        "story summariser, no MMR": lambda docs: [s.text for s in summarise_story(docs, NO_MMR).sentences],
        "story summariser (MMR)": lambda docs: [s.text for s in summarise_story(docs).sentences],
    }
    print(
        f"\n{len(stories)} ECB+ events of 2 or more documents (first {STORY_ARTICLES} each): the most similar "
        "pair of sentences in each summary"
    )
    print(
        f"{'system':<26} {'sentences':>9} {'emb mean':>9} {'emb max':>8} {'>=0.85':>7} {'TF mean':>8} "
        f"{'TF max':>7} {'events/s':>9}"
    )
    for name, system in systems.items():
        started = time.perf_counter()
        summaries = [system(docs) for docs in stories]
        rate = len(stories) / (time.perf_counter() - started)
        embedded, overlap = [], []
        for sentences in summaries:
            vectors = model.embed(sentences, norm=True)
            pairs = list(combinations(range(len(sentences)), 2))
            embedded.append(max((float(vectors[i] @ vectors[j]) for i, j in pairs), default=0.0))
            overlap.append(max((sentence_similarity(sentences[i], sentences[j]) for i, j in pairs), default=0.0))
        near_repeats = sum(1 for value in embedded if value >= 0.85)
        mean_length = sum(len(s) for s in summaries) / len(summaries)
        print(
            f"{name:<26} {mean_length:9.2f} {sum(embedded) / len(embedded):9.3f} {max(embedded):8.3f} "
            f"{near_repeats:7d} {sum(overlap) / len(overlap):8.3f} {max(overlap):7.3f} {rate:9.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cnndm", type=Path, default=DATA / "cnndm" / "dev.jsonl")
    parser.add_argument("--ecbplus", type=Path, default=DATA / "ecbplus" / "dev.jsonl")
    parser.add_argument("--halves", action="store_true", help="ROUGE only, on each half (tests/support/halves.py)")
    parser.add_argument("--half", choices=["fit", "held-out"], help="with --halves: this half only")
    args = parser.parse_args()
    if args.halves:
        from bench.summaries_halves import halves_table, load_halves, print_table, shipped_systems

        halves = load_halves(args.cnndm)
        if args.half:
            halves = {args.half: halves[args.half]}
        print_table(halves_table(halves, shipped_systems()), list(halves))
        return 0
    rouge_table(args.cnndm)
    redundancy_table(args.ecbplus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
