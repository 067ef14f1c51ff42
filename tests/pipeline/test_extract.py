import gzip
import json
import re

import pytest
import trafilatura

from newsdesk.pipeline.errors import NotAnArticle, Reason, TooShort
from newsdesk.pipeline.extract import ExtractConfig, extract_article
from tests.support.halves import HELD_OUT, extraction_file_name, extraction_half
from tests.support.shared_data import shared_path


def shingles(text, n=4):
    words = re.findall(r"\w+", text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def held_out(page_id):
    """Whether the page is in the half the extraction options were not chosen on (``tests/support/halves.py``)."""
    return extraction_half(extraction_file_name(page_id)) == HELD_OUT


@pytest.mark.quality
def test_real_pages_yield_body_and_metadata():
    truth = json.loads(shared_path("extraction", "ground-truth.json").read_text())
    for page_id in [page_id for page_id in truth if held_out(page_id)][:5]:
        html = gzip.decompress(shared_path("extraction", "html", f"{page_id}.html.gz").read_bytes())
        article = extract_article(html, url=truth[page_id]["url"])
        gold = shingles(truth[page_id]["articleBody"])
        recall = len(gold & shingles(article.text)) / len(gold)
        assert recall > 0.6, page_id
        assert article.title
        assert "\n\n" in article.text  # paragraphs kept apart


def test_metadata_from_a_page_with_full_timestamp():
    html = (
        """<html><head><title>Bridge reopens | Gazette</title>
    <meta property="og:title" content="Bridge reopens after repairs">
    <meta property="article:published_time" content="2026-11-23T09:15:00+01:00">
    <meta name="author" content="Ana Ruiz"><link rel="canonical" href="https://gazette.example/bridge">
    </head><body><article><h1>Bridge reopens after repairs</h1>"""
        + "".join(
            f"<p>Paragraph {i} tells the reader about the harbour bridge, its repairs and the traffic that returns "
            f"to the old town after months of closure and detours.</p>"
            for i in range(5)
        )
        + "</article></body></html>"
    )
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
    with pytest.raises(TooShort, match=r": 40 words of text, .* an article needs 500$"):
        extract_article(html, url="https://x.example/a", config=ExtractConfig(min_words=500))


@pytest.mark.parametrize("html", ["", "   ", "<html><body></body></html>"])
def test_empty_pages_are_not_articles(html):
    with pytest.raises(NotAnArticle):
        extract_article(html, url="https://x.example/a")


# Measured against plain trafilatura, on the real pages (the requirement) ----------------------------


def real_page(page_id_prefix):
    """(url, html, gold body) of the benchmark page whose id starts with the prefix."""
    truth = json.loads(shared_path("extraction", "ground-truth.json").read_text())
    (page_id,) = [key for key in truth if key.startswith(page_id_prefix)]
    html = gzip.decompress(shared_path("extraction", "html", f"{page_id}.html.gz").read_bytes()).decode("utf-8")
    return truth[page_id]["url"], html, truth[page_id]["articleBody"]


@pytest.mark.quality
def test_f1_on_the_real_pages_is_not_lower_than_plain_trafilatura():
    from bench.extraction import aggregate, load_pages, score_page

    # On the held-out pages, with the options chosen on the fit half (the shipped ones: bench/README.md); the
    # 40 held-out pages measured F1 0.962 against trafilatura's 0.952, the 51 fit pages 0.971 against 0.961
    # (`bench/extraction.py --halves`).
    ours, plain = [], []
    held_out_pages = [page for page in load_pages(shared_path("extraction")) if held_out(page[0])]
    assert len(held_out_pages) == 40
    for _, url, html, gold in held_out_pages:
        try:
            text = extract_article(html, url=url).text
        except (NotAnArticle, TooShort):
            text = None
        ours.append(score_page(text, gold))
        plain.append(score_page(trafilatura.extract(html), gold))
    ours, plain = aggregate(ours), aggregate(plain)
    assert ours["f1"] >= plain["f1"]
    assert ours["f1_strict"] >= plain["f1_strict"]  # no gain from rejecting pages either


def test_sign_up_boxes_are_left_out_of_the_body():
    url, html, _ = real_page("08f79376")  # CBS Sports: a newsletter box and "more news" links in the article
    text = extract_article(html, url=url).text
    assert "Keep an eye on your inbox for the latest sports news." not in text
    assert "There was an error processing your subscription." not in text
    assert "Steelers defensive captain Cam Heyward" in text


def test_a_page_with_its_body_only_in_json_ld_is_still_an_article():
    # Pages rendered by JavaScript often carry the text only in their schema.org data. Precision mode has no
    # rescue for them (trafilatura skips its baseline there); the default extraction finds the articleBody.
    body = " ".join(
        f"Paragraph {i} tells the reader about the harbour bridge, its repairs and the traffic that "
        f"returns to the old town."
        for i in range(5)
    )
    data = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Bridge reopens", "articleBody": body}
    )
    html = (
        f"<html><head><script type='application/ld+json'>{data}</script></head>"
        "<body><div id='app'>Loading…</div></body></html>"
    )
    article = extract_article(html, url="https://x.example/a")
    assert article.text.count("harbour bridge") == 5


