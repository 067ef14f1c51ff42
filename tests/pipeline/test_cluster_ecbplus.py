"""A slice of ECB+ (real articles, look-alike event pairs) through the evaluator: a floor, not a benchmark."""

from newsdesk.pipeline.bcubed import bcubed
from newsdesk.pipeline.cluster import ClusterConfig
from newsdesk.pipeline.cluster.evaluate import load_gold, publication_order, run_ours, run_tfidf_baseline
from newsdesk.pipeline.features import featurize
from tests.support.shared_data import shared_path

TOPICS = range(1, 9)  # 8 topics, 16 events: rehab check-ins, deaths, coaches fired and hired, ...


def test_ecbplus_slice_clusters_look_alike_events_apart_better_than_tfidf():
    docs = load_gold(shared_path("ecbplus", "dev.jsonl"), TOPICS)
    stream = publication_order(docs, seed=0, days=10)
    gold = {d.doc_id: d.cluster for d in docs}
    features = {d.doc_id: featurize("", d.text) for d in docs}
    ours = bcubed(run_ours(stream, features, ClusterConfig()), gold)
    baseline = bcubed(run_tfidf_baseline(stream, 0.2), gold)
    # Measured when written (187 documents, seed 0): ours F1 0.960, baseline 0.853 (seeds 1, 2: 0.898 / 0.860,
    # 0.955 / 0.897). The floor leaves room for harmless changes, not for losing the margin over TF-IDF.
    assert ours.f1 >= 0.90
    assert ours.f1 > baseline.f1 + 0.05
