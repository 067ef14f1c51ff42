import json

import pytest
from django.core.management import CommandError, call_command

from tests.support.shared_data import shared_path


def test_eval_clustering_prints_ours_and_the_baseline_as_json(capsys):
    data = shared_path("ecbplus", "dev.jsonl")
    call_command("eval", "clustering", "--data", str(data), "--topics", "1", "2", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] > 20 and report["events"] == 4
    for key in ("ours_default", "ours_tuned", "baseline_tuned"):
        assert 0.0 < report[key]["f1"] <= 1.0
    assert set(report["split_half"]) == {"odd->even", "even->odd"}


def test_eval_clustering_table_names_every_row(capsys):
    call_command(
        "eval", "clustering", "--data", str(shared_path("ecbplus", "dev.jsonl")), "--topics", "3", "--no-embedding"
    )
    out = capsys.readouterr().out
    assert "newsdesk (default config)" in out and "TF-IDF single pass" in out


def test_eval_clustering_without_data_says_where_to_point_it(tmp_path):
    with pytest.raises(CommandError, match="--data"):
        call_command("eval", "clustering", "--data", str(tmp_path / "missing.jsonl"))
