from __future__ import annotations

import hashlib
import uuid
from urllib.parse import urlsplit

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.pipeline.credentials import without_credentials
from newsdesk.pipeline.dating import settle_published
from newsdesk.sources.models import Source, reason_choices

# Article IDs are derived from the canonical URL, so re-ingesting the same article into a fresh
# database gives it the same UUID (links and exports stay valid).
ARTICLE_NAMESPACE = uuid.UUID("6f1c5b8e-2d4a-5e3f-9a7b-1c2d3e4f5a6b")


def article_id_for(url_key: str) -> uuid.UUID:
    return uuid.uuid5(ARTICLE_NAMESPACE, url_key)


def url_key_for(canonical_url: str) -> str:
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.READY)

    def latest_first(self):
        # Explicit, because Meta.ordering is dropped from queries with aggregate annotations.
        return self.order_by("-published_at", "-discovered_at", "pk")

    def due(self, now=None):
        """Pending articles whose next attempt has come, from sources that are not paused."""
        now = now or timezone.now()
        return self.filter(status=Article.Status.PENDING, next_attempt_at__lte=now, source__is_active=True)


class Article(models.Model):
    """One article from one source: discovered in a feed (pending), then fetched and extracted (ready).

    Rows are written before their page is fetched, so a crash mid-batch leaves them pending and the
    next run picks them up; ``url_key`` is unique, so listing the same article twice stores it once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be fetched"
        READY = "ready", "Published"
        SKIPPED = "skipped", "Skipped (not an article)"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, editable=False)
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="articles")
    url = models.URLField("URL as fetched", max_length=2000)
    url_key = models.CharField(max_length=64, unique=True, editable=False)
    canonical_url = models.URLField(max_length=2000, blank=True)
    # Hash of canonical_url, indexed: finds the stored copy when a page's rel=canonical names another URL.
    canonical_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    title = models.CharField(max_length=500, blank=True)
    author = models.CharField(max_length=300, blank=True)
    site_name = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=20, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    description = models.TextField(blank=True)
    text = models.TextField(blank=True, help_text="Paragraphs separated by blank lines.")
    summary = models.TextField(blank=True)
    summary_sentences = models.JSONField(
        default=list,
        blank=True,
        help_text="[{'text': ..., 'position': n}]: position is the sentence's index in the text.",
    )
    feed_summary = models.TextField(blank=True, editable=False)

    # The date every listing, ranking and feed orders by; a source's date we do not believe is kept aside in
    # claimed_published_at, with the time we saw the article here instead (``set_published``).
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    claimed_published_at = models.DateTimeField(
        "date given by the source",
        null=True,
        blank=True,
        editable=False,
        help_text="Set only when not trusted: over a day after we saw the article, or before 1990.",
    )
    discovered_at = models.DateTimeField(default=timezone.now, editable=False)
    fetched_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    error_reason = models.CharField(max_length=40, choices=reason_choices, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)

    # Stories: the story desk (dedup and clusterer) fills these; editors move articles in the admin.
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="The first copy seen of this text.",
    )
    story_pinned = models.BooleanField(
        default=False, help_text="An editor put this article in its story: the clusterer must not move it."
    )
    cluster_evidence = models.JSONField(
        default=dict,
        blank=True,
        help_text="Why the clusterer chose the story: {'score', 'similarity', 'shared_terms', 'shared_entities'}.",
    )
    features = models.JSONField(
        null=True, blank=True, editable=False, help_text="The clusterer's stored features of this article."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-discovered_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="article_due_idx"),
            models.Index(fields=["source", "status", "-published_at"], name="article_source_idx"),
            # A story's articles by date (story page, the front page's first articles), and with story NULL,
            # the latest articles in no story; without it SQLite reads every published article and sorts.
            models.Index(fields=["story", "status", "published_at"], name="article_story_idx"),
            # The API's newest-first listing (a keyset on discovered_at).
            models.Index(fields=["status", "discovered_at"], name="article_discovered_idx"),
            # The newest published articles (the feeds): without it, a sort of every published article.
            models.Index(fields=["status", "published_at"], name="article_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url

    def save(self, *args, **kwargs):
        self.canonical_key = url_key_for(self.canonical_url) if self.canonical_url else ""
        if kwargs.get("update_fields") is not None and "canonical_url" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "canonical_key"}
        super().save(*args, **kwargs)

    @property
    def slug(self) -> str:
        return slugify(self.title)[:80] or "article"

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.id, self.slug])

    @property
    def original_url(self) -> str:
        """The original's address for the public: a link resolved against a feed's user:pass@ inherits it."""
        return without_credentials(self.canonical_url or self.url)

    @property
    def original_domain(self) -> str:
        return urlsplit(self.original_url).hostname or ""

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]

    @property
    def first_paragraph(self) -> str:
        paragraphs = self.paragraphs
        return paragraphs[0] if paragraphs else ""

    def set_published(self, claimed, *, seen_at) -> None:
        """Date the article from its source's claim, seen (discovered or fetched) at ``seen_at``."""
        settled = settle_published(claimed, seen_at=seen_at)
        self.published_at, self.claimed_published_at = settled.published, settled.claimed

    @property
    def published_at_untrusted(self) -> bool:
        """The source gave a date we did not believe: published_at is when we saw the article instead."""
        return self.claimed_published_at is not None

    @property
    def display_date(self):
        return self.published_at or self.fetched_at or self.discovered_at
