"""Story clustering benchmarks: assignment speed as the archive grows, featurizing speed, and quality.

    .venv/bin/python bench/clustering.py --throughput            # assign() with 1k, 10k, 100k stored articles
    .venv/bin/python bench/clustering.py --featurize             # featurize() per core, with/without embeddings
    .venv/bin/python bench/clustering.py --quality               # = newsdesk eval clustering (ECB+ dev)
    .venv/bin/python bench/clustering.py --halves [--ablations] [--half fit|held-out] [--seeds 0 1 2]
                                                                 # shipped config on each half of ECB+ dev
    .venv/bin/python bench/clustering.py --fit [--fit-half fit|held-out]
                                                                 # refit on one half (the fit half unless
                                                                 # told), report both halves
    add --json to any of them for machine-readable output

Throughput uses synthetic articles (features made directly, no text): many events, each with its own names,
numbers and rare words, over topics whose words they share, on a Zipf background vocabulary, an embedding
near its event's, headline names and, for half of them, the event's day. Each size runs in a fresh process,
so its peak RSS is its own: the archive is loaded with ``add`` (as at start-up from the database), then
``assign`` is timed on articles that arrive after it, a mix of follow-ups to stored events and new events.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.pipeline.cluster import OnlineClusterer, StoryDoc  # noqa: E402
from newsdesk.pipeline.features import DocFeatures, FeatureConfig, featurize  # noqa: E402

ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus" / "dev.jsonl"
SIZES = (1_000, 10_000, 100_000)
T0 = datetime(2024, 1, 1, tzinfo=UTC)


class SyntheticNews:
    """Articles of ~10 per event; events belong to topics; everything seeded."""

    def __init__(self, seed: int = 0, dim: int = 256) -> None:
        self.random = random.Random(seed)
        self.dim = dim
        self.background = [f"w{i}" for i in range(20_000)]
        self.cumulative = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(self.background))))
        self.numpy = np.random.default_rng(seed)
        self.topics = [[f"topic{t}x{i}" for i in range(25)] for t in range(300)]
        self.events: list[dict] = []

    def new_event(self) -> dict:
        r = self.random
        n = len(self.events)
        event = {
            "id": n,
            "topic": r.randrange(len(self.topics)),
            "terms": [f"ev{n}t{i}" for i in range(8)],
            "names": [f"name{n}n{i}" for i in range(3)],
            "numbers": [str(r.randrange(10, 2000)) for _ in range(3)],
            "day": f"2024-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}",
            "vector": self.numpy.standard_normal(self.dim),
        }
        self.events.append(event)
        return event

    def article(self, doc_id: str, published: datetime, follow_up: float = 0.8) -> tuple[StoryDoc, int]:
        r = self.random
        recent = self.events[-2000:]
        event = r.choice(recent) if recent and r.random() < follow_up else self.new_event()
        terms = {t: 1.0 + r.random() for t in r.sample(event["terms"], 6)}
        terms.update({t: 1.0 + r.random() for t in r.sample(self.topics[event["topic"]], 12)})
        terms.update({t: 1.0 for t in r.choices(self.background, cum_weights=self.cumulative, k=40)})
        terms.update({n: 1.0 for n in r.sample(event["numbers"], 2)})
        names = tuple(r.sample(event["names"], 2)) + tuple(f"name{r.randrange(50_000)}" for _ in range(6))
        vector = event["vector"] + self.numpy.normal(0, 1.2, self.dim)
        vector /= np.linalg.norm(vector)
        # Headline names: the event's main two and a passing one; half the reports name the event's day.
        lead_names = (*names[:2], names[r.randrange(2, len(names))])
        dates = (event["day"],) if r.random() < 0.5 else ()
        features = DocFeatures(
            exact_hash=doc_id,
            minhash=(),
            terms=terms,
            entities=names,
            embedding=tuple(vector.tolist()),
            lead_names=lead_names,
            dates=dates,
        )
        return StoryDoc(doc_id, features, published, f"outlet{r.randrange(40)}"), event["id"]


def throughput_one(stored: int, timed: int = 2000, seed: int = 0) -> dict:
    news = SyntheticNews(seed)
    clusterer = OnlineClusterer()
    step = timedelta(days=10) / (stored + timed)
    started = time.perf_counter()
    for i in range(stored):  # the archive, loaded as stored: story = its event
        doc, event = news.article(f"a{i}", T0 + i * step)
        clusterer.add(f"event{event}", doc)
    load_s = time.perf_counter() - started
    arriving = [news.article(f"b{i}", T0 + (stored + i) * step) for i in range(timed)]
    comparisons = clusterer.comparisons
    started = time.perf_counter()
    for doc, _ in arriving:
        clusterer.assign(doc)
    elapsed = time.perf_counter() - started
    return {
        "stored": stored,
        "stories": len(clusterer),
        "timed": timed,
        "articles_per_s": timed / elapsed,
        "ms_per_article": 1000 * elapsed / timed,
        "comparisons_per_article": (clusterer.comparisons - comparisons) / timed,
        "load_s": load_s,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def featurize_speed(limit: int = 300) -> list[dict]:
    texts = [json.loads(line)["text"] for line in ECBPLUS.open(encoding="utf-8")][:limit]
    results = []
    for embedding in (True, False):
        config = FeatureConfig(embedding=embedding)
        featurize("", texts[0], config)  # loads the model once, untimed
        started = time.perf_counter()
        for text in texts:
            featurize("", text, config)
        elapsed = time.perf_counter() - started
        results.append(
            {
                "embedding": embedding,
                "articles": len(texts),
                "words_per_article": sum(len(t.split()) for t in texts) / len(texts),
                "features_per_s_per_core": len(texts) / elapsed,
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--throughput", action="store_true")
    parser.add_argument("--featurize", action="store_true")
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--halves", action="store_true", help="B-cubed on each half of ECB+ dev, side by side")
    parser.add_argument("--half", choices=["fit", "held-out"], help="with --halves or --fit: this half only")
    parser.add_argument(
        "--fit", action="store_true", help="refit the weights on the fit half (bench/clustering_halves.py)"
    )
    parser.add_argument(
        "--fit-half",
        choices=["fit", "held-out"],
        default="fit",
        help="with --fit: the half to refit on (held-out: the reverse fit, reported on the fit half unfitted)",
    )
    parser.add_argument("--ablations", action="store_true", help="with --halves: each part of the config left out")
    parser.add_argument("--seeds", type=int, nargs="*", default=list(range(12)), help="arrival orders averaged")
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(throughput_one(args.one)))
        return
    report: dict = {}
    if args.throughput:
        report["throughput"] = [
            json.loads(
                subprocess.run(
                    [sys.executable, __file__, "--one", str(size)], check=True, capture_output=True, text=True
                ).stdout
            )
            for size in args.sizes
        ]
    if args.featurize:
        report["featurize"] = featurize_speed()
    if args.quality:
        from newsdesk.pipeline.cluster.evaluate import evaluate

        report["quality"] = evaluate(ECBPLUS).to_dict()
    if args.halves or args.fit:
        from bench.clustering_halves import halves_report

        report["halves"] = halves_report(
            ECBPLUS,
            args.seeds,
            [args.half] if args.half else ["fit", "held-out"],
            args.fit,
            args.ablations,
            args.fit_half,
        )
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for row in report.get("throughput", []):
        print(
            f"stored {row['stored']:>7}  stories {row['stories']:>6}  {row['articles_per_s']:7.0f} articles/s  "
            f"{row['ms_per_article']:.2f} ms/article  {row['comparisons_per_article']:.1f} comparisons/article  "
            f"peak RSS {row['peak_rss_mib']:.0f} MiB  (load {row['load_s']:.0f} s)"
        )
    for row in report.get("featurize", []):
        print(
            f"featurize, embedding {'on ' if row['embedding'] else 'off'}: "
            f"{row['features_per_s_per_core']:.0f} articles/s per core ({row['words_per_article']:.0f} words each)"
        )
    if "quality" in report:
        print(json.dumps(report["quality"], indent=2))
    if "halves" in report:
        from bench.clustering_halves import print_halves

        print_halves(report["halves"])


if __name__ == "__main__":
    main()
