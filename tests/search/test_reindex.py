"""``newsdesk search reindex`` rebuilds the same index from the database, on a fresh data folder too."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from newsdesk.search.backends import get_backend
from newsdesk.search.models import SearchDocument
from tests.search.conftest import search


@pytest.mark.django_db
def test_reindex_rebuilds_what_was_lost(outlets, make_article, make_story, filler, capsys):
    articles = [make_article(f"l{n}", outlets[n % 3], hours_ago=n, title=f"Lighthouse note {n}") for n in range(5)]
    make_story(*articles[:2])
    before = [(h.kind, h.article_id, h.story_id, h.title_html) for h in search("lighthouse").hits]
    get_backend().clear()
    assert search("lighthouse").hits == [] and not SearchDocument.objects.exists()
    call_command("search", "reindex")
    assert "Indexed 13 articles and 1 story" in capsys.readouterr().out
    assert [(h.kind, h.article_id, h.story_id, h.title_html) for h in search("lighthouse").hits] == before


def test_reindex_works_on_a_fresh_data_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSDESK_", "DJANGO_"))}
    env["NEWSDESK_DATA_DIR"] = str(tmp_path / "fresh")
    result = subprocess.run([sys.executable, "-m", "newsdesk", "search", "reindex"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Indexed 0 articles and 0 stories" in result.stdout
    query = subprocess.run([sys.executable, "-m", "newsdesk", "search", "query", '"no', "such*", "thing:"], env=env,
                           capture_output=True, text=True, timeout=120)
    assert query.returncode == 0 and query.stdout.startswith("0 results for")
