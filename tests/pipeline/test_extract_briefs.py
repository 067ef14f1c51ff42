"""A news brief of 25-50 words is kept when the page shows it is an article; the same words on a listing are not."""

import json

import pytest

from newsdesk.pipeline.errors import TooShort
from newsdesk.pipeline.extract import count_words, extract_article

BRIEF = (  # 31 words: a brief
    "The harbour council approved the new ferry timetable on Tuesday evening. Boats will leave the old quay "
    "every hour from the first of June, and the late crossing returns on Fridays."
)
HEADLINE = "Harbour council approves new ferry timetable"
URL = "https://gazette.example/news/2024/05/12/harbour-council-approves-ferry-timetable"
NAV = '<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/sport/">Sport</a></nav></header>'


def article_page(head: str) -> str:
    return (
        f"<html><head><title>{HEADLINE} | The Gazette</title>{head}</head><body>{NAV}"
        f"<main><article><h1>{HEADLINE}</h1><p>{BRIEF}</p></article></main></body></html>"
    )


NEWS_ARTICLE = (
    '<script type="application/ld+json">'
    + json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": HEADLINE,
            "datePublished": "2024-05-12T09:30:00Z",
        }
    )
    + "</script>"
)
OG_ARTICLE = (
    '<meta property="og:type" content="article">'
    '<meta property="article:published_time" content="2024-05-12T09:30:00+00:00">'
)


@pytest.mark.parametrize("head", [NEWS_ARTICLE, OG_ARTICLE], ids=["NewsArticle JSON-LD", "og:type article, a date"])
def test_a_brief_with_article_metadata_is_kept(head):
    article = extract_article(article_page(head), url=URL, listed_as=URL)
    assert article.text == BRIEF
    assert article.title.startswith(HEADLINE)


def test_a_brief_without_any_sign_is_refused_with_the_reason():
    page = f"<html><body><div><p>{BRIEF}</p></div></body></html>"
    with pytest.raises(TooShort) as refused:
        extract_article(page, url="https://gazette.example/p")
    assert refused.value.message == (
        f"{count_words(BRIEF)} words of text, and the page shows no sign of being an article "
        "(no date, no article metadata); an article needs 50"
    )


def teasers(words: str) -> str:
    """The brief's words as a page of teaser links, as tag pages and section fronts show them."""
    sentences = [s.strip() for s in words.split(". ") if s.strip()]
    return "".join(f'<article><h2><a href="/news/{i}">{s}</a></h2></article>' for i, s in enumerate(sentences))


LISTINGS = {
    "tag page": (
        "https://gazette.example/tag/ferries/",
        '<meta property="og:type" content="website"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@graph": [{"@type": "CollectionPage"}]}</script>',
        f"<h1>Tag: Ferries</h1><p>{BRIEF}</p>",
        "a listing address (/tag/)",
    ),
    "section front": (
        "https://gazette.example/local/",
        '<meta property="og:type" content="website">',
        f"<h1>Local</h1><p>{BRIEF}</p>",
        "listing metadata (og:type website)",
    ),
    "page of teaser links": (
        "https://gazette.example/local/latest",
        "",
        teasers(BRIEF + ". Ferry fares rise by ten pence. Council meets again in June"),
        "teaser links",
    ),
}


@pytest.mark.parametrize("kind", LISTINGS)
def test_the_same_words_on_a_listing_are_refused_with_a_readable_reason(kind):
    url, head, main, sign = LISTINGS[kind]
    page = f"<html><head><title>Ferries | The Gazette</title>{head}</head><body>{NAV}<main>{main}</main></body></html>"
    with pytest.raises(TooShort) as refused:
        extract_article(page, url=url, listed_as=url)
    message = refused.value.message
    assert "words of text, and the page looks like a listing: " in message, message
    assert sign in message
    assert message.endswith("a page like this needs 50")


def test_a_brief_with_only_weak_signs_says_what_it_lacks():
    page = f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1><p>{BRIEF}</p></body></html>"
    with pytest.raises(TooShort) as refused:
        extract_article(page, url=URL, listed_as=URL)
    assert refused.value.message == (
        f"{count_words(BRIEF)} words of text, fewer than the 35 an article needs with only a headline, listed "
        "under its own address and an article address (no date, no article metadata)"
    )


def test_a_brief_with_a_related_stories_block_is_still_kept():
    """News sites put teaser <article>s of other stories beside a brief: its own metadata outweighs them."""
    related = "".join(
        f'<article><h3><a href="/news/{i}">Earlier harbour story {i}</a></h3></article>' for i in range(4)
    )
    page = article_page(NEWS_ARTICLE).replace("</article></main>", f"</article><div>{related}</div></main>")
    assert extract_article(page, url=URL, listed_as=URL).text == BRIEF


def test_a_too_short_article_with_signs_against_says_both():
    related = "".join(
        f'<article><h3><a href="/news/{i}">Earlier harbour story {i}</a></h3></article>' for i in range(4)
    )
    short = "The ferry timetable was approved on Tuesday. Boats leave every hour from June."
    page = article_page(NEWS_ARTICLE).replace(BRIEF, short).replace("</article></main>", f"</article>{related}</main>")
    with pytest.raises(TooShort) as refused:
        extract_article(page, url=URL, listed_as=URL)
    message = refused.value.message
    assert message.startswith(f"{count_words(short)} words of text, fewer than the 25 an article needs with only ")
    assert "article metadata (NewsArticle), a publication date" in message
    assert message.endswith("; against it: teaser links (4 <article> teasers)")
