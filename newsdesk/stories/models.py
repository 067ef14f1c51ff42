from __future__ import annotations

import hashlib
import math
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.stories import coverage

# Story IDs are derived from the ID of the story's first article, so re-ingesting into a fresh database
# gives the same story the same UUID (links and exports stay valid).
STORY_NAMESPACE = uuid.UUID("2b7e4c1d-8a3f-5d6e-b19c-7f0a4e5d3c21")

# Ranking: score = ln(1 + outlets) - age_hours / BREADTH_HOURS. Ordering by that score is ordering by
# ``rank_at`` = newest article time + BREADTH_HOURS * ln(1 + outlets), which does not change as time passes,
# so it is stored and indexed: the front page is one indexed ORDER BY, however large the archive.
BREADTH_HOURS = 6.0
# Related stories: candidates are stories updated within RELATED_WINDOW of this one (the newest
# RELATED_CANDIDATES of them, one query), ranked by how many key terms they share (at least RELATED_MIN_SHARED).
RELATED_WINDOW = timedelta(days=3)
RELATED_CANDIDATES = 300
RELATED_MIN_SHARED = 2
# Key terms come from the first originals only: the event as first told, at a cost that stays flat as a
# story grows (stored features carry vectors, so they are read for these few articles only).
KEY_TERM_ARTICLES = 20
# A story's summary is made from its first originals only: the event as first told; this also bounds the work
# (and LLM prompt) of a growing story.
SUMMARY_ARTICLES = 8


def story_id_for(first_article_id) -> uuid.UUID:
    return uuid.uuid5(STORY_NAMESPACE, str(first_article_id))


def summary_fingerprint(originals: list) -> str:
    """What a story's summary is made from: the summariser and the story's first originals (earliest first).
    A summary is due when its story's fingerprint is no longer the one it was made from."""
    chosen = [str(a.pk) for a in originals[:SUMMARY_ARTICLES]]
    return hashlib.sha1(" ".join([settings.NEWSDESK_SUMMARISER, *chosen]).encode()).hexdigest()


def rank_time(newest, outlet_count: int, now=None):
    """The stored ranking key; a publication date in the future (an outlet's clock or typo) counts as now."""
    if newest is None:
        return None
    newest = min(newest, now or timezone.now())
    return newest + timedelta(hours=BREADTH_HOURS * math.log1p(outlet_count))


class StoryQuerySet(models.QuerySet):
    def ranked(self):
        """Stories with published coverage, by recency and breadth (see ``BREADTH_HOURS``)."""
        return self.filter(article_count__gt=0).order_by(F("rank_at").desc(nulls_last=True), "-updated_at", "pk")


def _as_names(shared: list[str], key_terms: list[str]) -> list[str]:
    """Shared words that spell a name either story carries, read as that name: "port", "ellery" → "port
    ellery" (key terms hold both a name and its words)."""
    shown = list(shared)
    for name in sorted({t for t in key_terms if " " in t}, key=len, reverse=True):
        words = name.split()
        if name not in shown and all(w in shown for w in words):
            at = min(shown.index(w) for w in words)
            shown = [t for t in shown if t not in words]
            shown.insert(min(at, len(shown)), name)
    return list(dict.fromkeys(t for t in shown if not any(t in n.split() for n in shown if " " in n)))


