"""Editors' story decisions: move articles, merge stories, split articles into a new story.

Each one, in one transaction:

1. moves the articles (an original takes its duplicates in the same story along) and pins them
   (``story_pinned``: the clusterer must not move them again);
2. records an ``EditorDecision`` per article moved, so the clusterer can replay "not in that story";
3. refreshes every story involved, and deletes a story left with no articles (``refresh_or_delete``,
   also for callers that delete articles); a story emptied into another (every merge, a move or split
   that took all its articles) keeps its address as a redirect to the story they went to (``record_merge``).
"""

from __future__ import annotations

import uuid

from django.db import transaction

from newsdesk.articles.models import Article
from newsdesk.stories.models import EditorDecision, Story, record_merge, story_id_for


def move_articles(articles, target: Story, user=None, action=EditorDecision.Action.MOVE) -> int:
    """Put ``articles`` (with their duplicates) into ``target``; returns how many articles moved."""
    with transaction.atomic():
        moving = _with_duplicates(list(articles))
        left = {a.story_id for a in moving if a.story_id not in (None, target.pk)}
        EditorDecision.objects.bulk_create(
            EditorDecision(action=action, article=a, from_story=a.story_id, to_story=target.pk, user=user)
            for a in moving
        )
        Article.objects.filter(pk__in=[a.pk for a in moving]).update(story=target, story_pinned=True)
        target.refresh_from_articles()
        emptied = refresh_or_delete(Story.objects.filter(pk__in=left))
        record_merge(emptied, target.pk)
    return len(moving)


def merge_stories(stories, user=None) -> Story:
    """Merge into the story with the most articles (the oldest on a tie): its ID and address survive."""
    stories = list(stories)
    target = min(stories, key=lambda s: (-s.article_count, s.first_published_at or s.created_at, s.created_at))
    others = [s.pk for s in stories if s.pk != target.pk]
    with transaction.atomic():
        move_articles(Article.objects.filter(story__in=others), target, user, EditorDecision.Action.MERGE)
        Story.objects.filter(pk__in=others).delete()  # any left had no articles
        record_merge(others, target.pk)
    return target


def split_articles(articles, user=None) -> Story:
    """A new story made of ``articles`` (and their duplicates), taken out of whatever story held them."""
    articles = sorted(articles, key=lambda a: (a.display_date, str(a.pk)))
    with transaction.atomic():
        story_id = story_id_for(articles[0].pk)
        if Story.objects.filter(pk=story_id).exists():  # that article already started the story it leaves
            story_id = uuid.uuid4()
        story = Story.objects.create(id=story_id)
        move_articles(articles, story, user, EditorDecision.Action.SPLIT)
    return story


def _with_duplicates(articles: list[Article]) -> list[Article]:
    """The articles and their copies that sit in the same story as their original (one query)."""
    chosen = {a.pk: a for a in articles}
    copies = Article.objects.filter(duplicate_of__in=list(chosen)).exclude(pk__in=list(chosen))
    for copy in copies.only("pk", "story_id", "duplicate_of_id"):
        if copy.story_id == chosen[copy.duplicate_of_id].story_id:
            chosen[copy.pk] = copy
    return list(chosen.values())


def refresh_or_delete(stories) -> list:
    """Refresh each story's figures; delete those left without any article (e.g. after a source is removed).
    Returns the IDs of the stories deleted."""
    deleted = []
    for story in stories:
        if story.articles.exists():
            story.refresh_from_articles()
        else:
            deleted.append(story.pk)
            story.delete()
    return deleted
