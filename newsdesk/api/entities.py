"""The API's entities: people, organisations and places named in articles, each with the articles naming it.

Lists are newest first (by when an article last named the entity) with the same cursor pagination as the
other endpoints (``pagination``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from newsdesk.api import pagination
from newsdesk.api.params import BAD_REQUEST, NOT_FOUND, Cursor, Text
from newsdesk.api.schemas import ArticlePage
from newsdesk.entities.export import entity_record
from newsdesk.entities.models import Entity

router = Router(tags=["entities"])


class EntityOut(Schema):
    id: UUID
    name: str
    type: str  # person, org or place
    aliases: list[str]
    article_count: int
    mention_count: int
    first_seen_at: datetime
    last_seen_at: datetime
    # Places only (null otherwise): resolved offline.
    country: str | None = None
    country_code: str | None = None
    region: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    page_url: str


class EntityDetailOut(EntityOut):
    related: list[EntityOut]  # named in the most of the same articles


class EntityPage(Schema):
    next_cursor: str | None
    items: list[EntityOut]


def entity_out(entity: Entity) -> dict:
    return {
        **entity_record(entity),
        "article_count": entity.article_count,
        "mention_count": entity.mention_count,
        "first_seen_at": entity.first_seen_at,
        "last_seen_at": entity.last_seen_at,
        "page_url": entity.get_absolute_url(),
    }


def _live(entity_id: UUID) -> Entity:
    entity = get_object_or_404(Entity, pk=entity_id)
    return entity.merged_into or entity  # an editor merged it: answer with the entity it became


@router.get("", response={200: EntityPage, **BAD_REQUEST})
def list_entities(
    request,
    type: Literal["person", "org", "place"] | None = None,
    q: Text | None = None,
    cursor: Cursor | None = None,
    limit: int = 20,
):
    """Entities by when an article last named them; ``type`` is person, org or place; ``q`` a name prefix."""
    entities = Entity.objects.live()
    if type:
        entities = entities.filter(type=type)
    if q:
        entities = entities.filter(name__istartswith=q)
    items, next_cursor = pagination.page(entities, field="last_seen_at", cursor=cursor, limit=limit)
    return {"items": [entity_out(e) for e in items], "next_cursor": next_cursor}


@router.get("/{entity_id}", response={200: EntityDetailOut, **NOT_FOUND})
def get_entity(request, entity_id: UUID):
    from newsdesk.entities.views import related

    entity = _live(entity_id)
    return {**entity_out(entity), "related": [entity_out(e) for e in related(entity)]}


@router.get("/{entity_id}/articles", response={200: ArticlePage, **NOT_FOUND})
def list_entity_articles(request, entity_id: UUID, cursor: Cursor | None = None, limit: int = 20):
    """Published articles naming the entity, newest first."""
    from newsdesk.api.views import LIST_DEFERRED, article_out
    from newsdesk.articles.models import Article

    entity = _live(entity_id)
    articles = (
        Article.objects.published().filter(mentions__entity=entity).select_related("source").defer(*LIST_DEFERRED)
    )
    items, next_cursor = pagination.page(articles, field="discovered_at", cursor=cursor, limit=limit)
    return {"items": [article_out(a) for a in items], "next_cursor": next_cursor}
