"""The API's endpoints. Every list is cursor-paginated (``pagination``); every answer is a schema of ours
(``schemas``), so nothing reaches a client that we did not choose to publish."""

from __future__ import annotations

from uuid import UUID

from csp.decorators import csp_update
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import http_date
from ninja import NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError

from newsdesk.api import pagination
from newsdesk.api.params import BAD_REQUEST, NOT_FOUND, Cursor, Moment, RowId, validation_detail
from newsdesk.api.records import article_out, story_out
from newsdesk.api.schemas import (
    ArticleDetailOut,
    ArticlePage,
    CommentPage,
    SourceOut,
    StoryDetailOut,
    StoryPage,
)
from newsdesk.articles.models import Article
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story, surviving_story
from newsdesk.web import pagecache

api = NinjaAPI(
    title="newsdesk API",
    version="1",
    urls_namespace="api",
    # Swagger UI draws some icons from data: images; this page alone may (see settings' CSP).
    docs_decorator=csp_update({"img-src": "data:"}),
    description="Read-only: articles (our summaries, crediting and linking every original), stories, "
    "sources and approved comments. Lists are newest first, with cursor pagination.",
)

LIST_DEFERRED = ("text", "features", "feed_summary", "cluster_evidence")


@api.exception_handler(ValidationError)
def bad_parameters(request, exc: ValidationError):
    """A parameter that does not fit its type (``params``) is the client's mistake: 400, naming it."""
    return api.create_response(request, validation_detail(exc.errors), status=400)


class ArticleFilters(Schema):
    source: RowId | None = None
    story: UUID | None = None
    since: Moment | None = None  # published at or after
    until: Moment | None = None  # published before
    cursor: Cursor | None = None
    limit: int = 20  # 1 to 100; outside that, the nearest


# People, organisations and places (newsdesk.entities): their own router, at /api/v1/entities.
api.add_router("/entities", "newsdesk.api.entities.router")


# Lists answer every anonymous reader alike: stored whole, renewed by any article, story or comment saved.
@api.get("/articles", response={200: ArticlePage, **BAD_REQUEST}, tags=["articles"])
@decorate_view(pagecache.stored_listing)
def list_articles(request, response: HttpResponse, filters: Query[ArticleFilters]):
    articles = Article.objects.published().select_related("source").defer(*LIST_DEFERRED)
    if filters.source is not None:
        articles = articles.filter(source_id=filters.source)
    if filters.story is not None:
        articles = articles.filter(story_id=filters.story)
    if filters.since is not None:
        articles = articles.filter(published_at__gte=filters.since)
    if filters.until is not None:
        articles = articles.filter(published_at__lt=filters.until)
    items, next_cursor = pagination.page(articles, field="discovered_at", cursor=filters.cursor, limit=filters.limit)
    if items:  # newest first: the list last changed when its first article arrived
        response["Last-Modified"] = http_date(items[0].discovered_at.timestamp())
    return {"items": [article_out(a) for a in items], "next_cursor": next_cursor}


@api.get("/articles/{article_id}", response={200: ArticleDetailOut, **NOT_FOUND}, tags=["articles"])
def get_article(request, article_id: UUID):
    article = get_object_or_404(Article.objects.published().select_related("source").defer("features"), pk=article_id)
    return {
        **article_out(article),
        "excerpt": article.first_paragraph,
        "text": article.text if article.source.republish_full_text else None,
    }


@api.get("/articles/{article_id}/comments", response={200: CommentPage, **NOT_FOUND}, tags=["comments"])
@decorate_view(pagecache.stored_listing)
def list_comments(request, article_id: UUID, cursor: Cursor | None = None, limit: int = 50):
    article = get_object_or_404(Article.objects.published().only("id"), pk=article_id)
    # Only the published columns are read: the commenter's email never leaves the database.
    comments = article.comments.approved().only("id", "parent_id", "name", "website", "body", "created_at")
    items, next_cursor = pagination.page(comments, field="created_at", cursor=cursor, limit=limit)
    return {"items": items, "next_cursor": next_cursor}


@api.get("/stories", response={200: StoryPage, **BAD_REQUEST}, tags=["stories"])
@decorate_view(pagecache.stored_listing)
def list_stories(request, response: HttpResponse, cursor: Cursor | None = None, limit: int = 20):
    stories = Story.objects.filter(article_count__gt=0, updated_at__isnull=False)
    items, next_cursor = pagination.page(stories, field="updated_at", cursor=cursor, limit=limit)
    if items:
        response["Last-Modified"] = http_date(items[0].updated_at.timestamp())
    return {"items": [story_out(s) for s in items], "next_cursor": next_cursor}


@api.get("/stories/{story_id}", response={200: StoryDetailOut, 301: None, **NOT_FOUND}, tags=["stories"])
def get_story(request, story_id: UUID):
    story = Story.objects.filter(article_count__gt=0, pk=story_id).first()
    if story is None:  # a story merged away answers with the story it lives on in
        survivor = surviving_story(story_id)
        if survivor is None:
            raise Http404("No such story.")
        return HttpResponsePermanentRedirect(reverse("api:get_story", kwargs={"story_id": survivor.pk}))
    articles = story.articles.published().select_related("source").defer(*LIST_DEFERRED).order_by("published_at", "pk")
    return {**story_out(story), "articles": [article_out(a) for a in articles]}


def source_out(source: Source) -> dict:
    return {
        "id": source.pk,
        "name": str(source),
        "feed_url": source.url,
        "site_url": source.site_url,
        "domain": source.domain,
        "republish_full_text": source.republish_full_text,
        "kind": source.kind,
        "served_format": source.served_format,
        "url": source.get_absolute_url(),
    }


@api.get("/sources", response=list[SourceOut], tags=["sources"])
def list_sources(request):
    return [source_out(s) for s in Source.objects.filter(is_active=True).order_by("pk")]


@api.get("/sources/{source_id}", response={200: SourceOut, **NOT_FOUND}, tags=["sources"])
def get_source(request, source_id: RowId):
    return source_out(get_object_or_404(Source, pk=source_id))


api.add_router("/search", "newsdesk.api.search.router")  # GET /api/v1/search (newsdesk/api/search.py)
