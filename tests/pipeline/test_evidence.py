"""The signs a page gives of being an article or a listing, read from head markup as real sites write it."""

import json

import pytest
from trafilatura.utils import load_html

from newsdesk.pipeline.evidence import Evidence, article_evidence, words_needed

BODY = "<body><main><article><h1>Harbour council approves the new ferry timetable</h1><p>Short text.</p></article></main></body>"
TITLE = "<title>Harbour council approves the new ferry timetable | The Gazette</title>"
ARTICLE_URL = "https://gazette.example/news/2024/05/12/harbour-council-approves-ferry-timetable"


def evidence(head: str, *, url: str = ARTICLE_URL, body: str = BODY, listed_as: str = "") -> Evidence:
    return article_evidence(load_html(f"<html><head>{head}</head>{body}</html>"), url=url, listed_as=listed_as)


def signs(found: Evidence) -> set[str]:
    return {sign.split(" (", 1)[0] for sign in found.signs_for + found.signs_against}


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def needed(found: Evidence) -> int:
    return words_needed(found, brief=25, some=35, default=50)


# Article metadata, as CMSs write it.
YOAST_POST = ld(
    {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": ARTICLE_URL},
            {"@type": "Article", "headline": "Harbour council approves", "datePublished": "2024-05-12T09:30:00+00:00"},
            {"@type": "BreadcrumbList", "itemListElement": []},
        ],
    }
)
NEWS_LIST = ld(
    [
        {"@context": "https://schema.org", "@type": "NewsArticle", "datePublished": "2024-05-12T09:30:00Z"},
        {"@context": "https://schema.org", "@type": "Organization", "name": "The Gazette"},
    ]
)
BBC_STYLE = ld({"@context": "http://schema.org", "@type": "ReportageNewsArticle", "datePublished": "2024-05-12"})
TYPE_LIST = ld({"@context": "https://schema.org", "@type": ["BlogPosting", "Article"], "headline": "x"})


@pytest.mark.parametrize(
    "head",
    [YOAST_POST, NEWS_LIST, BBC_STYLE],
    ids=["yoast @graph Article", "a list with NewsArticle", "ReportageNewsArticle"],
)
def test_article_json_ld_with_its_date_is_strong_evidence(head):
    found = evidence(head)
    assert {"article metadata", "a publication date"} <= signs(found)
    assert needed(found) == 25


def test_a_type_given_as_a_list_is_read():
    assert "article metadata" in signs(evidence(TYPE_LIST))


def test_og_type_article_and_published_time_are_strong_evidence():
    found = evidence(
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-05-12T09:30:00+00:00">'
    )
    assert {"article metadata", "a publication date"} <= signs(found)
    assert needed(found) == 25


def test_an_itemprop_date_counts_and_a_bare_time_element_does_not():
    dated = '<body><article><time itemprop="datePublished" datetime="2024-05-12">12 May</time></article></body>'
    undated = "<body><article><time>12 May 2024</time></article></body>"
    assert "a publication date" in signs(evidence("", body=dated))
    assert "a publication date" not in signs(evidence("", body=undated))


def test_a_headline_is_an_h1_that_is_the_title_without_the_site_name():
    assert "a headline" in signs(evidence(TITLE))
    section = "<body><main><h1>World</h1></main></body>"
    assert "a headline" not in signs(evidence("<title>World | The Gazette</title>", body=section))


def test_listed_only_while_the_page_answers_under_the_listed_address():
    assert "listed under its own address" in signs(evidence("", listed_as=ARTICLE_URL + "?utm_source=rss"))
    # A removed story redirected to the front page is not the page the feed listed.
    redirected = evidence("", url="https://gazette.example/", listed_as=ARTICLE_URL)
    assert "listed under its own address" not in signs(redirected)
    assert "listed under its own address" not in signs(evidence(""))


