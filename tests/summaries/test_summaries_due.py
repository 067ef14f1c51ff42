"""A story's figures are refreshed without its summary: the summary is marked due, and made after commit or by
the sweep that catches what a stopped process left due (``ingest --once``, the filing task)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.sources.models import Source
from newsdesk.stories import summarising
from newsdesk.stories.models import Story
from tests.test_lint import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def summariser_calls(monkeypatch):
    calls = []
    real = summarising.BACKENDS["extractive"]
    monkeypatch.setitem(summarising.BACKENDS, "extractive", lambda documents: calls.append(1) or real(documents))
    return calls


LEADS = {
    "a": "Storm Brannoch flooded the quayside in Harbourtown overnight.",
    "b": "Power was cut to three thousand homes across the county.",
    "c": "Insurers said it was too early to put a figure on the damage.",
    "d": "The council approved a new library for the old market square.",
    "e": "Builders expect the library to open its doors next spring.",
}


@pytest.fixture
def article(outlets, make_article):
    """An article whose summary is one sentence of its own (``LEADS``)."""
    return lambda key, hours_ago=1: make_article(key, outlets["abcde".index(key) % 4], hours_ago, summary=LEADS[key])


@pytest.fixture
def grown_story(article, make_story):
    """A summarised story that has just taken in an article its summary is not made from yet."""
    story = make_story(article("a", 3), article("b", 2))
    Article.objects.filter(pk=article("c").pk).update(story=story)
    return story


def test_refreshing_the_figures_marks_the_summary_due_and_makes_none(grown_story, summariser_calls):
    grown_story.refresh_from_articles()
    stored = Story.objects.get(pk=grown_story.pk)
    assert stored.article_count == 3 and stored.summary_due
    assert LEADS["c"] not in stored.summary
    assert summariser_calls == []


def test_unchanged_articles_leave_the_summary_not_due(article, make_story):
    story = make_story(article("a"))
    story.refresh_from_articles()
    assert not Story.objects.get(pk=story.pk).summary_due


def test_the_sweep_makes_every_summary_still_due_and_only_those(grown_story, article, make_story):
    other = make_story(article("d"))
    grown_story.refresh_from_articles()  # and the process stops before the summary

    assert summarising.refresh_due() == 1
    stored = Story.objects.get(pk=grown_story.pk)
    assert LEADS["c"] in stored.summary and not stored.summary_due
    assert Story.objects.get(pk=other.pk).summary == other.summary
    assert summarising.refresh_due() == 0


def test_the_sweep_takes_the_newest_stories_first_up_to_its_limit(outlets, make_article, make_story):
    older = make_story(make_article("old", outlets[0], hours_ago=5))
    newer = make_story(make_article("new", outlets[1], hours_ago=1))
    Story.objects.update(summary_due=True, summary_inputs="")
    assert summarising.refresh_due(limit=1) == 1
    assert list(Story.objects.filter(summary_due=True)) == [older]
    assert Story.objects.get(pk=newer.pk).summary_inputs


def test_ingest_once_sweeps_the_summaries_left_due(grown_story):
    grown_story.refresh_from_articles()
    Source.objects.update(is_active=False)  # nothing to poll: the run only files and sweeps
    call_command("ingest", "--once", "--no-entities", stdout=open("/dev/null", "w"))
    stored = Story.objects.get(pk=grown_story.pk)
    assert LEADS["c"] in stored.summary and not stored.summary_due


def test_a_summary_that_fails_with_a_bug_is_logged_and_does_not_stop_the_sweep(
    grown_story, article, make_story, monkeypatch, caplog
):
    other = make_story(article("d", 2))
    Article.objects.filter(pk=article("e").pk).update(story=other)
    for story in (grown_story, other):
        story.refresh_from_articles()
    real = summarising.BACKENDS["extractive"]

    def broken_for_the_grown_story(documents):
        if any(d.key == str(Article.objects.get(url_key="c").pk) for d in documents):
            raise RuntimeError("a bug")
        return real(documents)

    monkeypatch.setitem(summarising.BACKENDS, "extractive", broken_for_the_grown_story)
    assert summarising.refresh_due() == 2
    assert f"story summary failed story_id={grown_story.pk}" in caplog.text
    assert LEADS["e"] in Story.objects.get(pk=other.pk).summary
    assert not Story.objects.filter(summary_due=True).exists()  # tried again at the story's next change


def test_the_story_model_imports_no_summariser_nor_network_client():
    # A fresh process with the apps loaded but not the admin modules (they import the story services,
    # which summarise): what importing the model pulls in by itself.
    script = """
import sys, django, tests.settings as test_settings
test_settings.INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig" if app == "django.contrib.admin" else app
    for app in test_settings.INSTALLED_APPS
]
django.setup()
import newsdesk.stories.models
print(sorted(m for m in sys.modules if m.split(".")[0] == "httpx" or m.startswith("newsdesk.pipeline.llm")
      or m.startswith("newsdesk.stories.summarising")))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
