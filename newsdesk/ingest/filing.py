"""Filing stored articles into stories: the only place the dedup index and the clusterer meet the database.

1. ``StoryDesk.load``  builds the in-memory indexes from the articles of the story window (the clusterer
                       never scans the archive: stories older than the window have aged out), replaying
                       editors' decisions: stories they closed are closed to the clusterer, pinned articles
                       stay where editors put them, and an article an editor took out of a story is never
                       filed there again.
2. ``StoryDesk.file``  after an article is stored: an exact or near copy of an earlier article becomes its
                       ``duplicate_of`` and joins that article's story; any other article is assigned by the
                       online clusterer to a story, or starts one. The clusterer is told beforehand what the
                       article may not join (stories closed by editors, stories forbidden for it), and checks
                       its candidates against the database as it decides (``joinable``: a story locked or
                       deleted since it was indexed is refused, and closed), so nothing is undone after.
                       Articles it moves on second thoughts (a split, a merge, an adoption) are moved by the
                       story services' ``move_articles``, each with the clusterer's evidence.
3. ``StoryDesk.sync``  picks up what other processes (another ingest, an editor in the admin) filed, moved,
                       locked or unlocked since the last look, so several processes on one database keep one
                       set of stories; every ``RELOAD_EVERY`` it starts afresh (``_reset``, then ``load``).

A story's clusterer key is its row's UUID as a string: a story the clusterer starts is keyed
``story_id_for(its first article)`` at once (``story_key``), and its row is made with that ID. ``file_all``
refreshes each story it changed once per batch and has their summaries made after commit, outside any
transaction of filing (``summarising.summarise_after_commit``).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.pipeline.cluster import Assignment, ClusterConfig, OnlineClusterer, StoryDoc
from newsdesk.pipeline.dedup import DedupConfig, DuplicateIndex
from newsdesk.pipeline.features import DocFeatures
from newsdesk.stories.models import EditorDecision, Story, story_id_for
from newsdesk.stories.services import move_articles
from newsdesk.stories.summarising import summarise_after_commit

logger = logging.getLogger(__name__)

STORY_WINDOW = timedelta(days=7)
# A long-running process rebuilds its indexes this often, so that what aged out of the window (in the
# duplicate index too) leaves memory: the cost is one load of the window.
RELOAD_EVERY = timedelta(hours=24)


def story_key(doc_id: str) -> str:
    """The clusterer's key of a story an article starts: the ID its story row takes."""
    return str(story_id_for(doc_id))


