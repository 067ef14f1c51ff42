"""The article page's summary: 3-5 sentences of the article, each pointing at its place in the body when shown."""

from __future__ import annotations

import pytest

from newsdesk.pipeline.article_summary import SummaryConfig, split_sentences, summarise
from tests.comments.pages import has_class, parse, text
from tests.support.seed import load_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article(outlets, make_article):
    def make(republish: bool, config: SummaryConfig | None = None):
        source = outlets[0]
        source.republish_full_text = republish
        source.save()
        body = "\n\n".join(load_seed().paragraphs)
        summary = summarise(body, config)
        return make_article(
            f"seed-{republish}",
            source,
            text=body,
            summary=summary.text,
            summary_sentences=[{"text": s.text, "position": s.position} for s in summary.sentences],
        )

    return make


@pytest.mark.parametrize("sentences", [3, 5])
def test_each_summary_sentence_links_to_the_same_sentence_in_the_shown_body(client, seed_article, sentences):
    article = seed_article(True, SummaryConfig(min_sentences=sentences, max_sentences=sentences))
    doc = parse(client.get(article.get_absolute_url()))
    links = doc.xpath(f"//section[{has_class('summary')}]//a[{has_class('summary-sentence')}]")
    assert len(links) == sentences
    for link, stored in zip(links, article.summary_sentences, strict=True):
        assert link.get("href") == f"#s{stored['position']}"
        target = doc.xpath(f"//div[{has_class('body')}]//span[@id='s{stored['position']}']")[0]
        assert text(target) == text(link) == stored["text"]
        assert "in-summary" in target.get("class")
    # Every sentence of the body is there, in order, each once: the body still reads as the article.
    body_sentences = [text(s) for s in doc.xpath(f"//div[{has_class('body')}]//span[starts-with(@id, 's')]")]
    assert body_sentences == split_sentences(article.text)


def test_without_the_full_body_the_summary_keeps_positions_but_links_nowhere(client, seed_article):
    article = seed_article(False)
    doc = parse(client.get(article.get_absolute_url()))
    section = doc.xpath(f"//section[{has_class('summary')}]")[0]
    assert not section.xpath(".//a[starts-with(@href, '#s')]")
    spans = section.xpath(".//span[@data-position]")
    assert [int(s.get("data-position")) for s in spans] == [s["position"] for s in article.summary_sentences]
    assert 3 <= len(spans) <= 5
