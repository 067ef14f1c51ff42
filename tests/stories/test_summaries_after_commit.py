"""Story summaries are made after commit, never inside a transaction: the summariser (the LLM one is a network
call) must not hold the database's write lock, whoever changed the story (an editor in the admin, the
``sources`` command, the story desk filing what ingest stored).

These tests run without the test transaction (``transaction=True``), as the site and the workers do: a
summariser call inside any transaction shows as ``in_atomic_block``.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from newsdesk.articles.models import Article
from newsdesk.ingest.filing import StoryDesk
from newsdesk.pipeline.features import featurize
from newsdesk.stories import services, summarising
from newsdesk.stories.models import Story
from tests.pipeline.test_cluster import ARTICLES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def summariser_calls(monkeypatch):
    """The configured summariser, recording for each call whether a transaction was open. (Recorded, not
    asserted inside: a failure after commit is logged, not raised, by design.)"""
    calls: list[bool] = []
    real = summarising.BACKENDS["extractive"]

    def recording(documents):
        calls.append(connection.in_atomic_block)
        return real(documents)

    monkeypatch.setitem(summarising.BACKENDS, "extractive", recording)
    return calls


@pytest.fixture
def two_stories(outlets, make_article, make_story):
    big = make_story(
        make_article("big-1", outlets[0], hours_ago=9, title="Big story"),
        make_article("big-2", outlets[1], hours_ago=8),
        make_article("big-3", outlets[1], hours_ago=7),
    )
    small = make_story(
        make_article("small-1", outlets[2], hours_ago=3, title="Small story"),
        make_article("small-2", outlets[3], hours_ago=2),
    )
    return big, small


def made_outside_transactions(calls: list[bool], *stories: Story) -> bool:
    """The summariser ran, never inside a transaction, and left no summary of these stories due."""
    due = Story.objects.filter(pk__in=[s.pk for s in stories], summary_due=True).exists()
    return bool(calls) and not any(calls) and not due


def test_an_admin_merge_summarises_after_commit(admin_client, two_stories, summariser_calls):
    big, small = two_stories
    summariser_calls.clear()
    data = {"action": "merge", "_selected_action": [big.pk, small.pk], "index": 0}
    admin_client.post(reverse("admin:stories_story_changelist"), data)
    assert Story.objects.get(pk=big.pk).article_count == 5
    assert made_outside_transactions(summariser_calls, big)


def test_an_admin_split_summarises_after_commit(admin_client, two_stories, summariser_calls):
    big, _ = two_stories
    summariser_calls.clear()
    article = Article.objects.get(url_key="big-3")
    data = {"action": "split_into_new_story", "_selected_action": [article.pk], "index": 0}
    admin_client.post(reverse("admin:articles_article_changelist"), data)
    split = Story.objects.get(articles=article)
    assert split.pk != big.pk and "Summary of big-3." in split.summary
    assert made_outside_transactions(summariser_calls, big, split)


def test_a_move_summarises_after_commit(two_stories, summariser_calls):
    big, small = two_stories
    summariser_calls.clear()
    services.move_articles(Article.objects.filter(url_key="small-1"), big)
    assert "Summary of small-1." in Story.objects.get(pk=big.pk).summary
    assert made_outside_transactions(summariser_calls, big, small)


def test_removing_a_source_summarises_the_mended_stories_after_commit(outlets, two_stories, summariser_calls):
    big, _ = two_stories
    summariser_calls.clear()
    call_command("sources", "remove", str(outlets[0].pk), stdout=open("/dev/null", "w"))
    assert "Summary of big-1." not in Story.objects.get(pk=big.pk).summary
    assert made_outside_transactions(summariser_calls, big)


def test_ingest_filing_summarises_after_commit_even_when_second_thoughts_move_articles(
    outlets, make_article, make_story, now, summariser_calls
):
    def report(key, hours_ago, outlet):
        title, text = ARTICLES[key]
        features = featurize(title, text).to_dict()
        return make_article(key, outlet, hours_ago=hours_ago, title=title, text=text, fetched_at=now, features=features)

    # Two Qeshm reports and an Aceh one in one young story; the next Aceh report, stored and not filed yet,
    # makes the desk split it as it loads: articles move inside the filing's transaction.
    mixed = make_story(
        report("qeshm-reuters", 5, outlets[0]), report("qeshm-bbc", 4, outlets[1]), report("aceh-ap", 3, outlets[2])
    )
    report("aceh-afp", 2, outlets[3])
    summariser_calls.clear()
    StoryDesk().load()

    assert Article.objects.filter(cluster_evidence__second_thought="split").exists()
    stories = list(Story.objects.all())
    assert len(stories) == 2 and mixed in stories and all(s.summary for s in stories)
    assert made_outside_transactions(summariser_calls, *stories)
