"""A new listing generation whenever a published article, a story or a comment is saved or deleted.

The front page and the API's lists are stored under the current generation (``pagecache.listing_key``), so
an article that ingest publishes, or a comment a reader posts, is listed at the next request, in every worker
process that shares the cache. Ingest saves an article several times on its way (pending, retried, failed);
only saving a published one renews the lists. Bulk updates (``QuerySet.update``, such as the admin's approve
action) send no signal: for them the stored copy's lifetime, ``NEWSDESK_PAGE_CACHE_SECONDS``, is the bound.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from newsdesk.web import pagecache


def _listed_changed(sender, **kwargs) -> None:
    pagecache.new_listing_generation()


def _article_saved(sender, instance, **kwargs) -> None:
    if instance.status == sender.Status.READY:
        pagecache.new_listing_generation()


def connect() -> None:
    from newsdesk.articles.models import Article
    from newsdesk.comments.models import Comment
    from newsdesk.stories.models import Story

    post_save.connect(_article_saved, sender=Article, dispatch_uid="pagecache-Article-save")
    for model in (Story, Comment):
        post_save.connect(_listed_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-save")
    for model in (Article, Story, Comment):
        post_delete.connect(_listed_changed, sender=model, dispatch_uid=f"pagecache-{model.__name__}-delete")
