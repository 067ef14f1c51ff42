"""Keeping ``SearchDocument`` rows in step with articles and stories.

1. ``index_article`` / ``index_story``  write one document (or remove it when the article is not published,
                                       is a duplicate, or the story has no articles); ``signals`` calls them
                                       whenever an article or story is saved.
2. ``fold_copies``, ``remove_articles``, for changes saved without signals (copies the story desk found,
   ``retag_articles``, ``tag_entities``  articles moved between stories, the entities stage's mentions in
                                       bulk, retagged by ``signals`` when the stage saves the analysis).
3. ``rebuild.reindex``                  everything again, in batches, with progress (another module).

Deleting an article, story or source deletes its documents through the foreign keys (``models``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.search.backends import get_backend
from newsdesk.search.backends.base import key_for_time
from newsdesk.search.highlight import clean
from newsdesk.search.models import KEY_SHIFT, KEY_SLOTS, SearchDocument
from newsdesk.stories.models import Story

# A body is indexed up to this length (PostgreSQL's tsvector has a 1 MB ceiling; no article needs more).
BODY_MAX_CHARS = 100_000
BATCH_SIZE = 1000
ARTICLE_COLUMNS = (
    "id",
    "title",
    "summary",
    "description",
    "text",
    "published_at",
    "fetched_at",
    "discovered_at",
    "source_id",
    "story_id",
    "status",
    "duplicate_of_id",
    "source__title",
    "source__url",
    "source__site_url",
)

Progress = Callable[[str, int, int], None]


def is_searchable(article: Article) -> bool:
    """Published originals: pending, failed and skipped articles and copies are not separate hits."""
    return article.status == Article.Status.READY and article.duplicate_of_id is None


def _dated(moment: datetime | None, now: datetime) -> datetime:
    # A date in the future (an outlet's clock or typo) counts as now, as on the front page.
    return min(moment or now, now)


def article_facets(source_id: int, story_id, entity_ids: Iterable = ()) -> str:
    """The filter tokens of an article (backends/sqlite_fts5.py matches them): kind, source, story, and each
    entity the entities stage found in it."""
    tokens = [f"kindarticle src{source_id}"] + ([f"st{_hex(story_id)}"] if story_id else [])
    return " ".join(tokens + sorted(f"en{_hex(e)}" for e in entity_ids))


def _hex(uuid_value) -> str:
    return uuid_value.hex if hasattr(uuid_value, "hex") else str(uuid_value).replace("-", "")


def mentioned_entities(article_ids: Iterable) -> dict:
    """{article ID: [entity IDs]} from the entities app's mentions (empty without the app)."""
    if not apps.is_installed("newsdesk.entities"):
        return {}
    # By app label, not by import: search and entities are siblings, neither built on the other.
    mention = apps.get_model("entities", "Mention")
    found: dict = {}
    for article_id, entity_id in mention.objects.filter(article_id__in=list(article_ids)).values_list(
        "article_id", "entity_id"
    ):
        found.setdefault(article_id, []).append(entity_id)
    return found


def article_document(
    article: Article, now: datetime | None = None, entity_ids: Iterable | None = None
) -> SearchDocument:
    """The article's document; its entities are read from the mentions unless given (a batch reads them once)."""
    now = now or timezone.now()
    if entity_ids is None:
        entity_ids = mentioned_entities([article.pk]).get(article.pk, [])
    return SearchDocument(
        kind=SearchDocument.Kind.ARTICLE,
        article_id=article.pk,
        source_id=article.source_id,
        dated=_dated(article.display_date, now),
        title=clean(article.title),
        summary=clean(article.summary or article.description),
        body=clean(article.text[:BODY_MAX_CHARS]),
        source_name=clean(str(article.source)),
        facets=article_facets(article.source_id, article.story_id, entity_ids),
    )


def story_document(story: Story, now: datetime | None = None) -> SearchDocument:
    now = now or timezone.now()
    return SearchDocument(
        kind=SearchDocument.Kind.STORY,
        story_id=story.pk,
        dated=_dated(story.updated_at or story.created_at, now),
        title=clean(story.headline),
        summary=clean(story.summary),
        facets="kindstory",
    )