class StoryDesk:
    def __init__(
        self,
        *,
        window: timedelta = STORY_WINDOW,
        dedup_config: DedupConfig | None = None,
        cluster_config: ClusterConfig | None = None,
    ) -> None:
        self.window = window
        self.dedup_config = dedup_config
        self.cluster_config = cluster_config
        self._reset()

    def _reset(self) -> None:
        """Empty indexes and no history: what ``load`` fills."""
        self.duplicates = DuplicateIndex(self.dedup_config)
        self.clusterer = OnlineClusterer(self.cluster_config, story_key=story_key)
        self._known_articles: set[str] = set()
        self._locked: set[str] = set()  # keys of the stories editors closed, as of the last look
        self._synced_at: datetime | None = None
        self._loaded_at: datetime | None = None
        self._last_decision = 0

    # 1. Load
    def load(self, now: datetime | None = None) -> StoryDesk:
        now = now or timezone.now()
        self._add_articles(self._window_articles(now))
        self._replay_decisions()
        self.file_unfiled(now)
        self._synced_at = self._loaded_at = now
        return self

    def _window_articles(self, now: datetime):
        return (
            Article.objects.published()
            .filter(features__isnull=False, story__isnull=False, fetched_at__gte=now - self.window)
            .only(
                "id",
                "story_id",
                "duplicate_of_id",
                "features",
                "published_at",
                "fetched_at",
                "discovered_at",
                "source_id",
                "story_pinned",
            )
            .order_by("fetched_at", "pk")
        )

    def _add_articles(self, articles) -> None:
        for article in articles.iterator(chunk_size=500):
            doc_id = str(article.pk)
            if doc_id in self._known_articles:
                continue
            self._known_articles.add(doc_id)
            features = DocFeatures.from_dict(article.features)
            if article.duplicate_of_id is None:
                self.duplicates.add(doc_id, features)
                self.clusterer.add(str(article.story_id), self._doc(article, features), pinned=article.story_pinned)

    def _replay_decisions(self) -> None:
        self._follow_locks()
        decisions = EditorDecision.objects.filter(pk__gt=self._last_decision).order_by("pk")
        for decision in decisions.iterator():
            self._last_decision = decision.pk
            doc_id = str(decision.article_id)
            if decision.from_story is not None:
                self.clusterer.forbid(doc_id, str(decision.from_story))
            if decision.to_story is not None and doc_id in self._known_articles:
                article = (
                    Article.objects.filter(pk=decision.article_id, duplicate_of__isnull=True)
                    .only("id", "features", "published_at", "fetched_at", "discovered_at", "source_id")
                    .first()
                )
                if article is not None and article.features:  # add() moves it if it is placed already
                    self.clusterer.add(
                        str(decision.to_story),
                        self._doc(article, DocFeatures.from_dict(article.features)),
                        pinned=True,
                    )

    def _follow_locks(self) -> None:
        """Close to the clusterer the stories editors closed since the last look; reopen those they reopened."""
        locked = {str(pk) for pk in Story.objects.filter(is_locked=True).values_list("pk", flat=True)}
        for key in locked - self._locked:
            self.clusterer.close(key)
        for key in self._locked - locked:
            self.clusterer.reopen(key)
        self._locked = locked

    # 2. File
    def file_all(self, articles) -> None:
        """File stored articles in publication order (the order the clusterer should see coverage in), then
        refresh each story they went into once, however many of them it received, and have the summaries
        of those stories made after commit."""
        touched: set[uuid.UUID] = set()
        for article in sorted(articles, key=lambda a: (a.display_date, str(a.pk))):
            features = DocFeatures.from_dict(article.features) if article.features else None
            touched.update(story.pk for story in self.file(article, features))
        # Read afresh: a story a later article's second thoughts deleted is not brought back by a save, and
        # an editor's change made meanwhile (a lock, a headline) is not overwritten.
        stories = list(Story.objects.filter(pk__in=touched))
        for story in stories:
            story.refresh_from_articles()
        summarise_after_commit(stories)

    def file_unfiled(self, now: datetime) -> None:
        """Articles stored but never filed (a crash between storing and filing): file them now."""
        unfiled = (
            Article.objects.published()
            .filter(story__isnull=True, features__isnull=False, fetched_at__gte=now - self.window)
            .only("id", "story_id", "features", "published_at", "fetched_at", "discovered_at", "source_id")
        )
        self.file_all(list(unfiled))

    def file(self, article: Article, features: DocFeatures | None) -> list[Story]:
        """Put a freshly stored article in a story; returns the stories it changed (for the caller to
        refresh): none when there was nothing to do, two or more when filing it split or merged stories."""
        doc_id = str(article.pk)
        if features is None or article.story_id is not None or doc_id in self._known_articles:
            return []  # not filed, or filed already (by this desk, or before it loaded)
        original_id = self.duplicates.find(features)
        if original_id is not None and original_id != doc_id:
            story = self._file_duplicate(article, original_id)
            if story is not None:
                self._known_articles.add(doc_id)
                return [story]
        assignment = self.clusterer.assign(self._doc(article, features), joinable=self._joinable)
        self.duplicates.add(doc_id, features)
        self._known_articles.add(doc_id)
        with transaction.atomic():
            # The story it joined or started (before any second thoughts): a row made with the key as its ID.
            story, _ = Story.objects.get_or_create(id=uuid.UUID(assignment.placed_in or assignment.story_id))
            evidence = asdict(assignment.evidence) if assignment.evidence else {}
            Article.objects.filter(pk=article.pk).update(story=story, cluster_evidence=evidence)
            article.story, article.cluster_evidence = story, evidence
            if assignment.moved:
                return self._apply_moves(assignment, article)
        return [story]

    def _joinable(self, keys: list[str]) -> set[str]:
        """Of the clusterer's candidate stories, those still in the database and open (one query)."""
        open_ids = Story.objects.filter(pk__in=[uuid.UUID(k) for k in keys], is_locked=False).values_list(
            "pk", flat=True
        )
        return {str(pk) for pk in open_ids}

    def _apply_moves(self, assignment: Assignment, filed: Article) -> list[Story]:
        """The clusterer split a story in two, merged two, or took in lone articles, on second thoughts: move
        the articles (with their copies) as it did, each with evidence measured against its new companions
        (``move_articles``: a story left empty is deleted, its address redirecting to the story its articles
        went to). Returns the stories still standing that changed."""
        moving = dict(assignment.moved)
        articles = list(
            Article.objects.filter(pk__in=list(moving)).only(
                "id", "story_id", "features", "published_at", "fetched_at", "discovered_at", "source_id"
            )
        )
        changed: dict[uuid.UUID, Story] = {}
        for key in dict.fromkeys(moving.values()):
            target, _ = Story.objects.get_or_create(id=uuid.UUID(key))
            group = [a for a in articles if moving[str(a.pk)] == key]
            evidence = {str(a.pk): self._evidence_after_move(a, key, assignment.second_thought) for a in group}
            changed.update(
                (story.pk, story) for story in move_articles(group, target, action=None, evidence=evidence).stories
            )
            if str(filed.pk) in evidence:
                filed.story, filed.cluster_evidence = target, evidence[str(filed.pk)]
        logger.info(
            "stories rethought action=%s story_id=%s moved=%d",
            assignment.second_thought,
            assignment.placed_in,
            len(moving),
        )
        return list(changed.values())

    def _evidence_after_move(self, article: Article, key: str, second_thought: str | None) -> dict:
        evidence = {"second_thought": second_thought, "moved_from": str(article.story_id)}
        if article.features and len(self.clusterer.stories[key].members) > 1:
            doc = self._doc(article, DocFeatures.from_dict(article.features))
            evidence |= asdict(self.clusterer.explain(doc, key))
        return evidence

    def _file_duplicate(self, article: Article, original_id: str) -> Story | None:
        original = Article.objects.filter(pk=original_id).only("id", "story_id").first()
        if original is None or original.story_id is None:
            return None
        evidence = {"duplicate_of": original_id, "score": 1.0}
        Article.objects.filter(pk=article.pk).update(
            duplicate_of=original, story_id=original.story_id, cluster_evidence=evidence
        )
        article.duplicate_of, article.story_id, article.cluster_evidence = original, original.story_id, evidence
        return Story.objects.get(pk=original.story_id)

    # 3. Sync
    def sync(self, now: datetime | None = None) -> StoryDesk:
        now = now or timezone.now()
        if self._loaded_at is not None and now - self._loaded_at > RELOAD_EVERY:
            self._reset()
            return self.load(now)
        since = self._synced_at or now - self.window
        self._add_articles(self._window_articles(now).filter(fetched_at__gte=since - timedelta(seconds=5)))
        self._replay_decisions()
        self.clusterer.expire(now - self.window)
        self._synced_at = now
        return self

    @staticmethod
    def _doc(article: Article, features: DocFeatures) -> StoryDoc:
        published = article.published_at or article.fetched_at or article.discovered_at
        return StoryDoc(doc_id=str(article.pk), features=features, published=published, source=str(article.source_id))
