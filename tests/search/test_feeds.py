"""RSS and Atom for a search parse back with feedparser, newest first, snippets escaped."""

import feedparser
import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(outlets, make_article, filler):
    make_article(
        "old", outlets[0], hours_ago=30, title="Lighthouse lamp replaced", text="The lighthouse lamp was replaced."
    )
    make_article(
        "new",
        outlets[1],
        hours_ago=2,
        title="Lighthouse <b>open</b> day",
        text="Visitors may climb the lighthouse <script>x</script> on Sunday.",
    )
    make_article("other", outlets[2], hours_ago=1, title="Ferry fares", text="Ferry fares rise.")


@pytest.mark.parametrize("path, version", [("/search/feed/", "rss20"), ("/search/feed/atom/", "atom10")])
def test_a_search_feed_parses_and_lists_the_matches_newest_first(client, archive, path, version):
    response = client.get(path, {"q": "lighthouse"})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert "lighthouse" in feed.feed.title
    assert [e.title for e in feed.entries] == ["Lighthouse <b>open</b> day", "Lighthouse lamp replaced"]
    newest = feed.entries[0]
    assert newest.link.startswith("http://testserver/article/")
    # The description is our snippet: escaped text, matches in <mark> (read without feedparser's sanitiser,
    # which would drop the <mark> tags and hide what we send).
    raw = feedparser.parse(response.content, sanitize_html=False).entries[0].summary
    assert "Visitors may climb the <mark>lighthouse</mark> &lt;script&gt;x&lt;/script&gt; on Sunday" in raw


def test_a_feed_without_words_is_not_found(client, archive):
    assert client.get("/search/feed/", {"q": "*"}).status_code == 404
