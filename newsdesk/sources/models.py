from __future__ import annotations

from urllib.parse import urlsplit

from django.db import models
from django.urls import reverse
from django.utils import timezone

from newsdesk.pipeline.credentials import without_credentials
from newsdesk.pipeline.errors import Reason
from newsdesk.pipeline.served import ServedFormat


def reason_choices() -> list[tuple[str, str]]:
    # A callable (Django 5+), so adding a Reason to the pipeline needs no migration.
    return [(reason.value, reason.label) for reason in Reason]


def served_format_choices() -> list[tuple[str, str]]:
    return [(served.value, served.label) for served in ServedFormat]


class SourceQuerySet(models.QuerySet):
    def polled(self):
        """Active sources of a kind the poller fetches (single-page sources are never polled)."""
        return self.filter(is_active=True, kind__in=Source.POLLED_KINDS)


class Source(models.Model):
    """An outlet's feed that newsdesk polls, with its polling state and its health."""

    class Kind(models.TextChoices):
        FEED = "feed", "RSS / Atom / JSON feed"
        SITEMAP = "sitemap", "News sitemap"
        PAGES = "pages", "Single pages (added by URL, not polled)"

    POLLED_KINDS = (Kind.FEED, Kind.SITEMAP)

    class ContentMode(models.TextChoices):
        AUTO = "auto", "Feed's full text when it carries one, else the page"
        PAGE = "page", "Always extract the article page"
        FEED = "feed", "Always the feed's own content (no page fetch)"

    class Health(models.TextChoices):
        NEW = "new", "Not fetched yet"
        OK = "ok", "OK"
        FAILING = "failing", "Failing"

    url = models.URLField("feed URL", max_length=2000, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FEED)
    # What the URL answered with at the last poll (or when it was added and checked); "" until then. A poll
    # reads the body as what it is, and corrects ``kind`` to match.
    served_format = models.CharField("serves", max_length=16, choices=served_format_choices, blank=True, editable=False)
    title = models.CharField(max_length=300, blank=True)
    site_url = models.URLField(max_length=2000, blank=True)
    republish_full_text = models.BooleanField(
        default=False,
        help_text="Only tick this when the outlet allows republishing. Otherwise pages show our summary, "
        "the first paragraph and a link to the original.",
    )
    is_active = models.BooleanField("active", default=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    content_mode = models.CharField(
        "content to store", max_length=8, choices=ContentMode.choices, default=ContentMode.AUTO
    )

    # Politeness towards this source's hosts; empty means the site-wide default.
    max_in_flight = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Requests in flight to one host at most (default NEWSDESK_HOST_MAX_IN_FLIGHT, 2).",
    )
    min_request_interval = models.FloatField(
        null=True,
        blank=True,
        help_text="Seconds between request starts to one host (default NEWSDESK_HOST_MIN_INTERVAL, 0.5).",
    )

    # Polling state.
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_fetch_at = models.DateTimeField(default=timezone.now, db_index=True)
    poll_interval = models.DurationField(
        null=True, blank=True, editable=False, help_text="Learnt from how often the source publishes."
    )

    # Health, as the operator sees it in the admin.
    health = models.CharField(max_length=16, choices=Health.choices, default=Health.NEW)
    last_fetched_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error_reason = models.CharField(max_length=40, choices=reason_choices, blank=True, editable=False)
    last_error_message = models.TextField(blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    articles_found = models.PositiveIntegerField(
        default=0, editable=False, help_text="Distinct article links seen in this feed so far."
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]

    def __str__(self) -> str:
        return self.title or self.domain

    def get_absolute_url(self) -> str:
        return reverse("sources:detail", args=[self.pk])

    @staticmethod
    def kind_serving(served: ServedFormat) -> str:
        """The kind of source that serves this format: a sitemap of any shape, else a feed."""
        # Django's Choices make Kind's members tuples to mypy, which cannot see them as str without stubs.
        return Source.Kind.SITEMAP if served.is_sitemap else Source.Kind.FEED  # type: ignore[return-value]

    @property
    def domain(self) -> str:
        return urlsplit(self.site_url or self.url).hostname or self.public_url

    # What the public may see of the feed and site addresses: never a user:pass@ (only the admin shows it).
    @property
    def public_url(self) -> str:
        return without_credentials(self.url)

    @property
    def public_site_url(self) -> str:
        return without_credentials(self.site_url)
