"""Signal receivers that keep the search index in step with what is saved (``indexing`` does the work).

Deleting an article, story or source deletes its documents through foreign keys; a deleted story's articles
keep theirs, which lose the story's filter token (``story_deleted``).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsdesk.articles.models import Article
from newsdesk.search import indexing
from newsdesk.search.models import SearchDocument
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story


@receiver(post_save, sender=Article, dispatch_uid="search-index-article")
def article_saved(sender, instance: Article, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or (created and not indexing.is_searchable(instance)):
        return  # a fixture load, or a new pending row: nothing to index or remove
    if instance.get_deferred_fields():
        # Saved from a partial load: read the whole article once rather than one query per missing column.
        instance = Article.objects.select_related("source").get(pk=instance.pk)
    indexing.index_article(instance)


@receiver(post_save, sender=Story, dispatch_uid="search-index-story")
def story_saved(sender, instance: Story, raw: bool = False, **kwargs) -> None:
    # After the transaction commits (at once outside one): the index shows the story as committed, and an
    # editor's merge or move, which saves stories several times in one transaction, costs its queries
    # once it is done rather than inside it.
    if not raw:
        story_id = instance.pk
        transaction.on_commit(lambda: indexing.index_story_id(story_id))


@receiver(post_delete, sender=Story, dispatch_uid="search-story-deleted")
def story_deleted(sender, instance: Story, **kwargs) -> None:
    # Its articles stay (their story becomes none, by a queryset update): their documents lose its token.
    story_id = instance.pk
    transaction.on_commit(lambda: indexing.story_deleted(story_id))


# The entities app's models are named by label: search reads them when installed and never imports them.
@receiver(post_save, sender="entities.Mention", dispatch_uid="search-mention-saved")
def mention_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    # One mention saved on its own (an editor's merge, a fixture).
    if not raw:
        indexing.tag_entities(instance.article_id)


@receiver(post_save, sender="entities.ArticleAnalysis", dispatch_uid="search-article-analysed")
def article_analysed(sender, instance, raw: bool = False, **kwargs) -> None:
    # The entities stage stores an article's mentions in bulk, without signals, then its analysis, in the
    # same transaction: the document gets the tokens of the entities now mentioned.
    if not raw:
        indexing.tag_entities(instance.article_id)


@receiver(post_save, sender=Source, dispatch_uid="search-source-renamed")
def source_saved(sender, instance: Source, created: bool, raw: bool = False, **kwargs) -> None:
    # Sources are saved on every poll; their documents are rewritten only when the name shown changed.
    if raw or created:
        return
    name = indexing.clean(str(instance))
    current = SearchDocument.objects.filter(source_id=instance.pk).values_list("source_name", flat=True).first()
    if current is not None and current != name:
        SearchDocument.objects.filter(source_id=instance.pk).update(source_name=name)
