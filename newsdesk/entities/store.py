"""Storing what the entities stage learnt about an article: entities found or created (one per person,
organisation or place across all articles), the article's mentions, and its analysis with key facts.

Each article is stored in one transaction, and only if it has no analysis yet: running twice, or in two
processes at once, stores it once.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.entities.models import ArticleAnalysis, Entity, EntityAlias, Mention, entity_id_for
from newsdesk.pipeline.entities.values import EntityType, FoundEntity, Understanding
from newsdesk.pipeline.errors import PipelineError

MAX_ALIASES = 30


def store_understanding(article: Article, understanding: Understanding) -> ArticleAnalysis | None:
    """The article's analysis, or None if another process stored it first."""
    seen_at = article.published_at or article.fetched_at or article.discovered_at or timezone.now()
    try:
        with transaction.atomic():
            if ArticleAnalysis.objects.filter(pk=article.pk).exists():
                return None
            entities: dict[str, Entity] = {}
            counts: dict[Entity, list[int]] = {}
            for found in understanding.entities:
                entity = find_or_create(found, seen_at)
                entities[found.key] = entity
                total = counts.setdefault(entity, [0, found.first_position])
                total[0] += found.count
                total[1] = min(total[1], found.first_position)
                _remember(entity, found, seen_at)
            Mention.objects.bulk_create(
                [
                    Mention(entity=entity, article=article, count=count, first_position=first)
                    for entity, (count, first) in counts.items()
                ]
            )
            recount([e.pk for e in counts])
            # Saved last, as the sign that the article is analysed: whatever follows the mentions (the search
            # index's entity filter) listens for this row.
            return ArticleAnalysis.objects.create(article=article, key_facts=key_facts_record(understanding, entities))
    except IntegrityError:  # another process stored this article between our check and our insert
        if ArticleAnalysis.objects.filter(pk=article.pk).exists():
            return None
        raise


def store_failure(article: Article, error: PipelineError) -> None:
    ArticleAnalysis.objects.get_or_create(
        article=article,
        defaults={
            "status": ArticleAnalysis.Status.FAILED,
            "error_reason": str(error.reason),
            "error_message": str(error)[:2000],
        },
    )


def find_or_create(found: FoundEntity, seen_at) -> Entity:
    """The stored entity this article's entity is: by key; else by a unique alias key ("Abu Khadija" alone
    finds al-Rifai); else by one of its own other names' keys; else a new one."""
    entity = Entity.objects.filter(key=found.key).first()
    if entity is None and found.place is None:
        entity = _same_name_read_otherwise(found)
    if entity is None and found.type != EntityType.PLACE:
        entity = _unique(Entity.objects.filter(alias_keys__key=found.key, type=found.type).distinct())
        if entity is None and found.alias_keys:
            entity = _unique(Entity.objects.filter(key__in=found.alias_keys, type=found.type))
            if entity is not None and len(found.name.split()) > len(entity.name.split()):
                entity.name = found.name  # a surname-only entity learns the full name
                entity.save(update_fields=["name"])
    if entity is None:
        entity, _ = Entity.objects.get_or_create(
            key=found.key,
            defaults={
                "id": entity_id_for(found.key),
                "name": found.name,
                "type": str(found.type),
                "first_seen_at": seen_at,
                "last_seen_at": seen_at,
                **_place_fields(found),
            },
        )
    while entity.merged_into_id is not None:  # an editor merged it: mentions go to the survivor
        entity = entity.merged_into
    return entity


def _same_name_read_otherwise(found: FoundEntity) -> Entity | None:
    """The entity stored under the same name as another kind, if any.

    spaCy's small model reads a town it does not know as a person in one article and an organisation in the
    next; where an article's own text shows it is a place (``pipeline.entities.context``), it says place. One
    name is one entity: the reading stored first stays, except that a place reading wins. Places the gazetteer
    resolved have keys of their own (``place:<geo id>``) and never meet a person's or organisation's key.
    """
    _, name = found.key.split(":", 1)
    keys = [f"{kind}:{name}" for kind in EntityType if f"{kind}:{name}" != found.key]
    entity = Entity.objects.filter(key__in=keys).order_by("-article_count", "key").first()
    if entity is not None and found.type == EntityType.PLACE and entity.type != Entity.Type.PLACE:
        entity.type = Entity.Type.PLACE
        entity.save(update_fields=["type"])
    return entity


def _unique(queryset) -> Entity | None:
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