# The headline is not part of the body ---------------------------------------------------------------------


def page_with(head, first_line):
    return (
        f"<html><head>{head}</head><body><article>{first_line}"
        + "".join(
            f"<p>Paragraph {i} tells the reader about the harbour bridge, its repairs and the traffic that returns "
            f"to the old town after months of closure and detours.</p>"
            for i in range(5)
        )
        + "</article></body></html>"
    )


@pytest.mark.parametrize(
    "head, first_line",
    [
        ('<meta property="og:title" content="Bridge reopens after repairs">', "<h2>Bridge reopens after repairs</h2>"),
        (
            '<meta property="og:title" content="Bridge reopens after repairs - Gazette">',
            "<h2>Bridge reopens after repairs</h2>",
        ),
        (
            '<meta property="og:title" content="Opinion | Bridge reopens after repairs">',
            "<h2>Bridge reopens after repairs</h2>",
        ),
        (
            '<meta property="og:title" content="Harbour bridge reopens after repairs">',
            "<h2>Harbour bridge reopens after long repairs</h2>",
        ),
    ],
)
def test_a_body_repeating_the_headline_starts_after_it(head, first_line):
    article = extract_article(page_with(head, first_line), url="https://gazette.example/bridge")
    assert article.text.startswith("Paragraph 0")


def test_a_lede_that_echoes_the_headline_is_kept():
    html = page_with(
        '<meta property="og:title" content="Bridge reopens">', "<p>The bridge reopens today after repairs.</p>"
    )
    article = extract_article(html, url="https://gazette.example/bridge")
    assert article.title == "Bridge reopens"
    assert article.text.startswith("The bridge reopens today after repairs.")


@pytest.mark.parametrize(
    "page_id, headline",
    [
        ("c7e39ac4", "Julian Assange: Sweden drops rape investigation"),  # title "Sweden drops Assange rape ..."
        (
            "f105de6e",
            "Kindle for PCをCtrl＋Alt＋Kのショートカットキーで立ち上がらなくする方法",
        ),  # title "... | ノート100YEN.com"
    ],
)
def test_real_pages_do_not_repeat_a_reworded_headline(page_id, headline):
    url, html, gold = real_page(page_id)
    article = extract_article(html, url=url)
    assert not article.text.startswith(headline)
    assert article.text.split("\n\n")[0] in gold


# Word counts and languages written without spaces -----------------------------------------------------------


def test_a_japanese_article_is_not_too_short():
    sentence = "港の橋は数か月の修理を終えて月曜日に再開し、旧市街への交通が戻った。"
    html = (
        "<html lang='ja'><body><article>" + "".join(f"<p>{sentence}</p>" for _ in range(6)) + "</article></body></html>"
    )
    article = extract_article(html, url="https://x.example/a", config=ExtractConfig(min_words=50))
    assert 90 <= article.word_count <= 100  # 6 x 31 characters, two to a word; `\w+` alone sees 12 "words"
    assert article.language == "ja"


def test_real_japanese_page_counts_its_words():
    url, html, _ = real_page("85439e26")
    article = extract_article(html, url=url)
    assert 300 < article.word_count < 500  # about 700 Japanese characters


# Metadata ----------------------------------------------------------------------------------------------


def test_real_page_keeps_trafilatura_metadata():
    url, html, _ = real_page("360c732d")
    article = extract_article(html, url=url)
    assert article.title == "Alibaba to raise up to $12.9bn in landmark Hong Kong listing"
    assert article.author == "Anna Menin"
    assert article.published.isoformat() == "2019-11-20T09:22:35+00:00"
    assert article.site_name == "CityAM"
    assert article.language == "en"  # <html lang="en-GB">
    assert article.image_url.startswith("https://www.cityam.com/assets/uploads/")
    assert article.description.startswith("Alibaba is set to raise up to $12.9bn")
    assert (
        article.canonical_url == "https://www.cityam.com/alibaba-to-raise-up-to-12-9bn-in-landmark-hong-kong-listing/"
    )


@pytest.mark.parametrize(
    "declaration, language",
    [
        ('<html lang="en-GB"><head>', "en"),
        ('<html lang="pt_BR"><head>', "pt"),
        ('<html lang="id-ID"><head><meta property="og:locale" content="id_ID">', "id"),
        ('<html lang="en"><head><meta http-equiv="Content-Language" content="de, en">', "de"),
        ('<html lang="en"><head><meta property="og:locale" content="fr_FR">', "fr"),
        ('<html xml:lang="nl"><head>', "nl"),
        ('<html lang="und"><head>', ""),
        ("<html><head>", ""),
    ],
)
def test_language_comes_from_the_page_declaration(declaration, language):
    html = page_with("", "").replace("<html><head>", declaration, 1)
    assert extract_article(html, url="https://x.example/a").language == language
