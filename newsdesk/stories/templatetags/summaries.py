"""Template helpers for summaries: the article body sentence by sentence, so that no sentence shows twice.

    {% load summaries %}
    {% for paragraph in article|body_sentences %}<p>{% for s in paragraph %}<span id="s{{ s.position }}">...
    {% for s in article|excerpt_sentences %}...

A summary sentence stores its ``position`` among the article's sentences (``pipeline.article_summary``); the body,
split the same way, gives every sentence that same number. The summary is the article's lead, so the page
shows it once, at the top, and the body or the excerpt goes on from there:

- the *opening* is the body's first sentences that the summary shows, with the boilerplate among them
  (``pipeline.boilerplate``: the dateline and byline the summary left out); neither body nor excerpt repeats it;
- a summary sentence after the opening (a summary made otherwise, such as an older one) keeps its place in
  the body as a reference to the summary (``in_summary``), not as its text again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.boilerplate import news_sentences

register = template.Library()


@dataclass(frozen=True)
class BodySentence:
    position: int
    text: str
    in_summary: bool  # shown in the summary (after the opening): the body points there instead


@register.filter
def body_sentences(article) -> list[list[BodySentence]]:
    """The article's paragraphs after the opening, each a list of its sentences numbered as the summary numbers
    them; a paragraph left empty goes."""
    paragraphs = _numbered_paragraphs(article)
    hidden = _opening(article, [s for paragraph in paragraphs for s in paragraph])
    shown = [[s for s in paragraph if s.position not in hidden] for paragraph in paragraphs]
    return [paragraph for paragraph in shown if paragraph]


@register.filter
def excerpt_sentences(article) -> list[BodySentence]:
    """The first paragraph less what the summary showed: all that a page may show of an outlet that does not
    allow republication is the summary and the first paragraph, each sentence once."""
    paragraphs = _numbered_paragraphs(article)
    if not paragraphs:
        return []
    hidden = _opening(article, [s for paragraph in paragraphs for s in paragraph])
    return [s for s in paragraphs[0] if s.position not in hidden and not s.in_summary]


def _numbered_paragraphs(article) -> list[list[BodySentence]]:
    quoted = {s.get("position") for s in article.summary_sentences or ()}
    paragraphs, position = [], 0
    for paragraph in article.paragraphs:
        sentences = []
        # Splitting paragraph by paragraph gives the same sentences as splitting the whole text (a paragraph
        # break always ends a sentence), so the positions agree with the summariser's.
        for text in split_sentences(paragraph):
            sentences.append(BodySentence(position, text, position in quoted))
            position += 1
        paragraphs.append(sentences)
    return paragraphs


def _opening(article, sentences: list[BodySentence]) -> set[int]:
    """Positions of the body's first sentences that the summary shows or that are boilerplate before them."""
    if not article.summary_sentences:
        return set()
    news = {position for position, _ in news_sentences([(s.position, s.text) for s in sentences])}
    opening: set[int] = set()
    for sentence in sentences:
        if not (sentence.in_summary or sentence.position not in news):
            break
        opening.add(sentence.position)
    # Boilerplate after the last summary sentence of the opening is the body's to show (a credit mid-text).
    last = max((p for p in opening if p in news), default=-1)
    return {p for p in opening if p <= last}
