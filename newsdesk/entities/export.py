"""The export record's ``entities`` and ``key_facts`` of an article (names are a contract, like the rest)."""

from __future__ import annotations

from newsdesk.entities.models import ArticleAnalysis, Mention


def entity_record(entity, mention: Mention | None = None) -> dict:
    record = {"id": str(entity.id), "name": entity.name, "type": entity.type, "aliases": list(entity.aliases)}
    if mention is not None:
        record["mentions"] = mention.count
    if entity.type == entity.Type.PLACE:
        record |= {
            "country": entity.country or None,
            "country_code": entity.country_code or None,
            "region": entity.region or None,
            "latitude": entity.latitude,
            "longitude": entity.longitude,
        }
    return record


def entity_fields(article) -> dict:
    """``entities``: each person, organisation and place the article names, most mentioned first;
    ``key_facts``: who, what, where, when and sources, or null while the article is not analysed."""
    mentions = (
        Mention.objects.filter(article=article)
        .select_related("entity", "entity__merged_into")
        .order_by("-count", "first_position")
    )
    entities, seen = [], set()
    for mention in mentions:
        entity = mention.entity.merged_into or mention.entity
        if entity.pk not in seen:
            seen.add(entity.pk)
            entities.append(entity_record(entity, mention))
    analysis = ArticleAnalysis.objects.filter(article=article, status=ArticleAnalysis.Status.DONE).first()
    key_facts = None
    if analysis is not None:
        key_facts = {**analysis.key_facts, "sources": [{"name": str(article.source), "url": article.original_url}]}
    return {"entities": entities, "key_facts": key_facts}