# 1. One document at a time
def index_article(article: Article) -> None:
    if not is_searchable(article):
        remove_articles([article.pk])
        return
    _upsert(article_document(article), SearchDocument.objects.filter(article_id=article.pk))


def index_story(story: Story) -> None:
    if story.article_count <= 0 or not story.headline:
        SearchDocument.objects.filter(story_id=story.pk).delete()
        return
    _upsert(story_document(story), SearchDocument.objects.filter(story_id=story.pk))


def index_story_id(story_id) -> None:
    story = Story.objects.filter(pk=story_id).first()
    if story is not None:  # a deleted story's document went with it
        index_story(story)
        fold_copies(story_id)
        retag_articles(story_id)


def retag_articles(story_id) -> int:
    """Give the documents of the story's articles this story's token: the story desk and editors move
    articles with queryset updates (no signals), then refresh the stories involved, which is when this runs."""
    return _retag(SearchDocument.objects.filter(article__story_id=story_id))


def story_deleted(story_id) -> int:
    """Take a deleted story's token off its former articles' documents (their story is now none): found by
    the token itself, as the articles no longer name the story."""
    keys = get_backend().keys_with_facet(f"st{_hex(story_id)}")
    return _retag(SearchDocument.objects.filter(id__in=keys))


def tag_entities(article_id) -> int:
    """Give the article's document the tokens of the entities now mentioned (the entities stage stores the
    mentions after the article was indexed)."""
    return _retag(SearchDocument.objects.filter(article_id=article_id))


def _retag(documents) -> int:
    """Rewrite the facets of these article documents from their article's source, story and mentions."""
    rows = list(
        documents.filter(kind=SearchDocument.Kind.ARTICLE).values_list(
            "id", "article_id", "source_id", "article__story_id", "facets"
        )
    )
    entities = mentioned_entities([article_id for _, article_id, *_ in rows])
    changed = [
        SearchDocument(id=key, facets=wanted)
        for key, article_id, source_id, story_id, facets in rows
        if facets != (wanted := article_facets(source_id, story_id, entities.get(article_id, [])))
    ]
    # One statement per batch, not per document: merging a story of hundreds of articles retags them all.
    SearchDocument.objects.bulk_update(changed, ["facets"], batch_size=500)
    return len(changed)


def fold_copies(story_id) -> int:
    """Remove the documents of the story's articles that the story desk found to be copies of another.

    The desk marks a copy (``duplicate_of``) with a queryset update, which sends no signal, after the copy was
    stored and indexed; it then refreshes the story, which is when this runs."""
    copies = Article.objects.filter(story_id=story_id, duplicate_of__isnull=False).values("id")
    return SearchDocument.objects.filter(article_id__in=copies).delete()[0]


def _upsert(document: SearchDocument, current) -> None:
    """Write ``document`` in place of ``current``: same key while its second is unchanged, else a new key."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                existing = current.only("id").first()
                if existing is not None and existing.id >> KEY_SHIFT == key_for_time(document.dated) >> KEY_SHIFT:
                    document.id = existing.id
                    document.save(force_update=True)
                    return
                if existing is not None:
                    existing.delete()
                document.id = free_keys([document.dated])[0]
                document.save(force_insert=True)
                return
        except IntegrityError:  # another process took the key (or wrote this document) meanwhile: again
            if attempt == 4:
                raise


def free_keys(moments: list[datetime], taken: set[int] | None = None) -> list[int]:
    """An unused key for each moment, in its own second where a slot is free (else the next second's).

    One query for the whole list: the keys already used between the first and last second asked for."""
    if not moments:
        return []
    bases = [key_for_time(m) for m in moments]
    low, high = min(bases), max(bases) + 4 * KEY_SLOTS
    used = set(SearchDocument.objects.filter(id__gte=low, id__lt=high).values_list("id", flat=True))
    used |= taken or set()
    keys = []
    for base in bases:
        key = base
        while key in used:
            key += 1  # the next slot; past the last slot of a second, the first slots of the next
        used.add(key)
        keys.append(key)
    return keys


# 2. Changes made without signals
def remove_articles(article_ids: Iterable) -> int:
    return SearchDocument.objects.filter(article_id__in=list(article_ids)).delete()[0]
