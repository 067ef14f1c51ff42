"""The index follows the database: articles becoming ready or not, copies, removed sources, story changes."""

import pytest
from django.core.management import call_command
from django.db import connection

from newsdesk.articles.models import Article
from newsdesk.search.models import SearchDocument
from newsdesk.sources.models import Source
from newsdesk.stories import services
from newsdesk.stories.models import Story
from tests.search.conftest import search, titles

pytestmark = pytest.mark.django_db


def assert_index_matches_its_table():
    """On SQLite, FTS5's own check that its index holds exactly what search_document holds."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)")


def test_an_article_is_searchable_once_ready_and_not_while_pending_or_after_failing(outlets, make_article, filler):
    article = make_article("zep", outlets[0], title="Zeppelin hangar restored", status=Article.Status.PENDING)
    assert titles("zeppelin") == []
    article.status = Article.Status.READY  # what ingest's store_article does, then save()
    article.save()
    assert titles("zeppelin") == ["Zeppelin hangar restored"]
    article.title = "Zeppelin hangar reopens"
    article.save()
    assert titles("zeppelin") == ["Zeppelin hangar reopens"] and titles("restored") == []
    article.status = Article.Status.FAILED
    article.save()
    assert titles("zeppelin") == []
    assert_index_matches_its_table()


def test_removing_an_article_or_a_source_removes_its_documents(outlets, make_article, filler):
    make_article("a", outlets[0], title="Zeppelin hangar restored")
    doomed = make_article("b", outlets[1], title="Zeppelin flight planned")
    make_article("c", outlets[1], title="Zeppelin museum opens")
    Article.objects.filter(pk=doomed.pk).delete()
    assert set(titles("zeppelin")) == {"Zeppelin hangar restored", "Zeppelin museum opens"}
    services.remove_sources(Source.objects.filter(pk=outlets[1].pk))
    assert titles("zeppelin") == ["Zeppelin hangar restored"]
    assert not SearchDocument.objects.filter(source_id=outlets[1].pk).exists()
    assert_index_matches_its_table()


def test_a_renamed_source_is_found_by_its_new_name(outlets, make_article, filler):
    make_article("a", outlets[0], title="Zeppelin hangar restored")
    outlets[0].title = "Quayside Chronicle"
    outlets[0].save()
    assert titles("chronicle") == ["Zeppelin hangar restored"] and titles("gazette") == []


def test_story_documents_follow_editors_splits_merges_and_headlines(
    outlets, make_article, make_story, filler, django_capture_on_commit_callbacks
):
    first = make_article("s1", outlets[0], hours_ago=5, title="Zeppelin hangar restored")
    second = make_article("s2", outlets[1], hours_ago=4, title="Zeppelin hangar reopens to visitors")
    other = make_article("o1", outlets[2], hours_ago=3, title="Airship festival announced")
    story, festival = make_story(first, second), make_story(other)
    assert [h.story_id for h in search("zeppelin", kinds=("story",)).hits] == [story.pk]

    with django_capture_on_commit_callbacks(execute=True):
        split = services.split_articles([Article.objects.get(pk=second.pk)])
    stories = {h.story_id: h.title for h in search("zeppelin", kinds=("story",)).hits}
    assert stories == {story.pk: "Zeppelin hangar restored", split.pk: "Zeppelin hangar reopens to visitors"}

    with django_capture_on_commit_callbacks(execute=True):
        merged = services.merge_stories(Story.objects.filter(pk__in=[split.pk, festival.pk]))
    survivors = {h.story_id for h in search("zeppelin OR airship", kinds=("story",)).hits}
    assert survivors == {story.pk, merged.pk} and len(survivors) == 2

    with django_capture_on_commit_callbacks(execute=True):
        story.headline_override = "Hangar for airships saved"
        story.refresh_from_articles()
    assert story.pk in {h.story_id for h in search('"hangar for airships"', kinds=("story",)).hits}
    assert titles("zeppelin", story=story.pk) == ["Zeppelin hangar restored"]
    assert set(titles("zeppelin OR airship", story=merged.pk)) == {
        "Zeppelin hangar reopens to visitors",
        "Airship festival announced",
    }
    assert_index_matches_its_table()


def test_ingest_indexes_each_published_original_once_and_folds_copies_in(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--no-serve")
    originals = set(Article.objects.published().filter(duplicate_of=None).values_list("pk", flat=True))
    copies = set(Article.objects.published().exclude(duplicate_of=None).values_list("pk", flat=True))
    assert copies, "the demo newsroom has a syndicated copy"
    indexed = set(SearchDocument.objects.filter(kind="article").values_list("article_id", flat=True))
    assert indexed == originals
    storm = {h.article_id for h in search('"storm brannoch"', kinds=("article",)).hits}
    assert storm and not storm & copies
    stories = set(Story.objects.filter(article_count__gt=0).values_list("pk", flat=True))
    assert set(SearchDocument.objects.filter(kind="story").values_list("story_id", flat=True)) == stories

    # Removing an outlet takes its articles out of the index and mends the stories they were in.
    gazette = Source.objects.get(url__contains="harbour-gazette")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sources", "remove", str(gazette.pk))
    assert not SearchDocument.objects.filter(source_id=gazette.pk).exists()
    stories = set(Story.objects.filter(article_count__gt=0).values_list("pk", flat=True))
    assert set(SearchDocument.objects.filter(kind="story").values_list("story_id", flat=True)) == stories
