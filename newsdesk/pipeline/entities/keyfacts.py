"""Key facts of an article: who (main actors), what (the sentence that states the event), where (resolved
places), when (the event's resolved date). The sources are the Django side's to add: it knows the outlets.

News states its event in the lead, so: *what* is the first full sentence of the body that names an entity;
*who* are the people and organisations in the headline or that sentence, then the most mentioned; *where*
the places in it, plus any region or city the first paragraph names (the airstrike "in Anbar province"),
then the most mentioned; *when* the first day-precise date of the opening paragraphs that is not after
publication.
"""

from __future__ import annotations

import re
from datetime import date

from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.datelines import without_dateline
from newsdesk.pipeline.entities.values import (
    EntityConfig,
    EntityType,
    FoundEntity,
    Granularity,
    KeyFacts,
    PlaceKind,
    ResolvedDate,
)

MIN_WHAT_WORDS = 8
LEAD_PARAGRAPHS = 2


def key_facts(
    text: str,
    title_end: int,
    entities: list[FoundEntity],
    dates: list[ResolvedDate],
    config: EntityConfig,
    *,
    published_date: date | None = None,
) -> KeyFacts:
    title, body = text[:title_end], text[title_end:]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    lead = "\n\n".join(paragraphs[:LEAD_PARAGRAPHS])
    lead_end = title_end + len(lead)
    what = without_dateline(_what_sentence(body, entities)) or title.strip()

    def named_in(entity: FoundEntity, passage: str) -> bool:
        return any(_mentions(passage, n) for n in (entity.name, *entity.aliases))

    actors = [e for e in entities if e.type in (EntityType.PERSON, EntityType.ORG)]
    who = sorted(actors, key=lambda e: (not (named_in(e, what) or named_in(e, title)), -e.count, e.first_position))
    places = [e for e in entities if e.type == EntityType.PLACE]

    def where_rank(e: FoundEntity) -> tuple[bool, int, int]:
        specific_in_lead = e.place is not None and e.place.kind != PlaceKind.COUNTRY and e.first_position < lead_end
        return (not (named_in(e, what) or specific_in_lead), -e.count, e.first_position)

    where = sorted(places, key=where_rank)
    return KeyFacts(
        who=tuple(who[: config.max_who]),
        what=what,
        where=tuple(where[: config.max_where]),
        when=_when(dates, lead_end, published_date),
    )


def _mentions(passage: str, name: str) -> bool:
    return bool(name) and re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", passage) is not None


def _what_sentence(body: str, entities: list[FoundEntity]) -> str:
    names = [n for e in entities for n in (e.name, *e.aliases)]
    sentences = split_sentences(body)
    for sentence in sentences:
        if len(sentence.split()) >= MIN_WHAT_WORDS and any(_mentions(sentence, n) for n in names):
            return sentence
    return next((s for s in sentences if len(s.split()) >= MIN_WHAT_WORDS), "")


def _when(dates: list[ResolvedDate], lead_end: int, published_date: date | None) -> ResolvedDate | None:
    def usable(d: ResolvedDate) -> bool:
        return d.granularity == Granularity.DAY and (published_date is None or d.date <= published_date)

    in_lead = [d for d in dates if d.position < lead_end and usable(d)]
    anywhere = [d for d in dates if usable(d)]
    chosen = in_lead or anywhere
    return chosen[0] if chosen else None
