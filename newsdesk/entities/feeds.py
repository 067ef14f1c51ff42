"""RSS 2.0 and Atom feeds of the articles that mention one person, organisation or place."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from newsdesk.articles.feeds import LatestArticlesFeed, newest
from newsdesk.articles.models import Article
from newsdesk.entities.models import Entity


class EntityFeed(LatestArticlesFeed):
    def get_object(self, request, pk):
        entity = get_object_or_404(Entity, pk=pk)
        return entity.merged_into or entity

    def title(self, entity):
        return f"{entity.name}: latest on {settings.NEWSDESK_SITE_NAME}"

    def link(self, entity):
        return entity.get_absolute_url()

    def description(self, entity):
        return f"The latest articles naming {entity.name}, summarised, with a link to every original."

    def items(self, entity):
        return newest(Article.objects.filter(mentions__entity=entity))


class EntityAtomFeed(EntityFeed):
    feed_type = Atom1Feed
    subtitle = EntityFeed.description
