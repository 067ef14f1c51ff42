"""Spam defence: honeypot, minimum fill-in time (signed token), per-IP rate limit, link cap.

Bots that fill the honeypot or post too fast get the form back with one neutral message and nothing is
stored (see newsdesk/comments/spam.py for why); a flood from one IP gets HTTP 429.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core import signing

from newsdesk.comments.forms import REJECTED_MESSAGE
from newsdesk.comments.models import Comment
from newsdesk.comments.spam import TOKEN_SALT, issue_token
from newsdesk.comments.views import RATE_LIMITED_MESSAGE
from tests.comments.conftest import form_data, post_url
from tests.comments.pages import form_errors, form_fields, parse

pytestmark = pytest.mark.django_db


def assert_rejected_and_reshown(response, body="A thoughtful comment."):
    assert response.status_code == 200
    doc = parse(response)
    assert form_errors(doc) == REJECTED_MESSAGE
    assert form_fields(doc)["body"].text_content().strip() == body
    assert Comment.objects.count() == 0


# --- Honeypot ---------------------------------------------------------------------------------------------


def test_filled_honeypot_is_rejected_with_a_neutral_message_and_nothing_stored(article, post_comment):
    assert_rejected_and_reshown(post_comment(article, homepage="http://spam.example"))


def test_honeypot_field_is_hidden_from_people_and_keyboards(client, article):
    doc = parse(client.get(article.get_absolute_url()))

    honeypot = form_fields(doc)["homepage"]
    assert honeypot.get("tabindex") == "-1"
    assert honeypot.get("autocomplete") == "off"
    assert honeypot.getparent().get("aria-hidden") == "true"
    assert "comment-hp" in honeypot.getparent().get("class")


def test_honeypot_is_positioned_off_screen_by_the_stylesheet():
    css = Path(finders.find("comments/comments.css")).read_text()

    rule = re.search(r"\.comment-hp \{([^}]*)\}", css).group(1)
    assert "position: absolute" in rule
    assert "left: -10000px" in rule


# --- Minimum time -----------------------------------------------------------------------------------------


def test_post_sooner_than_the_minimum_time_is_rejected(settings, article, post_comment):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 3

    assert_rejected_and_reshown(post_comment(article, issued=issue_token(article.pk, now=time.time() - 1)))


def test_post_after_the_minimum_time_is_accepted(settings, article, post_comment):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 3

    response = post_comment(article, issued=issue_token(article.pk, now=time.time() - 4))

    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_form_on_the_page_carries_a_token_that_works_after_the_minimum_time(settings, client, article, comment_clock):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 0.2
    token = form_fields(parse(client.get(article.get_absolute_url())))["issued"].get("value")

    too_soon = client.post(post_url(article), form_data(article, issued=token))
    comment_clock.advance(0.3)
    later = client.post(post_url(article), form_data(article, issued=token))

    assert too_soon.status_code == 200
    assert later.status_code == 303


def test_missing_token_is_rejected(article, post_comment):
    assert_rejected_and_reshown(post_comment(article, issued=""))


def test_tampered_token_is_rejected(article, post_comment):
    token = issue_token(article.pk, now=time.time() - 60)
    payload, rest = token.split(":", 1)
    tampered = ("A" if payload[0] != "A" else "B") + payload[1:] + ":" + rest

    assert_rejected_and_reshown(post_comment(article, issued=tampered))


def test_token_with_an_earlier_time_signed_with_another_key_is_rejected(article, post_comment):
    payload = {"article": str(article.pk), "issued": time.time() - 60}
    forged = signing.dumps(payload, key="not-our-secret", salt=TOKEN_SALT)

    assert_rejected_and_reshown(post_comment(article, issued=forged))


def test_token_for_another_article_is_rejected(article, make_article, post_comment):
    other = make_article("story-2", "Another story")

    assert_rejected_and_reshown(post_comment(article, issued=issue_token(other.pk, now=time.time() - 60)))


def test_token_from_days_ago_is_rejected(article, post_comment):
    assert_rejected_and_reshown(post_comment(article, issued=issue_token(article.pk, now=time.time() - 3 * 86400)))


# --- Rate limit -------------------------------------------------------------------------------------------


def test_rate_limit_answers_429_after_the_limit_with_the_text_kept(settings, article, post_comment):
    settings.NEWSDESK_COMMENT_RATE_LIMIT = 3
    settings.NEWSDESK_COMMENT_RATE_WINDOW = 600
    statuses = [post_comment(article, body=f"Comment {n}").status_code for n in range(3)]

    blocked = post_comment(article, body="One too many")

    assert statuses == [303, 303, 303]
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 600
    doc = parse(blocked)
    assert RATE_LIMITED_MESSAGE in form_errors(doc)
    assert form_fields(doc)["body"].text_content().strip() == "One too many"
    assert Comment.objects.count() == 3


def test_rate_limit_is_per_ip(settings, client, article):
    settings.NEWSDESK_COMMENT_RATE_LIMIT = 1
    first = client.post(post_url(article), form_data(article), REMOTE_ADDR="203.0.113.1")
    same_ip = client.post(post_url(article), form_data(article), REMOTE_ADDR="203.0.113.1")
    other_ip = client.post(post_url(article), form_data(article), REMOTE_ADDR="203.0.113.2")

    assert (first.status_code, same_ip.status_code, other_ip.status_code) == (303, 429, 303)


def test_comments_older_than_the_window_do_not_count(settings, article, make_comment, post_comment):
    from datetime import timedelta

    from django.utils import timezone

    settings.NEWSDESK_COMMENT_RATE_LIMIT = 1
    settings.NEWSDESK_COMMENT_RATE_WINDOW = 600
    make_comment(article, ip_address="127.0.0.1", created_at=timezone.now() - timedelta(seconds=601))

    assert post_comment(article).status_code == 303


# --- Links ------------------------------------------------------------------------------------------------


def test_more_than_max_links_is_held_even_from_an_approved_email(settings, article, make_comment, post_comment):
    settings.NEWSDESK_COMMENT_MAX_LINKS = 2
    make_comment(article, email="ada@example.org", status=Comment.Status.APPROVED)
    body = "See https://a.example, https://b.example and http://c.example"

    response = post_comment(article, email="ada@example.org", body=body)

    held = Comment.objects.latest("id")
    assert held.status == Comment.Status.PENDING
    assert held.hold_reason == Comment.HoldReason.TOO_MANY_LINKS
    assert response["Location"].endswith("#respond")


def test_max_links_exactly_is_published_for_an_approved_email(settings, article, make_comment, post_comment):
    settings.NEWSDESK_COMMENT_MAX_LINKS = 2
    make_comment(article, email="ada@example.org", status=Comment.Status.APPROVED)

    post_comment(article, email="ada@example.org", body="See https://a.example and https://b.example")

    assert Comment.objects.latest("id").status == Comment.Status.APPROVED
