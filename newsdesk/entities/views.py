from __future__ import annotations

from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render

from newsdesk.articles.models import Article
from newsdesk.entities import maps
from newsdesk.entities.models import Entity, Mention
from newsdesk.stories.models import Story

ARTICLES_SHOWN = 50
STORIES_SHOWN = 20
RELATED_SHOWN = 12
LIST_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence")


def entity_detail(request, pk, slug=None):
    entity = get_object_or_404(Entity, pk=pk)
    if entity.merged_into_id is not None:  # an editor merged it: one address per entity
        return redirect(entity.merged_into, permanent=True)
    if slug != entity.slug:
        return redirect(entity, permanent=True)
    mentioned = Article.objects.published().filter(mentions__entity=entity)
    articles = list(mentioned.latest_first().select_related("source").defer(*LIST_DEFERRED)[:ARTICLES_SHOWN])
    stories = list(
        Story.objects.filter(article_count__gt=0, articles__in=mentioned)
        .distinct()
        .annotate(mentioning=Count("articles", distinct=True))
        .order_by("-updated_at")[:STORIES_SHOWN]
    )
    return render(
        request,
        "entities/entity_detail.html",
        {
            "entity": entity,
            "articles": articles,
            "stories": stories,
            "timeline": timeline(mentioned),
            "related": related(entity),
            "map_svg": maps.world_map([entity]) if entity.has_coordinates else "",
        },
    )


def timeline(articles) -> list[dict]:
    """Articles mentioning the entity per month, oldest first, with a bar width in percent."""
    from django.db.models.functions import TruncMonth

    rows = list(
        articles.annotate(month=TruncMonth("published_at"))
        .values("month")
        .exclude(month=None)
        .annotate(count=Count("id"))
        .order_by("month")
    )
    peak = max((r["count"] for r in rows), default=0)
    return [{"month": r["month"], "count": r["count"], "width": round(100 * r["count"] / peak)} for r in rows]


def related(entity: Entity, limit: int = RELATED_SHOWN) -> list[Entity]:
    """Entities named in the most of the same articles (co-mentions), most shared first."""
    article_ids = Mention.objects.filter(entity=entity).values("article")
    rows = (
        Mention.objects.filter(article__in=article_ids, entity__merged_into__isnull=True)
        .exclude(entity=entity)
        .values("entity")
        .annotate(shared=Count("article"), last=Max("article__published_at"))
        .order_by("-shared", "-last")[:limit]
    )
    shared = {r["entity"]: r["shared"] for r in rows}
    found = {e.pk: e for e in Entity.objects.filter(pk__in=shared)}
    result = []
    for pk, count in shared.items():
        if pk in found:
            found[pk].shared_articles = count
            result.append(found[pk])
    return result
