"""``newsdesk search reindex`` rebuilds the same index from the database (in place, on a fresh data folder
too); ``newsdesk generate``'s rows are indexed as they are made."""

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.demo.generate import generate
from newsdesk.search.backends import get_backend
from newsdesk.search.models import SearchDocument
from newsdesk.search.rebuild import reindex
from newsdesk.stories.models import Story
from tests.search.conftest import search, titles


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
    result = subprocess.run(
        [sys.executable, "-m", "newsdesk", "search", "reindex"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "Indexed 0 articles and 0 stories" in result.stdout
    query = subprocess.run(
        [sys.executable, "-m", "newsdesk", "search", "query", '"no', "such*", "thing:"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert query.returncode == 0 and query.stdout.startswith("0 results for")


@pytest.mark.django_db
def test_reindex_brings_the_index_in_line_without_emptying_it_first(outlets, make_article, filler):
    articles = [make_article(f"l{n}", outlets[n % 3], hours_ago=n, title=f"Lighthouse note {n}") for n in range(6)]
    # Changes saved without signals, which only a reindex picks up.
    Article.objects.filter(pk=articles[0].pk).update(title="Lighthouse keeper retires")
    Article.objects.filter(pk=articles[1].pk).update(status=Article.Status.FAILED)
    found_meanwhile = []
    counts = reindex(progress=lambda kind, done, total: found_meanwhile.append(len(titles("lighthouse"))), batch_size=2)
    assert counts == {"articles": 13, "stories": 0}
    assert found_meanwhile and set(found_meanwhile) == {6}  # every document stays findable while it runs
    assert sorted(titles("lighthouse")) == ["Lighthouse keeper retires"] + [
        f"Lighthouse note {n}" for n in (2, 3, 4, 5)
    ]
    assert SearchDocument.objects.count() == 13  # 14 articles, less the failed one's, gone at the end


@pytest.mark.django_db
def test_a_generated_newsroom_is_searchable_without_a_reindex():
    generate(300, seed=5, until=datetime(2026, 11, 1, tzinfo=UTC), days=5)
    searchable = Article.objects.published().filter(duplicate_of__isnull=True)
    stories = Story.objects.filter(article_count__gt=0).exclude(headline="")
    assert SearchDocument.objects.filter(kind="article").count() == searchable.count() > 200
    assert SearchDocument.objects.filter(kind="story").count() == stories.count() > 0
    article = searchable.order_by("published_at").first()  # the oldest: the last a search would reach by date
    found = search(f'"{article.title}"', order="date", limit=100)
    assert article.pk in {hit.article_id for hit in found.hits}


@pytest.mark.django_db
def test_reindex_in_small_batches_indexes_every_article_however_many_share_a_date(outlets, make_article, now):
    same_moment = [
        make_article(f"s{n}", outlets[n % 3], title=f"Lighthouse tie {n}", published_at=now) for n in range(5)
    ]
    undated = make_article("u0", outlets[0], title="Lighthouse undated", published_at=None)
    get_backend().clear()

    counts = reindex(batch_size=2)

    assert counts["articles"] == Article.objects.published().filter(duplicate_of__isnull=True).count()
    found = {hit.article_id for hit in search("lighthouse", limit=100).hits}
    assert {a.pk for a in [*same_moment, undated]} <= found
