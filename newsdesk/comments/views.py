"""Posting a comment: POST only; the form lives on the article page, and errors re-show that page.

0. The form must have been on one of our pages (``origin``: the browser's Sec-Fetch-Site / Origin headers,
   else Django's CSRF token); otherwise the page is re-shown (403) with the text kept and this reader's token.
1. Rate limit per client address (``newsdesk.core.client_address``; HTTP 429, the form shown again with the text kept).
2. Validate the form, including the honeypot and the signed minimum-time token (page re-shown, 200).
3. Decide approved or held (first comment from the address, too many links), attach deep replies
   at the maximum depth, and store the poster's IP and user agent for moderators.
4. Redirect (303) to the comment, or to the form with "awaiting moderation" for a held one; the
   session remembers held comments so their author sees them marked as waiting.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from newsdesk.articles.models import Article
from newsdesk.comments import origin, spam
from newsdesk.comments.forms import CommentForm
from newsdesk.comments.models import Comment, attach_point
from newsdesk.core.client_address import client_address

logger = logging.getLogger(__name__)

SESSION_PENDING_KEY = "comments_pending"
SESSION_PENDING_MAX = 50  # plenty for one reader; keeps the session small
AWAITING_MESSAGE = "Your comment is awaiting moderation."
PUBLISHED_MESSAGE = "Thank you, your comment is published."
NOT_FROM_OUR_PAGE_MESSAGE = (
    "Your comment was not sent: it did not come from a page of this site. Check it below and send it again."
)
RATE_LIMITED_MESSAGE = "You have sent too many comments in a short time. Please wait a few minutes and try again."


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def pending_ids(session) -> list[int]:
    """The held comments this browser posted, so the section can show them marked as waiting."""
    return list(session.get(SESSION_PENDING_KEY, []))


@csrf_exempt  # checked by origin.posted_from_our_pages, which falls back to Django's check
@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published().select_related("source"), pk=article_id)
    policy = spam.SpamPolicy.from_settings()
    form = CommentForm(request.POST, article=article, policy=policy, now=spam.clock())

    # 0. Cross-site request forgery.
    if not origin.posted_from_our_pages(request):
        logger.info("comment_refused reason=not-from-our-page article_id=%s", article.pk)
        form.full_clean()
        form.add_error(None, NOT_FROM_OUR_PAGE_MESSAGE)
        return _reshow(request, article, form, status=403)
    # The reader's address: X-Forwarded-For only from a proxy in NEWSDESK_TRUSTED_PROXIES (anyone can send it).
    ip_address = client_address(request)

    # 1. Rate limit.
    retry_after = spam.rate_limit_retry_after(ip_address, policy, timezone.now())
    if retry_after:
        form.full_clean()
        form.add_error(None, RATE_LIMITED_MESSAGE)
        response = _reshow(request, article, form, status=429)
        response["Retry-After"] = str(retry_after)
        return response

    # 2. Validate.
    if not form.is_valid():
        return _reshow(request, article, form, status=200)

    # 3. Approve or hold, and store.
    comment: Comment = form.save(commit=False)
    comment.article = article
    comment.parent = attach_point(comment.parent)
    reason = spam.hold_reason(comment.email, comment.body, policy)
    comment.status = Comment.Status.PENDING if reason else Comment.Status.APPROVED
    comment.hold_reason = reason or ""
    comment.ip_address = ip_address
    comment.user_agent = request.META.get("HTTP_USER_AGENT", "")[:500]
    comment.save()
    logger.info(
        "comment_posted comment_id=%s article_id=%s status=%s hold_reason=%s",
        comment.pk,
        article.pk,
        comment.status,
        comment.hold_reason,
    )

    # 4. Redirect.
    if comment.is_pending:
        request.session[SESSION_PENDING_KEY] = (pending_ids(request.session) + [comment.pk])[-SESSION_PENDING_MAX:]
        messages.info(request, AWAITING_MESSAGE)
        return HttpResponseSeeOther(f"{article.get_absolute_url()}#respond")
    messages.success(request, PUBLISHED_MESSAGE)
    return HttpResponseSeeOther(f"{article.get_absolute_url()}#comment-{comment.pk}")


def _reshow(request, article, form, status):
    """The article page again, with this bound form (errors and typed text) in its comment section."""
    return render(request, "articles/article_detail.html", {"article": article, "comment_form": form}, status=status)
