"""The offline demo newsroom: its feeds and pages go through the real pipeline tools, served by its transport.

No network: every request goes through NewsroomTransport. The checks here are what the demo relies on:
feedparser reads each feed, each feed links to article pages that resolve, trafilatura pulls the article
(and none of the site chrome) out of each page, and the transport behaves like a strict static server.
"""

from __future__ import annotations

import calendar
import dataclasses
import json
import os
from datetime import datetime
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import httpx
import lxml.html
import pytest
import trafilatura

from newsdesk.demo.transport import (
    NEWSROOM_ROOT,
    NewsroomTransport,
    Outlet,
    load_events,
    load_outlets,
    mounts,
    newsroom_hosts,
)
from newsdesk.pipeline.fetch import FetchConfig, Fetcher

OUTLETS = load_outlets()
ARTICLE_PAGES = sorted(NEWSROOM_ROOT.glob("*/news/*.html"))

# The stories the fixture covers from several outlets, in different words: the grouping a clusterer should
# find. Each entry is (a phrase every page of the story uses, its pages as "<host>/<slug>").
SHARED_STORIES = {
    "bridge reopening": (
        "Saltmarket Bridge",
        [
            "www.harbour-gazette.example/saltmarket-bridge-reopens-after-fourteen-months",
            "www.northern-ledger.example/saltmarket-bridge-reopening-eases-freight-detour",
            "www.metro-wire.example/port-ellery-bridge-reopens-seven-months-late",
        ],
    ),
    "regional election": (
        "Civic Union",
        [
            "www.valley-courier.example/dunmere-north-recount-independents-hold-seat",
            "www.northern-ledger.example/progressives-sweep-marrowgate-as-assembly-hung",
            "www.metro-wire.example/brennholt-election-hung-assembly",
        ],
    ),
    "storm": (
        "Storm Brannoch",
        [
            "www.harbour-gazette.example/storm-brannoch-floods-quayside",
            "www.metro-wire.example/storm-brannoch-cuts-power-closes-railway",
            "www.valley-courier.example/dunmere-bursts-its-banks-as-storm-batters-region",
        ],
    ),
    "cup semi-final": (
        "Obi-Treharne",
        [
            "www.harbour-gazette.example/athletic-stun-city-to-reach-cup-final",
            "www.northern-ledger.example/ten-man-city-beaten-late-at-quarry-lane",
        ],
    ),
    "pearl mussel study": (
        "pearl mussels",
        [
            "www.valley-courier.example/pearl-mussels-breeding-again-in-the-dunmere",
            "www.northern-ledger.example/university-study-finds-pearl-mussels-recovering",
        ],
    ),
}
# The one syndicated near-copy: the same wire text under a second outlet's headline (for dedup tests).
NEAR_COPY = {
    "www.metro-wire.example/storm-brannoch-cuts-power-closes-railway",
    "www.valley-courier.example/dunmere-bursts-its-banks-as-storm-batters-region",
}


@pytest.fixture(scope="module")
def client():
    with httpx.Client(transport=NewsroomTransport()) as c:
        yield c


def norm(text: str) -> str:
    return " ".join(text.split())


def page_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.stem}"


def page_url(path: Path) -> str:
    return f"https://{path.parent.parent.name}/news/{path.name}"


def meta(tree, prop: str) -> str:
    found = tree.xpath(f'//meta[@property="{prop}" or @name="{prop}"]/@content')
    assert len(found) == 1, f"expected one <meta {prop}>, found {len(found)}"
    return found[0]


def body_paragraphs(tree) -> list[str]:
    """The article's own paragraphs: <p> inside <article>, outside its header and any nav/aside in it."""
    paras = tree.xpath("//article//p[not(ancestor::header) and not(ancestor::nav) and not(ancestor::aside)]")
    return [norm(p.text_content()) for p in paras]


def boilerplate(tree) -> set[str]:
    """Every piece of site chrome on a page: text outside <article>, and any nav or aside inside it."""
    elements = tree.xpath(
        "//body//*[self::a or self::p or self::li or self::h2 or self::h3 or self::span or self::button"
        " or self::label][not(ancestor::article) or ancestor::nav or ancestor::aside]"
    )
    return {s for s in (norm(el.text_content()) for el in elements) if len(s) > 2}


