"""Our own RSS and Atom feeds parse back with feedparser, credit the original, and leak no email."""

import feedparser
import pytest

from newsdesk.comments.models import Comment

pytestmark = pytest.mark.django_db

SECRET = "feed-reader-9c1e@example.org"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed, response.content.decode()


@pytest.fixture
def coverage(outlets, make_article, make_story):
    gazette, wire = outlets[:2]
    first = make_article(
        "g-1",
        gazette,
        hours_ago=3,
        title="Bridge reopens after repairs",
        canonical_url="https://harbour-gazette.example/news/bridge",
    )
    second = make_article("w-1", wire, hours_ago=1, title="Saltmarket Bridge open again")
    story = make_story(first, second)
    return story, first, second


@pytest.mark.parametrize("suffix, version", [("", "rss20"), ("atom/", "atom10")])
def test_latest_feed_lists_articles_with_summary_credit_and_original(client, coverage, suffix, version):
    _story, first, second = coverage
    feed, raw = parse(client, f"/feed/{suffix}")
    assert feed.version == version
    assert [e.title for e in feed.entries] == [second.title, first.title]  # newest first
    entry = feed.entries[1]
    assert entry.link.endswith(first.get_absolute_url())
    assert "Summary of g-1." in entry.summary
    assert "https://harbour-gazette.example/news/bridge" in entry.summary  # the original, linked
    assert entry.author == "Harbour Gazette"
    if version == "rss20":
        assert '<source url="https://harbour-gazette.example/feed.xml">Harbour Gazette</source>' in raw
    assert "Second paragraph." not in raw  # summaries, never the body


def test_source_and_story_feeds(client, coverage):
    story, first, second = coverage
    feed, _ = parse(client, f"/source/{first.source_id}/feed/")
    assert [e.title for e in feed.entries] == [first.title]
    feed, _ = parse(client, f"/story/{story.pk}/feed/atom/")
    assert {e.title for e in feed.entries} == {first.title, second.title}
    assert feed.feed.link.endswith(story.get_absolute_url())


def test_comment_feed_has_approved_comments_and_never_an_email(client, coverage):
    _story, article, _ = coverage
    Comment.objects.create(
        article=article, name="Ada", email=SECRET, body="Good to see it open.", status=Comment.Status.APPROVED
    )
    Comment.objects.create(
        article=article, name="Bot", email="b@example.org", body="Waiting.", status=Comment.Status.PENDING
    )
    for url in (f"/article/{article.pk}/comments/feed/", f"/article/{article.pk}/comments/feed/atom/"):
        feed, raw = parse(client, url)
        assert [e.title for e in feed.entries] == ["Comment by Ada"]
        assert "Good to see it open." in feed.entries[0].summary
        assert SECRET not in raw and "b@example.org" not in raw


def test_pages_advertise_their_feeds(client, coverage):
    story, article, _ = coverage
    pages = {
        "/": ["/feed/", "/feed/atom/"],
        article.source.get_absolute_url(): [f"/source/{article.source_id}/feed/"],
        story.get_absolute_url(): [f"/story/{story.pk}/feed/"],
        article.get_absolute_url(): [f"/article/{article.pk}/comments/feed/"],
    }
    for page, feeds in pages.items():
        html = client.get(page).content.decode()
        for href in feeds:
            assert 'rel="alternate" type="application/' in html and f'href="{href}"' in html, (page, href)
            parse(client, href)
