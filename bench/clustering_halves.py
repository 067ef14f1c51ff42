"""Story clustering on the two halves of ECB+ dev: fitted on one, reported on both, side by side.

    .venv/bin/python bench/clustering.py --halves                 # shipped config, fit and held-out half
    .venv/bin/python bench/clustering.py --halves --half held-out # one half only
    .venv/bin/python bench/clustering.py --fit                    # refit on the fit half, then both halves
    .venv/bin/python bench/clustering.py --fit --fit-half held-out # the reverse: refit on the held-out half

The halves are ``tests/support/halves.py``'s: odd topics are the fit half, even topics held out. Each half is
clustered on its own (its documents alone in the stream, as ``evaluate``'s split-half check does), in the
arrival orders of ``--seeds`` (default 0-11), and B-cubed P/R/F1 are averaged over the seeds.

1. Featurize every document once; build each half's arrival streams.
2. Score the shipped ``ClusterConfig()`` and the TF-IDF single-pass baseline (its threshold tuned on the fit
   half) on both halves; with ``--ablations`` also the shipped config without each part whose gain a quality
   test asserts (second thoughts, adoption, the day and lead-name signals).
3. With ``--fit``: the procedure the shipped weights came from, run on one half alone (``--fit-half``, the fit
   half unless told): a coordinate search over every weight (x0.6, 0.8, 1.25, 1.6; the bias +-0.15, +-0.3) and
   over the join, split and merge thresholds, keeping a change only when that half's mean F1 rises by more
   than ``MIN_GAIN``, until a pass changes nothing. The refit config is then scored on both halves beside the
   shipped one: the other half is its unfitted figure. Fitting both ways gives an unfitted figure on each half.
"""

from __future__ import annotations

import logging
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.pipeline.bcubed import bcubed  # noqa: E402
from newsdesk.pipeline.cluster import ClusterConfig  # noqa: E402
from newsdesk.pipeline.cluster.evaluate import (  # noqa: E402
    BASELINE_THRESHOLDS,
    GoldDoc,
    load_gold,
    publication_order,
    run_ours,
    run_tfidf_baseline,
)
from newsdesk.pipeline.features import DocFeatures, featurize  # noqa: E402
from tests.support.halves import FIT, HALVES, Half, ecbplus_half  # noqa: E402

WEIGHT_FACTORS = (0.6, 0.8, 1.25, 1.6)
BIAS_STEPS = (-0.3, -0.15, 0.15, 0.3)
THRESHOLD_GRID = {
    "threshold": (0.2, 0.3, 0.35, 0.45, 0.5),
    "split_below": (0.3, 0.35, 0.45, 0.5),
    "merge_above": (0.3, 0.35, 0.45, 0.5),
}
MIN_GAIN = 0.001  # mean F1 over seeds: smaller moves are the arrival order's noise, not the change's


@dataclass(frozen=True)
class Figures:
    precision: float
    recall: float
    f1: float
    runs: tuple[float, ...]  # F1 per seed

    def to_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1, "f1_per_seed": list(self.runs)}


class HalfData:
    """One half's documents, their features and gold events, and its arrival streams (one per seed)."""

    def __init__(self, docs: list[GoldDoc], features: dict[str, DocFeatures], seeds: list[int]) -> None:
        self.docs = docs
        self.gold = {d.doc_id: d.cluster for d in docs}
        self.features = features
        self.streams = [publication_order(docs, seed=seed, days=10) for seed in seeds]

    def score(self, run: Callable[[list], dict[str, str]]) -> Figures:
        results = [bcubed(run(stream), self.gold) for stream in self.streams]
        return Figures(
            statistics.fmean(r.precision for r in results),
            statistics.fmean(r.recall for r in results),
            statistics.fmean(r.f1 for r in results),
            tuple(round(r.f1, 4) for r in results),
        )

    def ours(self, config: ClusterConfig) -> Figures:
        return self.score(lambda stream: run_ours(stream, self.features, config))

    def baseline(self, threshold: float) -> Figures:
        return self.score(lambda stream: run_tfidf_baseline(stream, threshold))


def load_halves(path: Path, seeds: list[int]) -> dict[Half, HalfData]:
    docs = load_gold(path)  # 1.
    features = {d.doc_id: featurize("", d.text) for d in docs}
    return {half: HalfData([d for d in docs if ecbplus_half(d.topic) == half], features, seeds) for half in HALVES}


def parameters(config: ClusterConfig) -> list[str]:
    return [name for name, _ in config.weights] + list(THRESHOLD_GRID)


def value_of(config: ClusterConfig, name: str) -> float:
    return dict(config.weights)[name] if name not in THRESHOLD_GRID else getattr(config, name)


