"""Every feed field is escaped exactly once, for what a reader does with it.

Plain-text fields (RSS and Atom titles, Atom's subtitle, authors) carry the text itself: XML escaping alone.
HTML fields (every RSS <description>, the channel's too, which readers render as HTML like an item's; Atom's
summary type="html") carry HTML whose rendering is the text. A name like ``A & B <i>x</i>`` must come out as
those characters in both, never as italics and never as ``&amp;``.
"""

from __future__ import annotations

import lxml.etree
import lxml.html
import pytest
from django.urls import reverse

from newsdesk.comments.models import Comment

NAME = "A & B <i>x</i> &amp;"
ATOM = "{http://www.w3.org/2005/Atom}"


def as_html_text(markup: str) -> str:
    """What a feed reader shows for an HTML field."""
    return lxml.html.fragment_fromstring(markup, create_parent="div").text_content()


def channel(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return lxml.etree.fromstring(response.content)


@pytest.fixture
def hostile_names(settings, make_source, make_article, make_story):
    settings.NEWSDESK_SITE_NAME = f"Desk {NAME}"
    source = make_source("Ledger")
    source.title = NAME
    source.save()
    article = make_article("esc-1", source, title=f"Title {NAME}")
    story = make_story(article, make_article("esc-2", source, title=f"Other {NAME}"))
    Comment.objects.create(
        article=article, name=f"Reader {NAME}", email="r@example.org", body="Hello.", status=Comment.Status.APPROVED
    )
    return source, article, story


def rss_and_atom(source, article, story):
    """(RSS address, Atom address, expected title, expected description) for each feed of ours."""
    return [
        (
            reverse("articles:feed"),
            reverse("articles:feed-atom"),
            f"Desk {NAME}: latest news",
            "The latest articles, summarised, with a link to every original.",
        ),
        (
            reverse("sources:feed", args=[source.pk]),
            reverse("sources:feed-atom", args=[source.pk]),
            f"{NAME}: articles on Desk {NAME}",
            f"Summaries of {NAME}'s articles, each linking to the original.",
        ),
        (
            reverse("articles:comments-feed", args=[article.pk]),
            reverse("articles:comments-feed-atom", args=[article.pk]),
            f"Comments on: Title {NAME}",
            f"Readers' comments on Title {NAME}.",
        ),
        (
            reverse("stories:feed", args=[story.pk]),
            reverse("stories:feed-atom", args=[story.pk]),
            f"{story.headline}: coverage on Desk {NAME}",
            "Every article about this story, from 1 outlet(s) so far.",
        ),
    ]


def test_rss_channel_title_is_text_and_description_is_html_of_the_text(client, hostile_names):
    for rss, _, title, description in rss_and_atom(*hostile_names):
        root = channel(client, rss)
        assert root.findtext("channel/title") == title, rss
        assert as_html_text(root.findtext("channel/description")) == description, rss


def test_atom_title_and_subtitle_are_text(client, hostile_names):
    for _, atom, title, description in rss_and_atom(*hostile_names):
        root = channel(client, atom)
        assert root.findtext(f"{ATOM}title") == title, atom
        assert root.find(f"{ATOM}subtitle").get("type", "text") == "text"
        assert root.findtext(f"{ATOM}subtitle") == description, atom


def test_item_fields_are_escaped_once(client, hostile_names):
    source, article, _ = hostile_names
    rss = channel(client, reverse("sources:feed", args=[source.pk]))
    item = rss.find(f"channel/item[guid='{article.pk}']")
    assert item.findtext("title") == f"Title {NAME}"
    assert item.findtext("source") == NAME
    assert f"({NAME})" in as_html_text(item.findtext("description"))

    comments = channel(client, reverse("articles:comments-feed", args=[article.pk]))
    assert comments.findtext("channel/item/title") == f"Comment by Reader {NAME}"
    assert comments.findtext("channel/item/{http://purl.org/dc/elements/1.1/}creator") == f"Reader {NAME}"

    atom = channel(client, reverse("sources:feed-atom", args=[source.pk]))
    entry = atom.find(f"{ATOM}entry[{ATOM}id='{article.pk}']")
    assert entry.findtext(f"{ATOM}title") == f"Title {NAME}"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == NAME
    assert f"({NAME})" in as_html_text(entry.findtext(f"{ATOM}summary"))


def test_a_search_feed_too(client, hostile_names, settings):
    root = channel(client, reverse("search:feed") + "?q=title")
    assert root.findtext("channel/title") == f"Desk {NAME}: search for title"
    assert as_html_text(root.findtext("channel/description")) == "Articles and stories matching title, newest first."
