"""The front page: stories ranked by recency and breadth; articles not yet in a story listed after them."""

from __future__ import annotations

import pytest

from newsdesk.articles.models import Article
from tests.comments.pages import has_class, parse, text

pytestmark = pytest.mark.django_db


def ranked_headlines(client) -> list[str]:
    return [text(a) for a in parse(client.get("/")).xpath(f"//ol[{has_class('story-list')}]/li/h2/a")]


def test_a_broad_story_outranks_a_slightly_newer_narrow_one(client, outlets, make_article, make_story):
    make_story(*(make_article(f"broad-{n}", outlets[n], hours_ago=2, title=f"Broad {n}") for n in range(3)))
    make_story(make_article("narrow", outlets[3], hours_ago=1, title="Narrow"))
    assert ranked_headlines(client) == ["Broad 0", "Narrow"]


def test_a_very_old_broad_story_ranks_below_a_fresh_one(client, outlets, make_article, make_story):
    make_story(*(make_article(f"old-{n}", outlets[n], hours_ago=72, title=f"Old {n}") for n in range(4)))
    make_story(make_article("fresh", outlets[0], hours_ago=1, title="Fresh"))
    assert ranked_headlines(client) == ["Fresh", "Old 0"]


def test_among_equally_broad_stories_the_newest_comes_first(client, outlets, make_article, make_story):
    for hours in (5, 1, 3):
        make_story(make_article(f"s{hours}", outlets[0], hours_ago=hours, title=f"{hours} hours"))
    assert ranked_headlines(client) == ["1 hours", "3 hours", "5 hours"]


def test_each_story_shows_outlets_articles_time_summary_and_links(client, outlets, make_article, make_story):
    original = make_article(
        "wire",
        outlets[1],
        hours_ago=3,
        title="Bridge reopens",
        summary="The Saltmarket bridge reopened after fourteen months.",
    )
    copy = make_article("copy", outlets[0], hours_ago=2, duplicate_of=original)
    other = make_article("courier", outlets[2], hours_ago=1, title="Traffic returns to the bridge")
    story = make_story(original, copy, other)

    entry = parse(client.get("/")).xpath(f"//ol[{has_class('story-list')}]/li")[0]
    assert entry.xpath("./h2/a/@href") == [story.get_absolute_url()]
    meta = text(entry.xpath(f".//p[{has_class('meta')}]")[0])
    assert "2 outlets" in meta and "3 articles" in meta
    assert entry.xpath(".//time/@datetime")[0] == other.published_at.isoformat()
    assert "The Saltmarket bridge reopened after fourteen months." in text(entry)
    links = entry.xpath(f".//ul[{has_class('story-coverage')}]//a/@href")
    assert original.get_absolute_url() in links and other.get_absolute_url() in links
    assert copy.get_absolute_url() not in links  # copies are on the story page


def test_articles_not_in_a_story_are_still_listed(client, outlets, make_article, make_story):
    make_story(make_article("in-story", outlets[0], title="In a story"))
    loose = make_article("loose", outlets[1], title="Not in a story yet")

    doc = parse(client.get("/"))
    section = doc.xpath(f"//section[{has_class('latest-articles')}]")[0]
    assert loose.get_absolute_url() in section.xpath(".//a/@href")
    assert "In a story" not in text(section)


def test_stories_without_published_articles_are_not_listed(client, outlets, make_article, make_story):
    make_story(make_article("pending", outlets[0], title="Pending only", status=Article.Status.PENDING))
    assert ranked_headlines(client) == []