def with_value(config: ClusterConfig, name: str, value: float) -> ClusterConfig:
    if name in THRESHOLD_GRID:
        return replace(config, **{name: value})
    return replace(config, weights=tuple((n, value if n == name else v) for n, v in config.weights))


def steps(name: str, value: float) -> list[float]:
    """The values the coordinate search tries for one parameter, from its current value."""
    if name in THRESHOLD_GRID:
        return [v for v in THRESHOLD_GRID[name] if v != value]
    if name == "bias":
        return [round(value + step, 4) for step in BIAS_STEPS]
    return [round(value * factor, 4) for factor in WEIGHT_FACTORS if value]


def coordinate_search(start: ClusterConfig, data: HalfData, log: Callable[[str], None]) -> ClusterConfig:
    """3. Hill-climb mean F1 on ``data`` one parameter at a time; passes until one changes nothing."""
    best, best_f1 = start, data.ours(start).f1
    log(f"start: F1 {best_f1:.4f}")
    improved, passes = True, 0
    while improved:
        improved, passes = False, passes + 1
        for name in parameters(best):
            current = value_of(best, name)
            for value in steps(name, current):
                config = with_value(best, name, value)
                f1 = data.ours(config).f1
                if f1 > best_f1 + MIN_GAIN:
                    best, best_f1, improved = config, f1, True
                    log(f"pass {passes}: {name} {current:g} -> {value:g}: F1 {f1:.4f} (kept)")
    log(f"done after {passes} passes: F1 {best_f1:.4f}")
    return best


def halves_report(
    path: Path, seeds: list[int], halves: list[Half], fit: bool, ablations: bool = False, fit_half: Half = FIT
) -> dict:
    logging.getLogger("newsdesk").setLevel(logging.WARNING)  # the clusterer logs every split and merge
    data = load_halves(path, seeds)
    shipped = ClusterConfig()
    baseline_threshold = max(BASELINE_THRESHOLDS, key=lambda t: data[fit_half].baseline(t).f1)  # 2.
    configs = {"newsdesk, shipped config": shipped}
    if ablations:
        configs.update(ablated(shipped))
    report: dict = {"seeds": seeds, "documents": {h: len(data[h].docs) for h in HALVES}}
    if fit:
        refit = coordinate_search(shipped, data[fit_half], lambda line: print(line, file=sys.stderr, flush=True))
        configs[f"newsdesk, refit on the {fit_half} half"] = refit
        report["fitted_on"] = fit_half
        report["refit_changes"] = config_changes(shipped, refit)
    report["rows"] = [
        {"system": name, **{half: data[half].ours(config).to_dict() for half in halves}}
        for name, config in configs.items()
    ]
    report["rows"].append(
        {
            "system": f"TF-IDF single pass, threshold {baseline_threshold:g} (tuned on the {fit_half} half)",
            **{half: data[half].baseline(baseline_threshold).to_dict() for half in halves},
        }
    )
    return report


def ablated(shipped: ClusterConfig) -> dict[str, ClusterConfig]:
    """The shipped config without each part a quality test measures the gain of (tests/pipeline/test_cluster_*)."""
    weights = dict(shipped.weights)
    weights.update(date_match=0.0, lead_names_max=0.0, lead_actor_mismatch=0.0)
    return {
        "  without second thoughts (first thoughts only)": replace(shipped, split_checks=(), merge_runner_up=1.1),
        "  without adoption": replace(shipped, adopt_checks=()),
        "  without the day and lead-name signals": replace(shipped, weights=tuple(weights.items())),
    }


def config_changes(shipped: ClusterConfig, refit: ClusterConfig) -> dict[str, list[float]]:
    changes = {}
    shipped_weights, refit_weights = dict(shipped.weights), dict(refit.weights)
    for name, value in refit_weights.items():
        if value != shipped_weights[name]:
            changes[name] = [shipped_weights[name], value]
    for field in THRESHOLD_GRID:
        if getattr(refit, field) != getattr(shipped, field):
            changes[field] = [getattr(shipped, field), getattr(refit, field)]
    return changes


def print_halves(report: dict) -> None:
    seeds = report["seeds"]
    halves = [h for h in HALVES if h in report["rows"][0]]
    print(f"ECB+ dev, B-cubed, mean of seeds {seeds[0]}-{seeds[-1]}; documents {report['documents']}")
    print(f"{'system':<64}" + "".join(f"{h + ' P':>13}{'R':>7}{'F1':>7}" for h in halves))
    for row in report["rows"]:
        cells = "".join(f"{row[h]['precision']:>13.3f}{row[h]['recall']:>7.3f}{row[h]['f1']:>7.3f}" for h in halves)
        print(f"{row['system']:<64}{cells}")
    for name, (before, after) in report.get("refit_changes", {}).items():
        print(f"refit on the {report['fitted_on']} half: {name} {before:g} -> {after:g}")
