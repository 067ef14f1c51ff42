import gzip
import json
import re

import pytest

from newsdesk.pipeline.errors import NotAnArticle, Reason, TooShort
from newsdesk.pipeline.extract import ExtractConfig, extract_article
from tests.support.shared_data import shared_path


def shingles(text, n=4):
    words = re.findall(r"\w+", text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_real_pages_yield_body_and_metadata():
    truth = json.loads(shared_path("extraction", "ground-truth.json").read_text())
    for page_id in list(truth)[:5]:
        html = gzip.decompress(shared_path("extraction", "html", f"{page_id}.html.gz").read_bytes())
        article = extract_article(html, url=truth[page_id]["url"])
        gold = shingles(truth[page_id]["articleBody"])
        recall = len(gold & shingles(article.text)) / len(gold)
        assert recall > 0.6, page_id
        assert article.title
        assert "\n\n" in article.text  # paragraphs kept apart


def test_metadata_from_a_page_with_full_timestamp():
    html = """<html><head><title>Bridge reopens | Gazette</title>
    <meta property="og:title" content="Bridge reopens after repairs">
    <meta property="article:published_time" content="2026-11-23T09:15:00+01:00">
    <meta name="author" content="Ana Ruiz"><link rel="canonical" href="https://gazette.example/bridge">
    </head><body><article><h1>Bridge reopens after repairs</h1>""" + "".join(
        f"<p>Paragraph {i} tells the reader about the harbour bridge, its repairs and the traffic that returns "
        f"to the old town after months of closure and detours.</p>" for i in range(5)) + "</article></body></html>"
    article = extract_article(html, url="https://gazette.example/bridge?utm_source=x")
    assert article.title == "Bridge reopens after repairs"
    assert article.author == "Ana Ruiz"
    assert article.published.isoformat() == "2026-11-23T09:15:00+01:00"
    assert article.canonical_url == "https://gazette.example/bridge"
    assert article.text.startswith("Paragraph 0")
    assert article.word_count > 100


def test_short_page_is_too_short_with_the_word_count():
    html = "<html><body><article><p>Only a few words here, not an article.</p></article></body></html>"
    with pytest.raises((TooShort, NotAnArticle)) as caught:
        extract_article(html, url="https://x.example/a", config=ExtractConfig(min_words=50))
    assert caught.value.reason in (Reason.TOO_SHORT, Reason.NOT_AN_ARTICLE)


def test_min_words_is_configurable_and_reports_the_count():
    html = "<html><body><article>" + "<p>" + "word " * 30 + "end of a short brief.</p>" * 2 + "</article></body></html>"
    with pytest.raises(TooShort, match="fewer than the 500"):
        extract_article(html, url="https://x.example/a", config=ExtractConfig(min_words=500))


@pytest.mark.parametrize("html", ["", "   ", "<html><body></body></html>"])
def test_empty_pages_are_not_articles(html):
    with pytest.raises(NotAnArticle):
        extract_article(html, url="https://x.example/a")
