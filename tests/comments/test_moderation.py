"""Moderation: a first comment waits, and once one comment from an address is approved, later ones appear."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.comments.models import Comment
from tests.comments.pages import comment_count_heading, comment_ids, parse, text

pytestmark = pytest.mark.django_db


def test_first_comment_from_an_address_waits_for_moderation(article, post_comment):
    response = post_comment(article, email="new@example.org")

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_reason == Comment.HoldReason.FIRST_COMMENT
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#respond"


def test_author_is_told_and_sees_their_comment_marked_as_awaiting_moderation(article, post_comment):
    response = post_comment(article, body="My pending words", follow=True)

    doc = parse(response)
    assert [text(li) for li in doc.xpath("//ul[@class='messages']/li")] == ["Your comment is awaiting moderation."]
    comment = Comment.objects.get()
    item = doc.xpath(f"//li[@id='comment-{comment.pk}']")[0]
    assert "comment-pending" in item.get("class")
    assert "Your comment is awaiting moderation." in text(item)
    assert "My pending words" in text(item)


def test_pending_comment_is_hidden_from_other_readers_and_from_the_count(article, post_comment):
    post_comment(article, body="My pending words")

    doc = parse(Client().get(article.get_absolute_url()))

    assert comment_ids(doc) == []
    assert "My pending words" not in text(doc)
    assert comment_count_heading(doc) == "0 comments"


def test_approved_address_publishes_the_next_comment_at_once(article, post_comment):
    post_comment(article, email="ada@example.org", body="First")
    first = Comment.objects.get()
    first.status = Comment.Status.APPROVED
    first.save()

    response = post_comment(article, email="ada@example.org", body="Second")

    second = Comment.objects.get(body="Second")
    assert second.status == Comment.Status.APPROVED
    assert second.hold_reason == ""
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{second.pk}"
    assert "Second" in text(parse(Client().get(article.get_absolute_url())))


def test_approval_rule_ignores_case_and_spaces_in_the_address(article, make_comment, post_comment):
    make_comment(article, email="ada@example.org", status=Comment.Status.APPROVED)

    post_comment(article, email="  ADA@Example.org ", body="Shouting my address")

    assert Comment.objects.get(body="Shouting my address").status == Comment.Status.APPROVED


def test_approval_on_another_article_counts_for_the_address(article, make_article, make_comment, post_comment):
    make_comment(make_article("story-2", "Other"), email="ada@example.org", status=Comment.Status.APPROVED)

    post_comment(article, email="ada@example.org")

    assert Comment.objects.get(article=article).status == Comment.Status.APPROVED


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_pending_or_spam_comments_do_not_approve_an_address(article, make_comment, post_comment, status):
    make_comment(article, email="ada@example.org", status=status)

    post_comment(article, email="ada@example.org", body="Again")

    assert Comment.objects.get(body="Again").status == Comment.Status.PENDING


def test_approved_at_is_set_on_approval_and_cleared_when_taken_down(article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    assert comment.approved_at is None

    comment.status = Comment.Status.APPROVED
    comment.save()
    approved_at = comment.approved_at
    comment.status = Comment.Status.SPAM
    comment.save()

    assert approved_at is not None
    assert comment.approved_at is None


def test_published_comment_is_confirmed_and_shown_to_everyone(article, make_comment, post_comment):
    make_comment(article, email="ada@example.org")

    response = post_comment(article, email="ada@example.org", body="Visible at once", follow=True)

    messages = [text(li) for li in parse(response).xpath("//ul[@class='messages']/li")]
    assert messages == ["Thank you, your comment is published."]
    assert "Visible at once" in text(parse(Client().get(article.get_absolute_url())))
