"""``newsdesk eval clustering --data ../shared/data/ecbplus/dev.jsonl``: story clustering against gold events.

The measuring is ``newsdesk.pipeline.cluster.evaluate``; this command only reads the options and prints.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsdesk.pipeline.cluster.evaluate import ClusteringReport, evaluate
from newsdesk.pipeline.features import FeatureConfig


class Command(BaseCommand):
    help = "Measure the pipeline on public evaluation data."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        clustering = subcommands.add_parser(
            "clustering",
            help="B-cubed P/R/F1 of online story clustering against gold events (ECB+ jsonl), "
            "next to a tuned TF-IDF single-pass baseline.",
        )
        clustering.add_argument("--data", required=True, help="jsonl rows: doc_id, topic, cluster, text")
        clustering.add_argument("--seed", type=int, default=0, help="Seed of the arrival order.")
        clustering.add_argument("--days", type=float, default=10.0, help="Window the documents are dated in.")
        clustering.add_argument("--topics", type=int, nargs="*", help="Only these topics.")
        clustering.add_argument("--no-embedding", action="store_true", help="Featurize without wordllama.")
        clustering.add_argument("--json", action="store_true", dest="as_json", help="Print the report as JSON.")

    def handle(self, *args, subcommand, data, seed, days, topics, no_embedding, as_json, **options):
        path = Path(data)
        if not path.is_file():
            raise CommandError(
                f"no data file at {path}: pass --data with the path of a jsonl file "
                "(in a checkout: ../shared/data/ecbplus/dev.jsonl)"
            )
        report = evaluate(
            path, seed=seed, days=days, topics=topics, feature_config=FeatureConfig(embedding=not no_embedding)
        )
        self.stdout.write(json.dumps(report.to_dict(), indent=2) if as_json else _table(report))


def _table(report: ClusteringReport) -> str:
    lines = [
        f"story clustering, B-cubed over {report.documents} documents in {report.events} events "
        f"(arrival order seed {report.seed})",
        f"{'clusterer':<34} {'threshold':>9} {'P':>6} {'R':>6} {'F1':>6}",
    ]

    def row(name, scored):
        lines.append(
            f"{name:<34} {scored.threshold:>9.3f} {scored.precision:>6.3f} {scored.recall:>6.3f} {scored.f1:>6.3f}"
        )

    row("newsdesk (default config)", report.ours_default)
    row("newsdesk (threshold tuned here)", report.ours_tuned)
    row("TF-IDF single pass (tuned here)", report.baseline_tuned)
    for split, results in report.split_half.items():
        for name, scored in results.items():
            row(f"{name}, tuned {split.replace('->', ', tested ')}", scored)
    return "\n".join(lines)
