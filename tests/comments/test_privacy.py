"""The commenter's email address is stored for the approval rule but never shown on a public page."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.comments.models import Comment
from tests.comments.conftest import SECRET_EMAIL

pytestmark = pytest.mark.django_db


def public_pages(article) -> list[str]:
    return [
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?replyto={Comment.objects.approved().first().pk}",
        "/",
        article.source.get_absolute_url(),
        "/source/",
    ]


def assert_email_nowhere(client, article):
    for url in public_pages(article):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET_EMAIL not in response.content.decode(), url
        assert "secret-commenter" not in response.content.decode(), url


def test_email_never_appears_on_public_pages_for_anyone(article, make_comment):
    make_comment(article, email=SECRET_EMAIL, name="Sam", website="https://sam.example")

    assert_email_nowhere(Client(), article)


def test_email_never_appears_for_the_author_while_pending_or_after_approval(
    client, article, make_comment, post_comment
):
    make_comment(article)  # something to reply to, so the reply page is covered too
    response = post_comment(article, email=SECRET_EMAIL, follow=True)
    assert SECRET_EMAIL not in response.content.decode()
    assert_email_nowhere(client, article)

    Comment.objects.filter(email=SECRET_EMAIL).update(status=Comment.Status.APPROVED)
    post_comment(article, email=SECRET_EMAIL, body="Second, published at once")

    assert Comment.objects.get(body="Second, published at once").status == Comment.Status.APPROVED
    assert_email_nowhere(client, article)
    assert_email_nowhere(Client(), article)


def test_comment_str_leaves_the_email_out(article, make_comment):
    comment = make_comment(article, email=SECRET_EMAIL, name="Sam", body="Hello there")

    assert str(comment) == "Sam: Hello there"
