"""Reader comments on articles, moderated the WordPress way.

A comment is *pending* until a moderator approves it, unless an earlier comment from the same email
address was approved (then it is published at once). ``hold_reason`` records why a comment waits.
The email address is stored only for that rule and for staff: no public page, feed or export shows it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator

from newsdesk.articles.models import Article

# Replies deeper than this attach to the ancestor at this depth (top-level comments are depth 1).
MAX_DEPTH = 5
SAFE_WEBSITE_SCHEMES = ("http", "https")


def normalise_email(email: str) -> str:
    """The form an address is stored and compared in: WordPress matches addresses case-insensitively."""
    return email.strip().lower()


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def from_approved_email(self, email: str) -> bool:
        """Whether any comment from this address was approved: the rule that skips moderation."""
        return self.approved().filter(email__iexact=normalise_email(email)).exists()


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"

    class HoldReason(models.TextChoices):
        FIRST_COMMENT = "first_comment", "First comment from this address"
        TOO_MANY_LINKS = "too_many_links", "More links than NEWSDESK_COMMENT_MAX_LINKS allows"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    # SET_NULL: deleting a comment must not take other readers' replies with it; they move to the top level.
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies")
    name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, help_text="Never shown publicly; used for the approval rule.")
    website = models.URLField(max_length=200, blank=True)
    body = models.TextField("comment")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    hold_reason = models.CharField(max_length=32, choices=HoldReason.choices, blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True, db_index=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "status", "created_at"], name="comment_thread_idx")]

    def __str__(self) -> str:
        # Name and an excerpt only: this string shows up in admin messages and logs, never the email.
        return f"{self.name}: {self.excerpt}"

    def save(self, *args, **kwargs):
        # approved_at tells moderators when a comment went public; it is cleared if it is taken down.
        if self.status != self.Status.APPROVED:
            self.approved_at = None
        elif self.approved_at is None:
            self.approved_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def excerpt(self) -> str:
        return Truncator(" ".join(self.body.split())).chars(80)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def safe_website(self) -> str:
        """The website if it is http(s), else "": a stored ``javascript:`` URL must never become a link."""
        if urlsplit(self.website).scheme.lower() in SAFE_WEBSITE_SCHEMES:
            return self.website
        return ""

    def ancestors(self) -> list[Comment]:
        """This comment's thread from the top-level comment down to itself (a few queries, depth-capped)."""
        chain = [self]
        while chain[-1].parent_id is not None and len(chain) <= MAX_DEPTH + 1:
            chain.append(chain[-1].parent)
        return chain[::-1]


def attach_point(parent: Comment | None) -> Comment | None:
    """Where a reply to ``parent`` goes: replies past MAX_DEPTH attach to the ancestor at MAX_DEPTH - 1."""
    if parent is None:
        return None
    chain = parent.ancestors()
    if len(chain) < MAX_DEPTH:
        return parent
    return chain[MAX_DEPTH - 2]


def approved_comment_count() -> Coalesce:
    """An Article annotation: the number of approved comments, so list pages avoid a query per article.

    A correlated subquery rather than ``Count("comments", ...)``: an aggregate adds GROUP BY, and Django
    drops ``Meta.ordering`` from GROUP BY queries, which would silently unsort the front page.
    """
    counts = (
        Comment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


class PendingComment(Comment):
    """The moderation queue: the same rows, listed on their own admin page so it is one click away."""

    class Meta:
        proxy = True
        verbose_name = "comment awaiting moderation"
        verbose_name_plural = "moderation queue"