class Story(models.Model):
    """One event, however many outlets covered it: the articles pointing here, with figures kept current.

    The figures (headline, counts, times, key terms) are derived from the articles by
    ``refresh_from_articles()``, which whoever adds or moves articles calls (the story services, the story
    desk). The summary is made after commit, never inside a transaction: ``refresh_from_articles`` only marks
    it due (``summary_due``), and ``stories.summarising`` makes it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    headline = models.CharField(max_length=500, blank=True, editable=False)
    headline_override = models.CharField(
        max_length=500, blank=True, help_text="An editor's headline, kept instead of the first article's."
    )
    is_locked = models.BooleanField(
        "closed to the clusterer",
        default=False,
        help_text="New articles are not added automatically; editors can still move articles in.",
    )

    summary = models.TextField(blank=True, editable=False)
    # [{"text", "position" (in its article; null when generated), "article" (its article's ID; null when
    # generated), "cites": [IDs of every article it comes from]}]: see ``stories.summarising``.
    summary_sentences = models.JSONField(default=list, blank=True, editable=False)
    summary_article = models.ForeignKey(
        "articles.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    summary_mode = models.CharField("summary made by", max_length=20, blank=True, editable=False)
    summary_note = models.TextField(
        blank=True, editable=False, help_text="For staff: why the summary is what it is (e.g. the LLM endpoint failed)."
    )
    summary_inputs = models.CharField(
        max_length=64, blank=True, editable=False, help_text="Fingerprint of the articles the summary was made from."
    )
    summary_due = models.BooleanField(
        default=False, editable=False, help_text="The articles it is made from changed: to be made again."
    )
    key_terms = models.JSONField(default=list, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField("newest article", null=True, blank=True, db_index=True, editable=False)
    rank_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    article_count = models.PositiveIntegerField("articles", default=0, editable=False)
    outlet_count = models.PositiveIntegerField("outlets", default=0, editable=False)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-updated_at"]
        # The sweep of due summaries reads the few due rows only, however large the archive.
        indexes = [models.Index(fields=["summary_due"], condition=models.Q(summary_due=True), name="story_summary_due")]

    def __str__(self) -> str:
        return self.headline or str(self.id)

    @property
    def slug(self) -> str:
        return slugify(self.headline)[:80] or "story"

    def get_absolute_url(self) -> str:
        return reverse("stories:detail", args=[self.id, self.slug])

    def related(self, limit: int = 5) -> list[tuple[Story, list[str]]]:
        """Stories of the same days sharing the most key terms with this one, with the terms shared."""
        if not self.key_terms or self.updated_at is None:
            return []
        terms = set(self.key_terms)
        start = (self.first_published_at or self.updated_at) - RELATED_WINDOW
        window = (start, self.updated_at + RELATED_WINDOW)
        candidates = (
            Story.objects.filter(article_count__gt=0, updated_at__range=window)
            .exclude(pk=self.pk)
            .order_by("-updated_at")
            .only("id", "headline", "key_terms", "outlet_count", "article_count", "updated_at")
        )
        scored = []
        for story in candidates[:RELATED_CANDIDATES]:
            shared = [t for t in story.key_terms if t in terms]
            if len(shared) >= RELATED_MIN_SHARED:
                scored.append((story, shared))
        scored.sort(key=lambda item: (-len(item[1]), -item[0].outlet_count, -item[0].updated_at.timestamp()))
        return [(story, _as_names(shared, [*self.key_terms, *story.key_terms])) for story, shared in scored[:limit]]

    def refresh_from_articles(self, save: bool = True) -> None:
        """Recompute every derived figure from the story's published articles (two queries, then a save), and
        mark the summary due when the articles it is made from changed (``summary_fingerprint``). No summary
        is made here: whoever changed the story calls ``summarising.summarise_after_commit``.

        Call it once per story after a batch of articles joined or left, not once per article.
        """
        articles = coverage.earliest_first(
            self.articles.published().only(
                "id",
                "title",
                "summary",
                "summary_sentences",
                "published_at",
                "fetched_at",
                "discovered_at",
                "source_id",
                "duplicate_of_id",
                "story_id",
                "cluster_evidence",
            )
        )
        firsts = coverage.originals(articles)
        features = dict(
            self.articles.filter(pk__in=[a.pk for a in firsts[:KEY_TERM_ARTICLES]]).values_list("pk", "features")
        )
        for article in firsts[:KEY_TERM_ARTICLES]:
            article.features = features.get(article.pk)
        first = firsts[0] if firsts else None
        self.headline = self.headline_override or (first.title if first else self.headline)
        self.article_count = len(articles)
        self.outlet_count = len(coverage.outlets(articles))
        self.first_published_at = articles[0].display_date if articles else None
        self.updated_at = articles[-1].display_date if articles else None
        self.rank_at = rank_time(self.updated_at, self.outlet_count)
        if summary_fingerprint(firsts) != self.summary_inputs:
            self.summary_due = True
        self.key_terms = coverage.key_terms(firsts[:KEY_TERM_ARTICLES])
        if save:
            self.save()


class SummaryCheck(models.Model):
    """The fact check of one sentence an LLM wrote for a story's summary: kept for staff, never published.

    Only the latest run's checks are kept (a new run replaces them).
    """

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="summary_checks")
    checked_at = models.DateTimeField(default=timezone.now, editable=False)
    model = models.CharField("LLM model", max_length=200, blank=True)
    sentence = models.TextField()
    citations = models.JSONField(
        default=list, help_text="The articles it cited: IDs, or [n] for a number that named no article."
    )
    passed = models.BooleanField()
    published = models.BooleanField(default=False, help_text="Used in the summary (passed, and not a repeat).")
    reasons = models.JSONField("why it failed", default=list)
    found = models.JSONField("found in the cited articles", default=list)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["story", "order"]

    def __str__(self) -> str:
        return f"{'passed' if self.passed else 'failed'}: {self.sentence[:80]}"


class EditorDecisionQuerySet(models.QuerySet):
    def left_stories(self) -> dict:
        """{article id: {story ids an editor took it out of}}: the "not in that story" decisions."""
        left: dict = {}
        for article_id, story_id in self.exclude(from_story=None).values_list("article_id", "from_story"):
            left.setdefault(article_id, set()).add(story_id)
        return left


class EditorDecision(models.Model):
    """One article moved by an editor, kept so the clusterer can respect it (and people can audit it).

    Story IDs are plain UUIDs, not foreign keys: a merged story is deleted, and the decision must outlive it.
    """

    class Action(models.TextChoices):
        MOVE = "move", "Moved to a story"
        MERGE = "merge", "Merged stories"
        SPLIT = "split", "Split into a new story"

    action = models.CharField(max_length=8, choices=Action.choices)
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="editor_decisions")
    from_story = models.UUIDField(null=True, blank=True, db_index=True, help_text="The story it left, if any.")
    to_story = models.UUIDField(null=True, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = EditorDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.article_id} {self.from_story} -> {self.to_story}"


class StoryRedirect(models.Model):
    """The address of a story merged away: it answers with a permanent redirect to the story its articles
    went to (an editor's merge, a move or split that emptied it, or the clusterer's second thoughts).

    Kept one hop deep, so a chain of merges is one lookup and cannot loop: recording A → B re-points every
    X → A at B, and drops B's own redirect (B is alive again). Story IDs are plain UUIDs, not foreign keys:
    the old story is gone, and the surviving one may be merged away in its turn.
    """

    old_story = models.UUIDField(primary_key=True)
    new_story = models.UUIDField(db_index=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.old_story} -> {self.new_story}"


# A redirect table kept one hop deep needs one hop; the cap only guards against rows edited by hand.
MAX_REDIRECT_HOPS = 8


def record_merge(merged_ids, into_id) -> None:
    """Send the addresses of the stories ``merged_ids`` (deleted, or about to be) to the story ``into_id``."""
    merged = {uuid.UUID(str(pk)) for pk in merged_ids} - {uuid.UUID(str(into_id))}
    if not merged:
        return
    now = timezone.now()
    StoryRedirect.objects.filter(old_story=into_id).delete()
    StoryRedirect.objects.filter(new_story__in=merged).update(new_story=into_id, at=now)
    StoryRedirect.objects.bulk_create(
        [StoryRedirect(old_story=pk, new_story=into_id, at=now) for pk in merged],
        update_conflicts=True,
        unique_fields=["old_story"],
        update_fields=["new_story", "at"],
    )


def surviving_story(story_id) -> Story | None:
    """The published story that a story merged away now lives in, or None (never merged, or gone since)."""
    seen = {str(story_id)}
    for _ in range(MAX_REDIRECT_HOPS):
        target = StoryRedirect.objects.filter(old_story=story_id).values_list("new_story", flat=True).first()
        if target is None or str(target) in seen:
            return None
        story = Story.objects.filter(pk=target, article_count__gt=0).first()
        if story is not None:
            return story
        seen.add(str(target))
        story_id = target
    return None
