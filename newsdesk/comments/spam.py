"""Spam defence without third parties: a honeypot, a minimum fill-in time, a per-IP rate limit, a link cap.

1. Honeypot: a field hidden from people that form-filling bots fill in.
2. Minimum time: the form carries a signed "issued at" token; a post sooner than
   NEWSDESK_COMMENT_MIN_SECONDS after it was issued, or with a missing or tampered token, is refused.
3. Rate limit: at most NEWSDESK_COMMENT_RATE_LIMIT comments per IP per NEWSDESK_COMMENT_RATE_WINDOW
   seconds, counted from stored comments, so it holds across processes and restarts. The IP is the
   reader's (``newsdesk.core.client_address``), not a proxy's, so readers behind nginx are counted apart.
4. Hold: a comment with more than NEWSDESK_COMMENT_MAX_LINKS links waits for a moderator even from an
   approved address; so does a first comment from an address.

What a bot sees: checks 1 and 2 reject the post with one neutral message and the form shown again;
nothing is stored. A person who trips them by accident (very fast typing, an autofilled hidden field)
can read the message and send again, while a bot learns nothing about which check it failed; storing
rejected posts as spam would only fill the moderation queue. Check 3 answers HTTP 429.

Clocks are passed in (``now``), or read from ``clock``, which a test may replace, so every rule is testable
without sleeping.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing

from newsdesk.comments.models import Comment
from newsdesk.comments.text import count_links

logger = logging.getLogger(__name__)

TOKEN_SALT = "newsdesk.comments.form-issued"
# A token older than this is refused too, so one harvested token cannot be replayed forever; a reader
# who left the tab open that long just sends again with the fresh token the re-shown form carries.
TOKEN_MAX_AGE = 2 * 24 * 60 * 60
# Where the token checks read the time when no ``now`` is given; the form's views pass none.
clock = time.time


class Rejection(StrEnum):
    """Why a post was refused outright (logged for the operator, never told to the poster)."""

    HONEYPOT = "honeypot"
    TOO_FAST = "too_fast"
    BAD_TOKEN = "bad_token"
    EXPIRED_TOKEN = "expired_token"


@dataclass(frozen=True)
class SpamPolicy:
    min_seconds: float
    rate_limit: int
    rate_window: float
    max_links: int

    @classmethod
    def from_settings(cls) -> SpamPolicy:
        return cls(
            min_seconds=settings.NEWSDESK_COMMENT_MIN_SECONDS,
            rate_limit=settings.NEWSDESK_COMMENT_RATE_LIMIT,
            rate_window=settings.NEWSDESK_COMMENT_RATE_WINDOW,
            max_links=settings.NEWSDESK_COMMENT_MAX_LINKS,
        )


def issue_token(article_id, now: float | None = None) -> str:
    """A signed record of when the form for this article was shown."""
    issued = clock() if now is None else now
    return signing.dumps({"article": str(article_id), "issued": issued}, salt=TOKEN_SALT)


def check_token(token: str, article_id, policy: SpamPolicy, now: float | None = None) -> Rejection | None:
    if not token:
        return Rejection.BAD_TOKEN
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        issued = float(payload["issued"])
        article = payload["article"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return Rejection.BAD_TOKEN
    if article != str(article_id):
        return Rejection.BAD_TOKEN
    elapsed = (clock() if now is None else now) - issued
    if elapsed < 0:
        return Rejection.BAD_TOKEN
    if elapsed < policy.min_seconds:
        return Rejection.TOO_FAST
    if elapsed > TOKEN_MAX_AGE:
        return Rejection.EXPIRED_TOKEN
    return None


def check_honeypot(value: str) -> Rejection | None:
    return Rejection.HONEYPOT if value else None


def rate_limit_retry_after(ip_address: str | None, policy: SpamPolicy, now: datetime) -> int | None:
    """Seconds until this IP may post again, or None if it is under the limit."""
    if not ip_address:
        return None
    window_start = now - timedelta(seconds=policy.rate_window)
    recent = list(
        Comment.objects.filter(ip_address=ip_address, created_at__gt=window_start)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: policy.rate_limit]
    )
    if len(recent) < policy.rate_limit:
        return None
    # The oldest of the last `rate_limit` comments must leave the window before another is allowed.
    frees_at = recent[-1] + timedelta(seconds=policy.rate_window)
    logger.info("comment_rate_limited ip=%s count=%d", ip_address, len(recent))
    return max(1, int((frees_at - now).total_seconds()) + 1)


def hold_reason(email: str, body: str, policy: SpamPolicy) -> Comment.HoldReason | None:
    """Why a new comment must wait for a moderator, or None to publish it at once."""
    if count_links(body) > policy.max_links:
        return Comment.HoldReason.TOO_MANY_LINKS  # type: ignore[return-value]  # Django's Choices make this tuple a str
    if not Comment.objects.from_approved_email(email):
        return Comment.HoldReason.FIRST_COMMENT  # type: ignore[return-value]  # Django's Choices make this tuple a str
    return None
