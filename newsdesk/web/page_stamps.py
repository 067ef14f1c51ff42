"""What a stored page must still match to be served: one small SQL query per page, no ORM compilation.

A stamp is a tuple of the values a page shows or depends on that change in normal operation: for an
article, its headline, dates, text and summary lengths, outlet, story figures, and its approved comments'
count and newest approval; for a story, its headline, figures and dates. Equal stamp, equal page (see
``pagecache``); anything the stamp leaves out (an editor's same-length correction, a related story) is
bounded by the stored page's lifetime, ``NEWSDESK_PAGE_CACHE_SECONDS``.

Plain SQL because this runs on every article and story request: building the equivalent ORM query costs
several times the query itself. Table and column names come from the models, so it follows them.
"""

from __future__ import annotations

import functools

from django.db import connection

from newsdesk.articles.models import Article
from newsdesk.comments.models import Comment
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story

Stamp = tuple


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _col(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _key_param(model, pk):
    return model._meta.pk.get_db_prep_value(pk, connection)


@functools.cache
def _article_sql() -> str:
    a, c, s, st = Article, Comment, Source, Story
    approved = (
        f"FROM {_table(c)} c WHERE c.{_col(c, 'article')} = a.{_col(a, 'id')} "
        f"AND c.{_col(c, 'status')} = '{Comment.Status.APPROVED}'"
    )
    return (
        f"SELECT a.{_col(a, 'title')}, a.{_col(a, 'fetched_at')}, a.{_col(a, 'published_at')}, "
        f"a.{_col(a, 'author')}, LENGTH(a.{_col(a, 'text')}), LENGTH(a.{_col(a, 'summary')}), "
        f"a.{_col(a, 'story')}, src.{_col(s, 'title')}, src.{_col(s, 'republish_full_text')}, "
        f"st.{_col(st, 'updated_at')}, st.{_col(st, 'article_count')}, st.{_col(st, 'outlet_count')}, "
        f"(SELECT COUNT(*) {approved}), (SELECT MAX(c.{_col(c, 'approved_at')}) {approved}) "
        f"FROM {_table(a)} a JOIN {_table(s)} src ON src.{_col(s, 'id')} = a.{_col(a, 'source')} "
        f"LEFT JOIN {_table(st)} st ON st.{_col(st, 'id')} = a.{_col(a, 'story')} "
        f"WHERE a.{_col(a, 'id')} = %s AND a.{_col(a, 'status')} = '{Article.Status.READY}'"
    )


@functools.cache
def _story_sql() -> str:
    st = Story
    return f"SELECT * FROM {_table(st)} WHERE {_col(st, 'id')} = %s AND {_col(st, 'article_count')} > 0"


def article(pk) -> Stamp | None:
    """The published article's stamp, or None if there is no such published article."""
    with connection.cursor() as cursor:
        cursor.execute(_article_sql(), [_key_param(Article, pk)])
        row = cursor.fetchone()
    return tuple(str(v) if v is not None else None for v in row) if row else None


def story(pk) -> tuple[Stamp, Story] | None:
    """The story's stamp and the story itself (one query serves both: a page rendered afresh needs the row)."""
    found = list(Story.objects.raw(_story_sql(), [_key_param(Story, pk)]))
    if not found:
        return None
    row = found[0]
    return (
        row.headline,
        row.headline_override,
        str(row.updated_at),
        row.article_count,
        row.outlet_count,
        len(row.summary),
    ), row
