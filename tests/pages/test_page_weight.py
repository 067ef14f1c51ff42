"""An article page with its comments weighs under 100 KB with its CSS, fetches nothing from elsewhere, and
needs no JavaScript (no script at all; the browser test posts a comment with JavaScript off)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import lxml.html
import pytest

from tests.pages.conftest import add_comments

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024


def resources(doc) -> list[str]:
    """Every address the browser would fetch on its own to show the page (not links a reader follows)."""
    found = doc.xpath("//link[@rel='stylesheet' or @rel='icon' or @rel='preload' or @rel='modulepreload']/@href")
    found += doc.xpath(
        "//script/@src | //img/@src | //img/@srcset | //iframe/@src | //video/@src | "
        "//audio/@src | //source/@src | //object/@data | //embed/@src"
    )
    return found


def test_an_article_page_with_comments_weighs_under_100_kb_with_its_css(client, long_article):
    add_comments(long_article, 40)
    response = client.get(long_article.get_absolute_url())
    html = response.content
    doc = lxml.html.fromstring(html)

    stylesheets = doc.xpath("//link[@rel='stylesheet']/@href")
    css = [b"".join(client.get(href).streaming_content) for href in stylesheets]
    total = len(html) + sum(len(c) for c in css)

    assert len(doc.xpath("//ol[@class='comment-list']//article | //li[starts-with(@id, 'comment-')]")) >= 40
    assert stylesheets and all(c for c in css), "every stylesheet the page links is served"
    print(f"article page: {len(html)} bytes of HTML + {total - len(html)} of CSS")
    assert total < BUDGET, f"{len(html)} bytes of HTML + {total - len(html)} of CSS"


def test_the_article_page_fetches_nothing_from_another_site(client, long_article):
    add_comments(long_article, 5)
    doc = lxml.html.fromstring(client.get(long_article.get_absolute_url()).content)
    stylesheets = doc.xpath("//link[@rel='stylesheet']/@href")
    css = "".join(b"".join(client.get(href).streaming_content).decode() for href in stylesheets)

    external = [url for url in resources(doc) if urlsplit(url).netloc]
    external += re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import", css)
    assert external == []
    # The only addresses elsewhere are links a reader may follow: the original article (and its canonical
    # link), and commenters' websites inside the comments.
    elsewhere = {a for a in doc.xpath("//a/@href | //link/@href") if urlsplit(a).netloc}
    assert long_article.original_url in elsewhere
    assert all(a == long_article.original_url or "example.org" in a for a in elsewhere)


def test_the_article_page_has_no_script(client, long_article):
    doc = lxml.html.fromstring(client.get(long_article.get_absolute_url()).content)

    assert doc.xpath("//script") == []
    assert doc.xpath("//*[@*[starts-with(name(), 'on')]]") == []  # no inline event handlers either
