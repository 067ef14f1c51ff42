"""Moderation in the admin: the queue, pending first, and the Approve / Mark as spam / Delete actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.comments.models import Comment
from tests.comments.pages import parse, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")
QUEUE = reverse("admin:comments_pendingcomment_changelist")


def run_action(admin_client, url, action, comments):
    return admin_client.post(
        url, {"action": action, "_selected_action": [c.pk for c in comments], "index": 0}, follow=True
    )


def listed_names(response) -> list[str]:
    return [text(a) for a in parse(response).xpath("//table[@id='result_list']/tbody/tr/th/a")]


def test_approve_action_publishes_the_selected_comments(admin_client, article, make_comment):
    pending = [make_comment(article, name=f"P{n}", status=Comment.Status.PENDING) for n in range(2)]
    untouched = make_comment(article, name="Other", status=Comment.Status.PENDING)

    response = run_action(admin_client, CHANGELIST, "approve", pending)

    assert "2 comments approved." in response.content.decode()
    assert set(Comment.objects.approved().values_list("name", flat=True)) == {"P0", "P1"}
    assert all(c.approved_at for c in Comment.objects.approved())
    untouched.refresh_from_db()
    assert untouched.status == Comment.Status.PENDING


def test_approved_comment_then_shows_on_the_article_page(admin_client, client, article, make_comment):
    comment = make_comment(article, body="Now public", status=Comment.Status.PENDING)
    assert "Now public" not in client.get(article.get_absolute_url()).content.decode()

    run_action(admin_client, QUEUE, "approve", [comment])

    assert "Now public" in client.get(article.get_absolute_url()).content.decode()


def test_mark_as_spam_action_hides_the_selected_comments(admin_client, client, article, make_comment):
    comment = make_comment(article, body="Buy now", status=Comment.Status.APPROVED)

    response = run_action(admin_client, CHANGELIST, "mark_spam", [comment])

    assert "1 comment marked as spam." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert comment.approved_at is None
    assert "Buy now" not in client.get(article.get_absolute_url()).content.decode()


def test_delete_action_removes_the_selected_comments(admin_client, article, make_comment):
    comment = make_comment(article)

    admin_client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [comment.pk], "post": "yes"})

    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_moderation_queue_lists_only_pending_comments_oldest_first(admin_client, article, make_comment):
    make_comment(article, name="Old pending", status=Comment.Status.PENDING)
    make_comment(article, name="Approved", status=Comment.Status.APPROVED)
    make_comment(article, name="Spam", status=Comment.Status.SPAM)
    make_comment(article, name="New pending", status=Comment.Status.PENDING)

    assert listed_names(admin_client.get(QUEUE)) == ["Old pending", "New pending"]


def test_moderation_queue_is_one_click_from_the_admin_index(admin_client):
    doc = parse(admin_client.get(reverse("admin:index")))

    assert QUEUE in doc.xpath("//a/@href")


def test_all_comments_list_shows_pending_first(admin_client, article, make_comment):
    make_comment(article, name="Approved", status=Comment.Status.APPROVED)
    make_comment(article, name="Pending", status=Comment.Status.PENDING)
    make_comment(article, name="Spam", status=Comment.Status.SPAM)

    assert listed_names(admin_client.get(CHANGELIST)) == ["Pending", "Approved", "Spam"]


def test_status_filter_narrows_the_list(admin_client, article, make_comment):
    make_comment(article, name="Approved", status=Comment.Status.APPROVED)
    make_comment(article, name="Spam", status=Comment.Status.SPAM)

    assert listed_names(admin_client.get(CHANGELIST, {"status__exact": "spam"})) == ["Spam"]


def test_changelist_shows_article_excerpt_and_ip(admin_client, article, make_comment):
    make_comment(article, body="A long thought " * 20, ip_address="203.0.113.9", status=Comment.Status.PENDING)

    row = text(parse(admin_client.get(QUEUE)).xpath("//table[@id='result_list']/tbody/tr")[0])

    assert article.title in row
    assert "203.0.113.9" in row
    assert "A long thought A long thought" in row
    assert "First comment from this address" not in row  # no reason was set on this stored comment


def test_admin_pages_need_a_staff_login(client):
    assert client.get(QUEUE).status_code == 302
