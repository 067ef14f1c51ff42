"""Property: the page extractor, the sitemap reader and the OPML reader return well-formed values (usable
http(s) URLs, UTF-8 text, aware dates) or raise a ``PipelineError``, never anything else."""

import gzip

from hypothesis import given, settings

from newsdesk.pipeline.digest import digest_page
from newsdesk.pipeline.opml import parse_opml
from newsdesk.pipeline.sitemap_reader import parse_sitemap
from tests.fuzz import strategies
from tests.fuzz.properties import assert_clean_values, assert_web_url, outcome, timed

PAGE_URL = "https://gazette.example/news/bridge"
FUZZ = settings.get_profile("newsdesk-fuzz")


@settings(FUZZ, max_examples=600)
@given(strategies.hostile_page)
def _pages(case):
    content, charset = case
    prepared = outcome("pages: hostile article pages", lambda: digest_page(content, url=PAGE_URL, charset=charset))
    if prepared is not None:
        article = prepared.extracted
        assert_clean_values(article)
        assert_web_url(article.image_url, empty_ok=True)
        assert_web_url(article.canonical_url, empty_ok=True)


def test_hostile_pages_give_a_clean_article_or_a_typed_error():
    with timed("pages: hostile article pages"):
        _pages()


@settings(FUZZ, max_examples=1000)
@given(strategies.hostile_sitemap, strategies.hostile.map(lambda h: h.chance(5)))
def _sitemaps(content, compressed):
    if compressed:
        content = gzip.compress(content)[: None if len(content) % 7 else -3]  # now and then a truncated gzip
    sitemap = outcome(
        "sitemaps: hostile sitemaps", lambda: parse_sitemap(content, url="https://gazette.example/sitemap.xml")
    )
    if sitemap is not None:
        assert_clean_values(sitemap)
        for entry in sitemap.entries:
            assert_web_url(entry.url)
        for child in sitemap.sitemaps:
            assert_web_url(child)


def test_hostile_sitemaps_give_usable_entries_or_a_typed_error():
    with timed("sitemaps: hostile sitemaps"):
        _sitemaps()


@settings(FUZZ, max_examples=1000)
@given(strategies.hostile_opml)
def _opml(content):
    outlines = outcome("opml: hostile OPML files", lambda: parse_opml(content))
    for outline in outlines or []:
        assert_clean_values(outline)  # addresses are checked where they become sources (discovery.import_opml)


def test_hostile_opml_gives_outlines_or_a_typed_error():
    with timed("opml: hostile OPML files"):
        _opml()
