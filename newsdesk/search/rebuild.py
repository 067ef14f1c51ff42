"""Writing the whole index again, or the part it lacks, in batches with progress.

``reindex`` rewrites in place: each batch of articles (then stories) is compared with the documents already
there, and only the new and changed ones are written; the documents of what is no longer searchable go at
the end. Searching therefore keeps finding everything while it runs (emptying first would leave it half
empty for minutes at a million articles). ``index_missing`` writes only the documents that do not exist yet:
what ``newsdesk generate`` runs after filling a newsroom with rows that were inserted without signals.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.search.backends import get_backend
from newsdesk.search.indexing import (
    ARTICLE_COLUMNS,
    BATCH_SIZE,
    Progress,
    article_document,
    free_keys,
    key_for_time,
    mentioned_entities,
    story_document,
)
from newsdesk.search.models import KEY_SHIFT, SearchDocument
from newsdesk.stories.models import Story

logger = logging.getLogger(__name__)

# What a document is made of: a stored document equal to the one built now on these is left alone.
COMPARED = ("title", "summary", "body", "source_name", "facets", "source_id")


def searchable_articles():
    return (
        Article.objects.published()
        .filter(duplicate_of__isnull=True)
        .select_related("source")
        .only(*ARTICLE_COLUMNS)
        .order_by("published_at", "pk")
    )


def searchable_stories():
    return Story.objects.filter(article_count__gt=0).exclude(headline="").order_by("updated_at", "pk")


def reindex(progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Make the index match the database: every published original article and every story, nothing else."""
    counts = _index(searchable_articles(), searchable_stories(), progress, batch_size)
    # NOT EXISTS (an anti-join), not NOT IN: PostgreSQL compares NOT IN against a million-row subquery row by
    # row once it outgrows work_mem (hours at 1M). "article_id IS NOT NULL" rather than the kind: SQLite then
    # reads the article_id index, not every document's text (5 s instead of 44 at 1M).
    removed = (
        SearchDocument.objects.filter(article_id__isnull=False)
        .exclude(Exists(Article.objects.published().filter(pk=OuterRef("article_id"), duplicate_of__isnull=True)))
        .delete()[0]
    )
    removed += (
        SearchDocument.objects.filter(story_id__isnull=False)
        .exclude(Exists(searchable_stories().order_by().filter(pk=OuterRef("story_id"))))
        .delete()[0]
    )
    get_backend().optimize()
    logger.info(
        "search index rebuilt articles=%s stories=%s removed=%s", counts["articles"], counts["stories"], removed
    )
    return counts


def index_missing(progress: Progress | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Write the documents of searchable articles and stories that have none (rows inserted without signals)."""
    counts = _index(
        searchable_articles().filter(search_document__isnull=True),
        searchable_stories().filter(search_document__isnull=True),
        progress,
        batch_size,
    )
    get_backend().optimize()
    return counts


def _index(articles, stories, progress: Progress | None, batch_size: int) -> dict[str, int]:
    now = timezone.now()
    counts = {"articles": 0, "stories": 0}
    for kind, queryset, date_field in (("articles", articles, "published_at"), ("stories", stories, "updated_at")):
        total = queryset.count()
        if progress:
            progress(kind, 0, total)
        for batch in _in_batches(queryset, date_field, batch_size):
            counts[kind] += _write(kind, batch, now)
            if progress:
                progress(kind, counts[kind], total)
    return counts


def _in_batches(queryset, date_field: str, batch_size: int):
    """The rows in date order, in batches each read whole by a query of its own (keyset: after the previous
    batch's last date and key; the undated first).

    A read left open across the batches' writes, as ``iterator()`` keeps one, stops SQLite from ever
    restarting its write-ahead log: reindexing 1M articles grew it past 15 GB. Date order keeps each batch's
    documents in a narrow range of search keys (``free_keys`` reads the keys used in that range)."""
    undated = queryset.filter(**{f"{date_field}__isnull": True}).order_by("pk")
    last = None
    while batch := list((undated if last is None else undated.filter(pk__gt=last))[:batch_size]):
        yield batch
        last = batch[-1].pk
    dated = queryset.filter(**{f"{date_field}__isnull": False}).order_by(date_field, "pk")
    after = None
    # ">= date, except that date's keys done" rather than "> date OR (= date AND > key)": SQLite turns the OR
    # into two scans and a sort of everything after the date (1.3 s a batch at 1M articles, against 40 ms).
    while batch := list(
        (
            dated
            if after is None
            else dated.filter(**{f"{date_field}__gte": after[0]}).exclude(**{date_field: after[0], "pk__lte": after[1]})
        )[:batch_size]
    ):
        yield batch
        after = (getattr(batch[-1], date_field), batch[-1].pk)


def _write(kind: str, items: list, now) -> int:
    """Write the batch's documents that are new or changed; the count is of documents the batch stands for."""
    if not items:
        return 0
    if kind == "articles":
        entities = mentioned_entities([a.pk for a in items])
        documents = [article_document(a, now, entities.get(a.pk, [])) for a in items]
        owner = "article_id"
    else:
        documents = [story_document(s, now) for s in items]
        owner = "story_id"
    with transaction.atomic():
        stored = {
            getattr(d, owner): d
            for d in SearchDocument.objects.filter(**{f"{owner}__in": [getattr(d, owner) for d in documents]}).only(
                "id", owner, "dated", *COMPARED
            )
        }
        new, changed = [], []
        for document in documents:
            current = stored.get(getattr(document, owner))
            if current is None:
                new.append(document)
            elif current.id >> KEY_SHIFT != key_for_time(document.dated) >> KEY_SHIFT:
                current.delete()  # dated another second: its key changes
                new.append(document)
            elif current.dated != document.dated or any(getattr(current, c) != getattr(document, c) for c in COMPARED):
                document.id = current.id
                changed.append(document)
        for document, key in zip(new, free_keys([d.dated for d in new])):
            document.id = key
        get_backend().write(new)
        if changed:
            SearchDocument.objects.bulk_update(changed, ["dated", *COMPARED])
    return len(documents)