def feed_entries(response: httpx.Response) -> list[dict]:
    """(link, published UTC timestamp, full content or None) for each entry of any of the three formats."""
    if response.headers["content-type"].startswith("application/feed+json"):
        # feedparser 6.0 has no JSON Feed support, so JSON Feed 1.1 is checked against its spec here.
        feed = response.json()
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["home_page_url"] and feed["feed_url"] == str(response.url)
        for item in feed["items"]:
            assert item["id"] and item["title"] and ("content_html" in item or "content_text" in item)
        return [
            {"link": i["url"], "published": datetime.fromisoformat(i["date_published"]).timestamp(), "content": None}
            for i in feed["items"]
        ]
    parsed = feedparser.parse(response.content, response_headers={"content-type": response.headers["content-type"]})
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version in ("rss20", "atom10")
    return [
        {
            "link": e.link,
            "published": calendar.timegm(e.published_parsed),
            "content": e.content[0].value if "content" in e else None,
        }
        for e in parsed.entries
    ]


# ------------------------------------------------------------------------------------- outlets.json


def test_outlets_json_lists_one_outlet_per_host_folder():
    hosts = newsroom_hosts()
    assert len(hosts) == 4
    assert sorted(urlsplit(o.feed_url).hostname for o in OUTLETS) == hosts
    for outlet in OUTLETS:
        assert outlet.name
        assert urlsplit(outlet.feed_url).scheme in ("http", "https")
        assert urlsplit(outlet.site_url).hostname == urlsplit(outlet.feed_url).hostname
        assert urlsplit(outlet.site_url).path == "/"


def test_outlets_are_frozen_values():
    with pytest.raises(dataclasses.FrozenInstanceError):
        OUTLETS[0].republish_full_text = True  # type: ignore[misc]
    assert isinstance(OUTLETS[0], Outlet)


def test_only_outlets_with_a_public_domain_footer_may_republish_full_text(client):
    assert 1 <= sum(o.republish_full_text for o in OUTLETS) <= 2
    for outlet in OUTLETS:
        tree = lxml.html.fromstring(client.get(outlet.site_url).content)
        footer = norm(" ".join(tree.xpath("//footer//text() | //*[@id='footer']//text()")))
        if outlet.republish_full_text:
            assert "public domain" in footer and "CC0" in footer, outlet.name
        else:
            assert "All rights reserved" in footer and "public domain" not in footer, outlet.name


# ------------------------------------------------------------------------------------- feeds


def test_feeds_come_in_rss_atom_and_json_feed_formats(client):
    types = sorted(client.get(o.feed_url).headers["content-type"].split(";")[0] for o in OUTLETS)
    assert types == ["application/atom+xml", "application/feed+json", "application/rss+xml", "application/rss+xml"]


@pytest.mark.parametrize("outlet", OUTLETS, ids=lambda o: urlsplit(o.feed_url).hostname)
def test_feed_parses_and_every_entry_links_to_an_article_page(client, outlet):
    response = client.get(outlet.feed_url)
    assert response.status_code == 200
    entries = feed_entries(response)
    assert len(entries) >= 4
    for entry in entries:
        assert urlsplit(entry["link"]).hostname == urlsplit(outlet.feed_url).hostname
        page = client.get(entry["link"])
        assert page.status_code == 200, entry["link"]
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        # The feed and the page agree on when the article was published, whatever zone each writes it in.
        published = meta(lxml.html.fromstring(page.content), "article:published_time")
        assert datetime.fromisoformat(published).timestamp() == entry["published"], entry["link"]


def test_every_article_page_is_listed_in_its_outlets_feed(client):
    linked = set()
    for outlet in OUTLETS:
        linked |= {link.split("?")[0] for link in (e["link"] for e in feed_entries(client.get(outlet.feed_url)))}
    assert linked == {page_url(p) for p in ARTICLE_PAGES}
    assert len(linked) >= 18


def test_one_feed_link_carries_a_tracking_query(client):
    links = [e["link"] for o in OUTLETS for e in feed_entries(client.get(o.feed_url))]
    tracked = [link for link in links if "?" in link]
    assert len(tracked) == 1
    assert urlsplit(tracked[0]).query == "utm_source=rss&utm_medium=feed"


def test_one_feed_carries_the_full_text_of_its_articles(client):
    full = [o for o in OUTLETS if any(e["content"] for e in feed_entries(client.get(o.feed_url)))]
    assert [o.name for o in full] == ["The Northern Ledger"]
    for entry in feed_entries(client.get(full[0].feed_url)):
        content = lxml.html.fromstring(entry["content"])
        page = lxml.html.fromstring(client.get(entry["link"]).content)
        assert [norm(p.text_content()) for p in content.xpath("//p")] == body_paragraphs(page)


# ------------------------------------------------------------------------------------- article pages


def test_newsroom_has_eighteen_articles_across_four_outlets():
    assert len(ARTICLE_PAGES) == 18
    assert {p.parent.parent.name for p in ARTICLE_PAGES} == set(newsroom_hosts())


