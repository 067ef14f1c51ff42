"""Article pages from strangers: only http(s) pictures and canonical addresses leave the extractor (a
``javascript:`` or ``data:`` og:image reached the API and the export), and a claimed canonical that is no
usable URL is ignored rather than raising in the ingest."""

import pytest

from newsdesk.pipeline.digest import digest_page
from newsdesk.pipeline.extract import extract_article
from newsdesk.pipeline.urls import declared_canonical, is_web_url

PAGE_URL = "https://gazette.example/news/bridge"
BODY = "".join(
    f"<p>Paragraph {i} tells the reader about the harbour bridge, its repairs and the traffic that "
    f"returns to the old town after months of closure and detours.</p>"
    for i in range(5)
)


def page(head: str) -> str:
    return (
        f"<html><head><title>Bridge reopens</title>{head}</head><body><article><h1>Bridge reopens</h1>{BODY}"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    "image",
    [
        "javascript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "JaVaScRiPt:alert(1)",
        "https://img.example:99999/a.jpg",
        "vbscript:x",
        "http://[::1/a.jpg",
    ],
)
def test_an_image_that_is_not_a_usable_http_url_is_not_kept(image):
    article = extract_article(page(f'<meta property="og:image" content="{image}">'), url=PAGE_URL)
    assert article.image_url == ""


def test_an_http_image_is_kept_and_a_relative_one_made_absolute():
    article = extract_article(page('<meta property="og:image" content="https://img.example/a.jpg">'), url=PAGE_URL)
    assert article.image_url == "https://img.example/a.jpg"
    article = extract_article(page('<meta property="og:image" content="/media/a.jpg">'), url=PAGE_URL)
    assert article.image_url in ("https://gazette.example/media/a.jpg", "")


@pytest.mark.parametrize(
    "canonical",
    [
        "https://gazette.example:99999/news/bridge",
        "javascript:alert(1)",
        "http://[::1/news",
        "https://gazette.example/\x00",
    ],
)
def test_a_claimed_canonical_that_is_not_usable_is_ignored(canonical):
    article = extract_article(page(f'<link rel="canonical" href="{canonical}">'), url=PAGE_URL)
    assert article.canonical_url != canonical
    assert article.canonical_url == "" or is_web_url(article.canonical_url)
    assert declared_canonical(canonical) is None


def test_a_page_with_an_impossible_charset_is_still_read():
    prepared = digest_page(page("").encode(), url=PAGE_URL, charset="utf\x00-8")
    assert prepared.extracted.title == "Bridge reopens"
