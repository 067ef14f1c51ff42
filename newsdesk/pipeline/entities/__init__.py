"""The entities stage: who, what, where and when of an article, from its text alone.

``understand_many(articles, config)`` takes (title, text, published) inputs and returns one
``Understanding`` each:

1. ``ner``: spaCy's entity and date spans over the title and the opening of the body (``max_chars``),
   batched through ``nlp.pipe``;
2. ``aliases``: the spans merged into one entity per person, organisation and place, with cross-article keys;
3. ``places``: place names resolved offline to country, first-level region and coordinates;
4. ``dates``: date expressions resolved against the publication time;
5. ``keyfacts``: who, what, where, when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from newsdesk.pipeline.entities.aliases import find_entities
from newsdesk.pipeline.entities.context import facilities_as_places
from newsdesk.pipeline.entities.dates import resolve_dates
from newsdesk.pipeline.entities.keyfacts import key_facts
from newsdesk.pipeline.entities.ner import DATE_LABELS, recognise
from newsdesk.pipeline.entities.places import gazetteer
from newsdesk.pipeline.entities.spans import corrected
from newsdesk.pipeline.entities.values import EntityConfig, Understanding
from newsdesk.pipeline.errors import InternalError, PipelineError

__all__ = ["ArticleText", "EntityConfig", "Understanding", "analysed_text", "understand_each", "understand_many"]


@dataclass(frozen=True)
class ArticleText:
    title: str
    text: str  # paragraphs separated by blank lines
    published: datetime | None = None


def analysed_text(article: ArticleText, max_chars: int) -> tuple[str, int]:
    """The title and the body up to ``max_chars`` (whole paragraphs, at least one); and where the body starts."""
    head = (article.title or "").strip() + "\n\n"
    kept: list[str] = []
    size = 0
    for paragraph in (p.strip() for p in article.text.split("\n\n")):
        if not paragraph:
            continue
        if kept and size + len(paragraph) > max_chars:
            break
        kept.append(paragraph)
        size += len(paragraph) + 2
    return head + "\n\n".join(kept), len(head)


def understand_many(articles: Sequence[ArticleText], config: EntityConfig = EntityConfig()) -> list[Understanding]:
    prepared = [analysed_text(a, config.max_chars) for a in articles]
    all_spans = recognise([text for text, _ in prepared], model=config.model, batch_size=config.batch_size)
    places = gazetteer()
    results = []
    for article, (text, title_end), spans in zip(articles, prepared, all_spans):
        entity_spans = corrected(text, facilities_as_places([s for s in spans if s.label not in DATE_LABELS]))
        entities = find_entities(
            text, entity_spans, title_end=title_end, gazetteer=places, extra_aliases=config.extra_aliases
        )
        dates = resolve_dates([s for s in spans if s.label in DATE_LABELS and s.start >= title_end], article.published)
        published_date = article.published.date() if article.published else None
        facts = key_facts(text, title_end, entities, dates, config, published_date=published_date)
        results.append(
            Understanding(entities=tuple(entities), dates=tuple(dates), key_facts=facts, analysed_chars=len(text))
        )
    return results


def understand_each(
    articles: Sequence[ArticleText], config: EntityConfig = EntityConfig()
) -> list[Understanding | PipelineError]:
    """``understand_many`` that never raises: an article the stage fails on comes back as an error value, the
    others as results (it retries one by one only after a batch failed). Plain values: runs in a worker process."""
    try:
        return list(understand_many(articles, config))
    except Exception:  # a bug on one hostile article must not sink its batch
        pass
    outcomes: list[Understanding | PipelineError] = []
    for article in articles:
        try:
            outcomes.extend(understand_many([article], config))
        except Exception as exc:
            outcomes.append(InternalError.of(exc))
    return outcomes
