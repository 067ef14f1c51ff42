"""Filing stored articles into stories: the only place the dedup index and the clusterer meet the database.

1. ``StoryDesk.load``  rebuilds the in-memory indexes from the articles of the story window (the clusterer
                       never scans the archive: stories older than the window have aged out), replaying
                       editors' decisions: pinned articles stay where editors put them, and an article an
                       editor took out of a story is never filed there again.
2. ``StoryDesk.file``  after an article is stored: an exact or near copy of an earlier article becomes its
                       ``duplicate_of`` and joins that article's story; any other article is assigned by the
                       online clusterer to a story, or starts one.
3. ``StoryDesk.sync``  picks up what other processes (another ingest, an editor in the admin) filed or moved
                       since the last look, so several processes on one database keep one set of stories.

Story rows are created here with ``story_id_for(first article)``; the clusterer knows stories by a key,
which is the story row's UUID as a string.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import asdict, replace
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from newsdesk.articles.models import Article
from newsdesk.pipeline.cluster import Assignment, ClusterConfig, OnlineClusterer, StoryDoc
from newsdesk.pipeline.dedup import DedupConfig, DuplicateIndex
from newsdesk.pipeline.features import DocFeatures
from newsdesk.stories.models import EditorDecision, Story, record_merge, story_id_for

logger = logging.getLogger(__name__)

STORY_WINDOW = timedelta(days=7)
# A long-running process rebuilds its indexes this often, so that what aged out of the window (in the
# duplicate index too) leaves memory: the cost is one load of the window.
RELOAD_EVERY = timedelta(hours=24)


class StoryDesk:
    def __init__(
        self,
        *,
        window: timedelta = STORY_WINDOW,
        dedup_config: DedupConfig | None = None,
        cluster_config: ClusterConfig | None = None,
    ) -> None:
        self.window = window
        self.duplicates = DuplicateIndex(dedup_config)
        self.clusterer = OnlineClusterer(cluster_config)
        # The clusterer knows a story by a key: a loaded story's UUID, or the doc_id of the article that started
        # a story in this process. These two maps translate between keys and story rows.
        self._story_of_key: dict[str, uuid.UUID] = {}
        self._key_of_story: dict[uuid.UUID, str] = {}
        self._known_articles: set[str] = set()
        self._synced_at: datetime | None = None
        self._loaded_at: datetime | None = None
        self._last_decision = 0

    # 1. Load
    def load(self, now: datetime | None = None) -> "StoryDesk":
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
                self.clusterer.add(
                    self._key(article.story_id), self._doc(article, features), pinned=article.story_pinned
                )

    def _replay_decisions(self) -> None:
        for story_id in Story.objects.filter(is_locked=True).values_list("pk", flat=True):
            self.clusterer.keep_whole(self._key(story_id))  # closed by editors: never split nor merged
        decisions = EditorDecision.objects.filter(pk__gt=self._last_decision).order_by("pk")
        for decision in decisions.iterator():
            self._last_decision = decision.pk
            doc_id = str(decision.article_id)
            if decision.from_story is not None:
                self.clusterer.forbid(doc_id, self._key(decision.from_story))
            if decision.to_story is not None and doc_id in self._known_articles:
                article = (
                    Article.objects.filter(pk=decision.article_id, duplicate_of__isnull=True)
                    .only("id", "features", "published_at", "fetched_at", "discovered_at", "source_id")
                    .first()
                )
                if article is not None and article.features:  # add() moves it if it is placed already
                    self.clusterer.add(
                        self._key(decision.to_story),
                        self._doc(article, DocFeatures.from_dict(article.features)),
                        pinned=True,
                    )

    # 2. File
    def file_all(self, articles) -> None:
        """File stored articles in publication order (the order the clusterer should see coverage in), then
        refresh each story they went into once, however many of them it received."""
        touched: dict[uuid.UUID, Story] = {}
        for article in sorted(articles, key=lambda a: (a.display_date, str(a.pk))):
            features = DocFeatures.from_dict(article.features) if article.features else None
            for story in self.file(article, features):
                touched[story.pk] = story
        for story in touched.values():
            story.refresh_from_articles()

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
        assignment = self.clusterer.assign(self._doc(article, features))
        self.duplicates.add(doc_id, features)
        self._known_articles.add(doc_id)
        with transaction.atomic():
            joined = assignment.placed_in or assignment.story_id  # the story it joined (before any moves)
            story = (
                None
                if assignment.new_story
                else Story.objects.filter(pk=self._story_of_key.get(joined) or uuid.UUID(joined)).first()
            )
            if not assignment.new_story and (story is None or story.is_locked):
                # The story was closed by editors, or merged away since it was indexed: start a new one
                # (and a closed story stays whole: a split it just had is undone).
                if assignment.second_thought == "split":
                    self.clusterer.merge(joined, assignment.moved[0][1])
                self.clusterer.keep_whole(joined)
                self.clusterer.remove(doc_id)
                self.clusterer.add(doc_id, self._doc(article, features))
                story, assignment = None, replace(assignment, moved=())
            if story is None:  # a new story, started by this article
                story = self._new_story(doc_id)
                evidence = {}
            else:
                evidence = asdict(assignment.evidence) if assignment.evidence else {}
            Article.objects.filter(pk=article.pk).update(story=story, cluster_evidence=evidence)
            article.story, article.cluster_evidence = story, evidence
            if assignment.moved:
                return self._apply_moves(assignment, story, article)
        return [story]

    def _new_story(self, key: str) -> Story:
        story_id = story_id_for(key)  # the key of a story started here is its first article's ID
        story, _ = Story.objects.get_or_create(id=story_id)
        self._story_of_key[key] = story_id
        self._key_of_story[story_id] = key
        return story

    def _story_for_key(self, key: str) -> Story:
        if key in self._story_of_key:
            return Story.objects.get_or_create(id=self._story_of_key[key])[0]
        return self._new_story(key)

    def _apply_moves(self, assignment: Assignment, placed: Story, filed: Article) -> list[Story]:
        """The clusterer split a story in two, or merged two, on second thoughts: move the articles (with
        their copies) as it did, each with evidence measured against its new companions; a story left
        empty is deleted, its address redirecting to the story its articles went to. Returns the stories
        still standing, to refresh."""
        moving = dict(assignment.moved)
        articles = {
            str(a.pk): a
            for a in Article.objects.filter(pk__in=list(moving)).only(
                "id", "story_id", "features", "published_at", "fetched_at", "discovered_at", "source_id"
            )
        }
        involved = {
            placed.pk: placed,
            **{s.pk: s for s in Story.objects.filter(pk__in={a.story_id for a in articles.values()})},
        }
        targets = {key: self._story_for_key(key) for key in set(moving.values())}
        went_to: dict[uuid.UUID, set[uuid.UUID]] = {}  # story moved from: the stories its articles went to
        for doc_id, article in articles.items():
            went_to.setdefault(article.story_id, set()).add(targets[moving[doc_id]].pk)
        involved.update({target.pk: target for target in targets.values()})
        for doc_id, key in moving.items():
            target = targets[key]
            article = articles.get(doc_id)
            evidence = {
                "second_thought": assignment.second_thought,
                "moved_from": str(article.story_id) if article else None,
            }
            if article is not None and article.features and len(self.clusterer.stories[key].members) > 1:
                doc = self._doc(article, DocFeatures.from_dict(article.features))
                evidence |= asdict(self.clusterer.explain(doc, key))
            Article.objects.filter(pk=doc_id).update(story=target, cluster_evidence=evidence)
            if doc_id == str(filed.pk):
                filed.story, filed.cluster_evidence = target, evidence
        for key, target in targets.items():  # the copies follow their originals
            Article.objects.filter(duplicate_of__in=[d for d, k in moving.items() if k == key]).update(story=target)
        standing = []
        for story in involved.values():
            if story.articles.exists():
                standing.append(story)
            else:
                story_id = story.pk  # delete() clears it
                story.delete()
                self._story_of_key.pop(self._key_of_story.pop(story_id, ""), None)
                if len(went_to.get(story_id, ())) == 1:
                    record_merge([story_id], *went_to[story_id])
        logger.info(
            "stories rethought action=%s story_id=%s moved=%d", assignment.second_thought, placed.pk, len(moving)
        )
        return standing

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
    def sync(self, now: datetime | None = None) -> "StoryDesk":
        now = now or timezone.now()
        if self._loaded_at is not None and now - self._loaded_at > RELOAD_EVERY:
            fresh = StoryDesk(
                window=self.window, dedup_config=self.duplicates.config, cluster_config=self.clusterer.config
            )
            self.__dict__.update(fresh.load(now).__dict__)
            return self
        since = self._synced_at or now - self.window
        self._add_articles(self._window_articles(now).filter(fetched_at__gte=since - timedelta(seconds=5)))
        self._replay_decisions()
        self.clusterer.expire(now - self.window)
        self._synced_at = now
        return self

    def _key(self, story_id) -> str:
        story_uuid = story_id if isinstance(story_id, uuid.UUID) else uuid.UUID(str(story_id))
        key = self._key_of_story.setdefault(story_uuid, str(story_uuid))
        self._story_of_key.setdefault(key, story_uuid)
        return key

    @staticmethod
    def _doc(article: Article, features: DocFeatures) -> StoryDoc:
        published = article.published_at or article.fetched_at or article.discovered_at
        return StoryDoc(doc_id=str(article.pk), features=features, published=published, source=str(article.source_id))