@pytest.mark.parametrize(
    "url",
    [
        ARTICLE_URL,
        "https://gazette.example/story/48213377",
        "https://gazette.example/2024/05/ferry-timetable/",
        "https://gazette.example/harbour-council-approves-ferry-timetable/",
    ],
)
def test_article_addresses(url):
    assert "an article address" in signs(evidence("", url=url))


@pytest.mark.parametrize(
    "url, detail",
    [
        ("https://gazette.example/tag/harbour/", "/tag/"),
        ("https://gazette.example/category/politics/", "/category/"),
        ("https://gazette.example/topics/harbour-plan", "/topics/"),
        ("https://gazette.example/author/jane-doe/", "/author/"),
        ("https://gazette.example/search?q=harbour", "/search/"),
        ("https://gazette.example/results?s=harbour", "a search"),
        ("https://gazette.example/", "the site's front page"),
    ],
)
def test_listing_addresses_count_against(url, detail):
    found = evidence("", url=url)
    assert f"a listing address ({detail})" in found.signs_against


@pytest.mark.parametrize(
    "url", ["https://gazette.example/category/politics/page/2/", "https://gazette.example/news?page=3"]
)
def test_pagination_counts_against(url):
    assert "pagination" in signs(evidence("", url=url))


def test_the_first_page_is_not_pagination():
    assert "pagination" not in signs(evidence("", url="https://gazette.example/news/story-of-the-ferry?page=1"))


@pytest.mark.parametrize(
    "head, detail",
    [
        ('<meta property="og:type" content="website">', "og:type website"),
        (ld({"@context": "https://schema.org", "@graph": [{"@type": "CollectionPage"}]}), "CollectionPage"),
        (ld({"@context": "https://schema.org", "@type": "ItemList", "itemListElement": []}), "ItemList"),
        (ld({"@context": "https://schema.org", "@type": "SearchResultsPage"}), "SearchResultsPage"),
    ],
)
def test_listing_metadata_counts_against(head, detail):
    assert f"listing metadata ({detail})" in evidence(head).signs_against


def test_an_item_list_nested_in_an_article_is_not_the_page_kind():
    related = ld({"@type": "NewsArticle", "datePublished": "2024-05-12", "hasPart": {"@type": "ItemList"}})
    found = evidence(related)
    assert not found.signs_against and needed(found) == 25


def test_a_page_of_teaser_links_counts_against():
    teasers = "".join(
        f'<article><h2><a href="/news/{i}">Council story number {i} of the week</a></h2></article>' for i in range(4)
    )
    found = evidence("", body=f"<body><main>{teasers}</main></body>")
    assert "teaser links (4 <article> teasers)" in found.signs_against
    assert any(sign.startswith("mostly links") for sign in found.signs_against)


def test_navigation_links_do_not_make_an_article_link_dense():
    nav = "<nav>" + "".join(f'<a href="/s{i}">Section {i}</a>' for i in range(40)) + "</nav>"
    body = f"<body>{nav}<main><article><p>{'The ferry will run every hour from June. ' * 3}</p></article></main></body>"
    assert not evidence("", body=body).signs_against


def test_broken_json_ld_is_ignored_not_fatal():
    found = evidence('<script type="application/ld+json">{"@type": "NewsArticle",</script>')
    assert "article metadata" not in signs(found)


def test_a_sloppy_cms_saying_article_on_a_tag_page_is_still_held_to_fifty_words():
    head = (
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-05-12T09:30:00+00:00">'
    )
    teasers = "".join(f'<article><h2><a href="/n/{i}">Story {i} about the harbour</a></h2></article>' for i in range(4))
    url = "https://gazette.example/tag/harbour/"
    found = evidence(head, url=url, body=f"<body><main>{teasers}</main></body>", listed_as=url)
    assert needed(found) == 50


def test_no_signs_either_way_needs_the_old_fifty_words():
    found = evidence("", url="https://gazette.example/x")
    assert found == Evidence() and needed(found) == 50
    assert found.missing() == "no date, no article metadata"