def _place_fields(found: FoundEntity) -> dict:
    place = found.place
    if place is None:
        return {}
    return {
        "place_kind": str(place.kind),
        "country_code": place.country_code,
        "country": place.country,
        "region": place.region,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def _remember(entity: Entity, found: FoundEntity, seen_at) -> None:
    names = [a for a in (found.name, *found.aliases) if a != entity.name and a not in entity.aliases]
    changed = []
    if names and len(entity.aliases) < MAX_ALIASES:
        entity.aliases = (entity.aliases + names)[:MAX_ALIASES]
        changed.append("aliases")
    if seen_at > entity.last_seen_at:
        entity.last_seen_at = seen_at
        changed.append("last_seen_at")
    if seen_at < entity.first_seen_at:
        entity.first_seen_at = seen_at
        changed.append("first_seen_at")
    if changed:
        entity.save(update_fields=changed)
    keys = {found.key, *found.alias_keys} - {entity.key}
    EntityAlias.objects.bulk_create([EntityAlias(entity=entity, key=k) for k in keys], ignore_conflicts=True)


def recount(entity_ids) -> None:
    """Article and mention counts of these entities, from their mentions."""
    totals = {
        row["entity"]: row
        for row in Mention.objects.filter(entity__in=entity_ids)
        .values("entity")
        .annotate(articles=Count("article", distinct=True), mentions=Sum("count"))
    }
    for pk in entity_ids:
        row = totals.get(pk, {"articles": 0, "mentions": 0})
        Entity.objects.filter(pk=pk).update(article_count=row["articles"], mention_count=row["mentions"] or 0)


def _ref(found: FoundEntity, entities: dict[str, Entity]) -> dict:
    entity = entities[found.key]
    ref = {"id": str(entity.id), "name": entity.name, "type": entity.type, "slug": entity.slug}
    if found.place is not None:
        ref |= {
            "kind": str(found.place.kind),
            "country": found.place.country,
            "region": found.place.region,
            "latitude": found.place.latitude,
            "longitude": found.place.longitude,
        }
        if found.aliases:
            ref["as_written"] = found.aliases[0]
    return ref


def key_facts_record(understanding: Understanding, entities: dict[str, Entity]) -> dict:
    """The key facts as stored and exported (JSON): who, what, where, when (sources come from the article)."""
    facts = understanding.key_facts
    when = facts.when
    # Placed by the stored entity's type: a name this article read as an organisation may be a known place.
    named = list({entities[e.key].pk: e for e in [*facts.who, *facts.where]}.values())
    return {
        "who": [_ref(e, entities) for e in named if entities[e.key].type != Entity.Type.PLACE],
        "what": facts.what,
        "where": [_ref(e, entities) for e in named if entities[e.key].type == Entity.Type.PLACE],
        "when": None
        if when is None
        else {
            "text": when.text,
            "date": when.date.isoformat(),
            "granularity": str(when.granularity),
            "label": when.label,
        },
        "dates": [
            {"text": d.text, "date": d.date.isoformat(), "granularity": str(d.granularity)} for d in understanding.dates
        ],
    }


def merge_entities(survivor: Entity, others) -> None:
    """An editor's merge: mentions, aliases and keys of ``others`` move to ``survivor``; the others stay as
    redirects (``merged_into``) so their pages and future articles naming them lead to the survivor."""
    with transaction.atomic():
        others = [o for o in others if o.pk != survivor.pk]
        for other in others:
            for mention in Mention.objects.filter(entity=other):
                existing = Mention.objects.filter(entity=survivor, article_id=mention.article_id).first()
                if existing:
                    existing.count += mention.count
                    existing.first_position = min(existing.first_position, mention.first_position)
                    existing.save(update_fields=["count", "first_position"])
                    mention.delete()
                else:
                    mention.entity = survivor
                    mention.save(update_fields=["entity"])
            keys = {other.key, *EntityAlias.objects.filter(entity=other).values_list("key", flat=True)}
            EntityAlias.objects.bulk_create([EntityAlias(entity=survivor, key=k) for k in keys], ignore_conflicts=True)
            survivor.aliases = list(dict.fromkeys([*survivor.aliases, other.name, *other.aliases]))[:MAX_ALIASES]
            survivor.first_seen_at = min(survivor.first_seen_at, other.first_seen_at)
            survivor.last_seen_at = max(survivor.last_seen_at, other.last_seen_at)
            other.merged_into = survivor
            other.save(update_fields=["merged_into"])
            Entity.objects.filter(merged_into=other).update(merged_into=survivor)
        survivor.aliases = [a for a in survivor.aliases if a != survivor.name]
        survivor.save(update_fields=["aliases", "first_seen_at", "last_seen_at"])
        recount([survivor.pk, *(o.pk for o in others)])