@pytest.mark.parametrize("path", ARTICLE_PAGES, ids=page_id)
def test_article_page_head_describes_the_article(path):
    tree = lxml.html.fromstring(path.read_bytes())
    h1 = norm(tree.xpath("//article//h1")[0].text_content())
    outlet = next(o for o in OUTLETS if urlsplit(o.site_url).hostname == path.parent.parent.name)
    assert tree.findtext(".//title").startswith(h1)
    assert meta(tree, "og:title") == h1
    assert meta(tree, "og:url") == tree.xpath('//link[@rel="canonical"]/@href')[0] == page_url(path)
    assert meta(tree, "og:site_name") == outlet.name
    assert meta(tree, "description") and meta(tree, "author")
    published = datetime.fromisoformat(meta(tree, "article:published_time"))
    assert published.tzinfo is not None
    assert "2026-11-20" <= published.date().isoformat() <= "2026-11-24"
    paragraphs = body_paragraphs(tree)
    assert 5 <= len(paragraphs) <= 9
    assert all(40 <= len(p.split()) <= 90 for p in paragraphs)


@pytest.mark.parametrize("path", ARTICLE_PAGES, ids=page_id)
def test_trafilatura_extracts_the_article_and_drops_the_site_chrome(path):
    html = path.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    doc = trafilatura.bare_extraction(html, url=page_url(path), with_metadata=True)
    assert doc is not None
    assert doc.title == norm(tree.xpath("//article//h1")[0].text_content())
    assert doc.date == meta(tree, "article:published_time")[:10]
    text = norm(doc.text)
    assert len(text.split()) >= 150
    assert body_paragraphs(tree)[0] in text
    # Short chrome ("Home", "Sport") may occur inside a sentence, so it is only an error as a line of its own.
    lines = {line.strip().lstrip("-*").strip() for line in doc.text.splitlines()}
    chrome = boilerplate(tree)
    assert chrome, "the page should have site chrome to drop"
    leaked = sorted(s for s in chrome if s in lines or (len(s) >= 20 and s in text))
    assert leaked == []


def test_stories_covered_by_several_outlets_use_their_own_words():
    pages = {page_id(p): body_paragraphs(lxml.html.fromstring(p.read_bytes())) for p in ARTICLE_PAGES}
    for story, (phrase, members) in SHARED_STORIES.items():
        assert len({m.split("/")[0] for m in members}) == len(members) >= 2, story
        for member in members:
            assert phrase in " ".join(pages[member]), (story, member)
    # Apart from the one syndicated near-copy, no two pages share a paragraph.
    sharing = {frozenset((a, b)) for a in pages for b in pages if a < b and set(pages[a]) & set(pages[b])}
    assert sharing == {frozenset(NEAR_COPY)}


def test_events_json_names_the_event_of_every_article_once_and_agrees_with_the_shared_stories():
    listed = [url for event in load_events() for url in event.articles]
    assert sorted(listed) == sorted(page_url(p) for p in ARTICLE_PAGES)  # every page, each once
    shared = {frozenset(e.articles) for e in load_events() if len(e.articles) > 1}
    assert shared == {
        frozenset(f"https://{m.split('/')[0]}/news/{m.split('/')[1]}.html" for m in members)
        for _, members in SHARED_STORIES.values()
    }


def test_syndicated_near_copy_reuses_the_wire_text_under_another_headline():
    wire, copy = (
        lxml.html.fromstring((NEWSROOM_ROOT / host / "news" / f"{slug}.html").read_bytes())
        for host, slug in (p.split("/") for p in sorted(NEAR_COPY))
    )
    wire_paras, copy_paras = body_paragraphs(wire), body_paragraphs(copy)
    assert len(set(wire_paras) & set(copy_paras)) >= len(wire_paras) // 2
    assert wire.xpath("//h1")[0].text_content() != copy.xpath("//h1")[0].text_content()
    assert meta(wire, "og:url") != meta(copy, "og:url")


# ------------------------------------------------------------------------------------- transport

GAZETTE = "https://www.harbour-gazette.example"


def test_root_path_serves_the_home_page(client):
    response = client.get(GAZETTE + "/")
    assert response.status_code == 200
    assert response.content == (NEWSROOM_ROOT / "www.harbour-gazette.example" / "index.html").read_bytes()


