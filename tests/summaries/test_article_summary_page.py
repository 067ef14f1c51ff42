"""The article page's summary: 3-5 sentences of the article, shown once; the body or excerpt goes on from it."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.article_summary import SummaryConfig, split_sentences, summarise
from tests.comments.pages import has_class, parse, text
from tests.support.seed import load_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article(outlets, make_article):
    def make(republish: bool, config: SummaryConfig | None = None, positions: list[int] | None = None):
        source = outlets[0]
        source.republish_full_text = republish
        source.save()
        seed = load_seed()
        body = "\n\n".join(seed.paragraphs)
        summary = [(s.position, s.text) for s in summarise(body, config).sentences]
        if positions is not None:  # a summary made otherwise than the lead (an older one, say)
            summary = [(p, split_sentences(body)[p]) for p in positions]
        return make_article(
            f"seed-{republish}",
            source,
            title=seed.title,
            text=body,
            summary=" ".join(text for _, text in summary),
            summary_sentences=[{"text": text, "position": position} for position, text in summary],
        )

    return make


def main_content_sentences(doc) -> list[str]:
    """Every sentence a reader sees in the article's own content: headline, summary, key facts, body."""
    article = doc.xpath("//article")[0]
    blocks = article.xpath(".//h1 | .//section//p | .//dd | .//div[contains(@class, 'body')]//p")
    return [sentence for block in blocks for sentence in split_sentences(text(block))]


@pytest.mark.parametrize("sentences", [3, 5])
def test_the_summary_is_shown_once_and_the_full_body_goes_on_after_it(client, seed_article, sentences):
    article = seed_article(True, SummaryConfig(min_sentences=sentences, max_sentences=sentences))
    doc = parse(client.get(article.get_absolute_url()))
    shown = doc.xpath(f"//section[{has_class('summary')}]//span[{has_class('summary-sentence')}]")
    assert [(s.get("id"), text(s)) for s in shown] == [
        (f"s{stored['position']}", stored["text"]) for stored in article.summary_sentences
    ]
    # The body is the rest of the article, in order: with the summary, every sentence of the article once.
    body = [text(s) for s in doc.xpath(f"//div[{has_class('body')}]//span[starts-with(@id, 's')]")]
    assert [text(s) for s in shown] + body == split_sentences(article.text)


def test_without_the_full_body_the_excerpt_shows_only_what_the_summary_left_out(client, seed_article):
    article = seed_article(False)
    doc = parse(client.get(article.get_absolute_url()))
    section = doc.xpath(f"//section[{has_class('summary')}]")[0]
    assert not section.xpath(".//a[starts-with(@href, '#s')]")
    spans = section.xpath(".//span[@data-position]")
    assert [int(s.get("data-position")) for s in spans] == [s["position"] for s in article.summary_sentences]
    assert 3 <= len(spans) <= 5
    first_paragraph = split_sentences(article.first_paragraph)
    left_out = [s for i, s in enumerate(first_paragraph) if i not in {int(s.get("data-position")) for s in spans}]
    assert [text(s) for s in doc.xpath(f"//p[{has_class('excerpt')}]/span")] == left_out
    assert "read it at the original source" in text(doc.xpath(f"//p[{has_class('excerpt-note')}]")[0])


@pytest.mark.parametrize("republish", [True, False])
def test_no_sentence_appears_twice_and_the_seed_page_keeps_its_shape(client, seed_article, republish):
    article = seed_article(republish)
    doc = parse(client.get(article.get_absolute_url()))
    sentences = main_content_sentences(doc)
    repeated = sorted({s for s in sentences if sentences.count(s) > 1})
    assert repeated == []
    # Headline, summary, body, Original Source, comment form: in that order.
    page = doc.xpath("//body")[0]
    order = [
        page.xpath("//article//h1")[0],
        page.xpath(f"//section[{has_class('summary')}]")[0],
        page.xpath(f"//div[{has_class('body')}]")[0],
        page.xpath(f"//p[{has_class('original-source')}]")[0],
        page.xpath(f"//form[{has_class('comment-form')}]")[0],
    ]
    positions = [list(page.iter()).index(element) for element in order]
    assert positions == sorted(positions)
    assert text(order[0]) == load_seed().title
    assert text(order[3]) == f"Original Source: {article.original_domain}"


def test_a_summary_sentence_from_later_in_the_body_is_pointed_to_not_repeated(client, seed_article):
    positions = [0, 3, 6]
    article = seed_article(True, positions=positions)
    doc = parse(client.get(article.get_absolute_url()))
    sentences = main_content_sentences(doc)
    assert sorted({s for s in sentences if sentences.count(s) > 1}) == []
    for position in (3, 6):
        assert doc.xpath(f"//div[{has_class('body')}]//a[{has_class('in-summary')}][@href='#s{position}']")
