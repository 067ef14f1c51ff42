"""A new listing generation whenever an article, story or comment is saved or deleted through the ORM.

The front page is stored under the current generation (``pagecache.listing_key``), so an article that
ingest publishes, or a comment a reader posts, shows on the front page at the next request, in every
worker process that shares the cache. Bulk updates (``QuerySet.update``, such as the admin's approve
action) send no signal: for them the stored front page's lifetime, ``NEWSDESK_PAGE_CACHE_SECONDS``, is
the bound.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from newsdesk.core import pagecache


def _changed(sender, **kwargs) -> None:
    pagecache.new_listing_generation()


def connect() -> None:
    from newsdesk.articles.models import Article
    from newsdesk.comments.models import Comment
    from newsdesk.stories.models import Story

    for model in (Article, Story, Comment):
        post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-delete")