def test_query_string_is_ignored_when_looking_up_a_file(client):
    plain = client.get(GAZETTE + "/feed.xml")
    tracked = client.get(GAZETTE + "/feed.xml?utm_source=rss&utm_medium=feed")
    assert tracked.status_code == 200 and tracked.content == plain.content


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("www.harbour-gazette.example/feed.xml", "application/rss+xml; charset=utf-8"),
        ("www.valley-courier.example/atom.xml", "application/atom+xml; charset=utf-8"),
        ("www.metro-wire.example/feed.json", "application/feed+json; charset=utf-8"),
        ("www.northern-ledger.example/index.html", "text/html; charset=utf-8"),
    ],
)
def test_content_type_follows_the_file(client, path, content_type):
    response = client.get(f"https://{path}")
    assert response.headers["content-type"] == content_type
    assert response.headers["content-length"] == str(len(response.content))


def test_missing_file_is_404(client):
    assert client.get(GAZETTE + "/news/no-such-story.html").status_code == 404
    assert client.get(GAZETTE + "/news/").status_code == 404  # a folder without index.html


@pytest.mark.parametrize(
    "raw_path",
    [
        "/news/%2e%2e/%2e%2e/outlets.json",
        "/%2E%2E/www.metro-wire.example/feed.json",
        "/news/..%2f..%2fLICENSE.md",
        "/%2e%2e%2f%2e%2e%2foutlets.json",
        "/..%5c..%5coutlets.json",
        "/" + str(NEWSROOM_ROOT / "outlets.json"),
        "//etc/passwd",
    ],
)
def test_paths_that_leave_the_outlet_folder_are_404(client, raw_path):
    assert (NEWSROOM_ROOT / "outlets.json").is_file() and (NEWSROOM_ROOT / "LICENSE.md").is_file()
    assert client.get(GAZETTE + raw_path).status_code == 404


def test_symlink_out_of_the_outlet_folder_is_404(tmp_path):
    (tmp_path / "secret.txt").write_text("not for the web")
    site = tmp_path / "newsroom" / "www.test.example"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<p>hello</p>")
    os.symlink(tmp_path / "secret.txt", site / "leak.txt")
    with httpx.Client(transport=NewsroomTransport(tmp_path / "newsroom")) as c:
        assert c.get("https://www.test.example/").text == "<p>hello</p>"
        assert c.get("https://www.test.example/leak.txt").status_code == 404


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_only_get_and_head_are_allowed(client, method):
    response = client.request(method, GAZETTE + "/feed.xml")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_head_sends_the_headers_of_get_without_a_body(client):
    get, head = client.get(GAZETTE + "/feed.xml"), client.head(GAZETTE + "/feed.xml")
    assert head.status_code == 200 and head.content == b""
    for name in ("etag", "last-modified", "content-type", "content-length"):
        assert head.headers[name] == get.headers[name]


def test_etag_is_stable_and_if_none_match_answers_304(client):
    url = GAZETTE + "/feed.xml"
    etag = client.get(url).headers["etag"]
    with httpx.Client(transport=NewsroomTransport()) as other:
        assert other.get(url).headers["etag"] == etag  # a restarted demo keeps its validators
    for header in (etag, "W/" + etag, f'"other", {etag}', "*"):
        response = client.get(url, headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b"" and response.headers["etag"] == etag
    assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200
    assert etag != client.get(GAZETTE + "/").headers["etag"]


def test_if_modified_since_answers_304_until_the_file_changes(client):
    url = GAZETTE + "/feed.xml"
    last_modified = client.get(url).headers["last-modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": formatdate(0, usegmt=True)}).status_code == 200
    assert client.get(url, headers={"If-Modified-Since": "not a date"}).status_code == 200


def test_unknown_host_fails_like_a_name_that_does_not_resolve(client):
    with pytest.raises(httpx.ConnectError):
        client.get("https://www.not-in-the-newsroom.example/")


def test_mounts_route_every_newsroom_host_to_one_shared_transport():
    mounted = mounts()
    assert sorted(mounted) == sorted(newsroom_hosts())
    assert len({id(t) for t in mounted.values()}) == 1
    with Fetcher(FetchConfig(mounts=mounted)) as fetcher:  # the real fetcher, as ingestion uses it
        for outlet in OUTLETS:
            assert fetcher.get(outlet.feed_url, accept="feed").status_code == 200


def test_a_newsroom_folder_outside_the_reserved_tld_is_refused(tmp_path):
    (tmp_path / "www.real-newspaper.com").mkdir()
    with pytest.raises(ValueError, match="www.real-newspaper.com"):
        NewsroomTransport(tmp_path)


def test_outlets_json_is_valid_json_with_exactly_the_outlet_fields():
    entries = json.loads((NEWSROOM_ROOT / "outlets.json").read_text(encoding="utf-8"))
    assert [set(e) for e in entries] == [{f.name for f in dataclasses.fields(Outlet)}] * len(entries)
