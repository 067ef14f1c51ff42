"""Template helpers for summaries: the article body sentence by sentence, so summary sentences can point into it.

    {% load summaries %}
    {% for paragraph in article|body_sentences %}<p>{% for s in paragraph %}<span id="s{{ s.position }}">...

A summary sentence stores its ``position`` among the article's sentences (``pipeline.article_summary``); the body,
split the same way, gives every sentence that same number, so the summary can link to ``#s<position>`` and
the body can mark the sentences the summary quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from newsdesk.pipeline.article_summary import split_sentences

register = template.Library()


@dataclass(frozen=True)
class BodySentence:
    position: int
    text: str
    in_summary: bool


@register.filter
def body_sentences(article) -> list[list[BodySentence]]:
    """The article's paragraphs, each a list of its sentences numbered as the summary numbers them."""
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
