"""Ingestion files every stored article in a story: copies join their original, coverage of one event from
several outlets becomes one story, and editors' decisions hold across restarts."""

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.ingest.runner import Intake, ingest_once
from newsdesk.sources.models import Source
from newsdesk.stories import services
from newsdesk.stories.models import Story
from tests.demo.test_newsroom import NEAR_COPY, SHARED_STORIES
from tests.support.shared_rows import rows_for_the_module

pytestmark = pytest.mark.django_db


def article_at(path: str) -> Article:
    host, slug = path.split("/", 1)
    return Article.objects.get(url__startswith=f"https://{host}/news/{slug}.html")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo newsroom ingested once for the module; a test's changes are rolled back after it."""
    yield from rows_for_the_module(django_db_blocker, lambda: call_command("demo", "--no-serve"))


# Events the clusterer is known to split, with why; strict xfails, so a fix must remove the entry.
KNOWN_SPLITS: dict[str, str] = {}


@pytest.mark.parametrize(
    "event",
    [
        pytest.param(
            event, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_SPLITS[event])] if event in KNOWN_SPLITS else []
        )
        for event in SHARED_STORIES
    ],
)
def test_each_event_covered_by_several_outlets_is_one_story(demo, event):
    story_ids = {article_at(member).story_id for member in SHARED_STORIES[event][1]}
    assert len(story_ids) == 1 and None not in story_ids


def test_different_events_are_different_stories_and_every_article_is_filed(demo):
    firsts = {event: article_at(members[0]).story_id for event, (_phrase, members) in SHARED_STORIES.items()}
    assert len(set(firsts.values())) == len(firsts)
    assert all(a.story_id for a in Article.objects.published())
    bridge = Story.objects.get(pk=firsts["bridge reopening"])
    assert bridge.outlet_count == 3 and bridge.article_count == 3


def test_a_syndicated_near_copy_is_a_duplicate_in_its_originals_story(demo):
    first, copy = (article_at(path) for path in NEAR_COPY)
    if copy.published_at < first.published_at:
        first, copy = copy, first
    assert copy.duplicate_of_id == first.pk
    assert copy.story_id == first.story_id
    exported = {r["id"]: r for r in map(__import__("json").loads, _export_lines())}
    assert exported[str(copy.pk)]["duplicate_of"] == str(first.pk)
    assert exported[str(copy.pk)]["story_id"] == str(first.story_id)


def _export_lines():
    import io

    out = io.StringIO()
    call_command("export", stdout=out)
    return out.getvalue().splitlines()


def test_stories_survive_a_restart_and_editor_decisions_hold(demo, http_server):
    bridge_members = [article_at(m) for m in SHARED_STORIES["bridge reopening"][1]]
    story = Story.objects.get(pk=bridge_members[0].story_id)
    moved = bridge_members[-1]
    new_story = services.split_articles([moved])

    # A restarted ingest (a fresh Intake loads the desk from the database) files a copy of the moved
    # article with it, in the editor's story, not back in the one the editor took it out of.
    page = (
        f"<html><head><title>{moved.title}</title></head><body><article><h1>{moved.title}</h1>"
        + "".join(f"<p>{p}</p>" for p in moved.paragraphs)
        + "</article></body></html>"
    )
    http_server.route("/copy.html", page)
    http_server.route(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Copycat</title>'
        f"<item><title>Copy</title><link>{http_server.url('/copy.html')}</link></item></channel></rss>",
        content_type="application/rss+xml",
    )
    Source.objects.create(url=http_server.url("/feed.xml"))
    with Intake() as intake:
        ingest_once(intake=intake)
    copy = Article.objects.get(url=http_server.url("/copy.html"))
    assert copy.story_id == new_story.pk
    moved.refresh_from_db()
    assert moved.story_id == new_story.pk and moved.story_pinned
    story.refresh_from_db()
    assert story.article_count == 2
