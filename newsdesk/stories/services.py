"""Story services: the work on stories that spans apps, one function each, used by the admin, the CLI and the
story desk alike. Each runs in one transaction, and has the summaries of the stories it changed made once that
transaction commits (``summarising.summarise_after_commit``: when a caller's transaction encloses this one,
after the caller's), never inside it.

- ``move_articles``   the one way articles change story, for editors and the story desk alike:
    1. the articles move with their copies that sit in the same story as they do;
    2. an editor's move (``action`` given) pins them (``story_pinned``: the clusterer must not move them
       again) and records an ``EditorDecision`` per article, so the clusterer replays "not in that story";
       the story desk's second thoughts (``action=None``) move them unpinned, each original with the
       clusterer's evidence for its new story (``evidence``);
    3. every story involved is refreshed, and a story left with no articles is deleted, its address
       redirecting to the story they went to (``record_merge``).
- ``merge_stories``   an editor's merge: every article into the story with the most (``move_articles``).
- ``split_articles``  an editor's split: a new story of the chosen articles (``move_articles``).
- ``remove_sources``  sources deleted with their articles, and the stories those were in mended.
- ``refresh_or_delete`` refreshes stories, deleting those left without articles (for the above, and for
  any caller that deletes articles).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction

from newsdesk.articles.models import Article
from newsdesk.stories.models import EditorDecision, Story, record_merge, story_id_for
from newsdesk.stories.summarising import summarise_after_commit


@dataclass(frozen=True)
class Moved:
    articles: int  # how many articles changed story, copies included
    stories: list[Story]  # the stories still standing that it changed (the target first), refreshed


def move_articles(
    articles: Iterable[Article],
    target: Story,
    user=None,
    *,
    action: str | None = EditorDecision.Action.MOVE,  # type: ignore[assignment]  # a TextChoices member is a str
    evidence: Mapping[str, dict] | None = None,
) -> Moved:
    """Put ``articles`` (with their copies) into ``target``: an editor's ``action`` by ``user``, or with
    ``action=None`` the clusterer's, with ``evidence`` ({article ID: cluster evidence}) for the articles."""
    with transaction.atomic():
        moving = _with_duplicates(list(articles))  # 1.
        left = {a.story_id for a in moving if a.story_id not in (None, target.pk)}
        moved = Article.objects.filter(pk__in=[a.pk for a in moving])
        if action is None:
            moved.update(story=target)
        else:  # 2.
            EditorDecision.objects.bulk_create(
                EditorDecision(action=action, article=a, from_story=a.story_id, to_story=target.pk, user=user)
                for a in moving
            )
            moved.update(story=target, story_pinned=True)
        for article_id, facts in (evidence or {}).items():
            Article.objects.filter(pk=article_id).update(cluster_evidence=facts)
        target.refresh_from_articles()  # 3.
        sources = list(Story.objects.filter(pk__in=left))
        emptied = refresh_or_delete(sources)
        record_merge(emptied, target.pk)
    standing = [target, *(s for s in sources if s.pk is not None)]  # delete() clears a story's pk
    summarise_after_commit(standing)
    return Moved(len(moving), standing)


def merge_stories(stories: Iterable[Story], user=None) -> Story:
    """Merge into the story with the most articles (the oldest on a tie): its ID and address survive."""
    stories = list(stories)
    target = min(stories, key=lambda s: (-s.article_count, s.first_published_at or s.created_at, s.created_at))
    others = [s.pk for s in stories if s.pk != target.pk]
    with transaction.atomic():
        move_articles(Article.objects.filter(story__in=others), target, user, action=EditorDecision.Action.MERGE)  # type: ignore[arg-type]  # a str
        Story.objects.filter(pk__in=others).delete()  # any left had no articles
        record_merge(others, target.pk)
    return target


def split_articles(articles: Iterable[Article], user=None) -> Story:
    """A new story made of ``articles`` (and their copies), taken out of whatever story held them."""
    articles = sorted(articles, key=lambda a: (a.display_date, str(a.pk)))
    with transaction.atomic():
        story_id = story_id_for(articles[0].pk)
        if Story.objects.filter(pk=story_id).exists():  # that article already started the story it leaves
            story_id = uuid.uuid4()
        story = Story.objects.create(id=story_id)
        move_articles(articles, story, user, action=EditorDecision.Action.SPLIT)  # type: ignore[arg-type]  # a str
    return story


def remove_sources(sources) -> int:
    """Delete the sources (a queryset) with their articles, and mend the stories those articles were in:
    refreshed, or deleted when no article is left. Returns how many sources were removed."""
    with transaction.atomic():
        touched = set(Story.objects.filter(articles__source__in=sources).values_list("pk", flat=True))
        removed = sources.count()
        sources.delete()
        # Read after the delete: a story's summary may have cited an article that is gone now.
        stories = list(Story.objects.filter(pk__in=touched))
        refresh_or_delete(stories)
    summarise_after_commit(s for s in stories if s.pk is not None)
    return removed


def refresh_or_delete(stories: Iterable[Story]) -> list[uuid.UUID]:
    """Refresh each story's figures; delete those left without any article. Returns the IDs deleted (a
    deleted story's ``pk`` is None after). Summaries are the caller's: ``summarise_after_commit``."""
    deleted = []
    for story in stories:
        if story.articles.exists():
            story.refresh_from_articles()
        else:
            deleted.append(story.pk)
            story.delete()
    return deleted


def _with_duplicates(articles: list[Article]) -> list[Article]:
    """The articles and their copies that sit in the same story as their original (one query)."""
    chosen = {a.pk: a for a in articles}
    copies = Article.objects.filter(duplicate_of__in=list(chosen)).exclude(pk__in=list(chosen))
    for copy in copies.only("pk", "story_id", "duplicate_of_id"):
        if copy.story_id == chosen[copy.duplicate_of_id].story_id:
            chosen[copy.pk] = copy
    return list(chosen.values())
