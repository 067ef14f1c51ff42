"""Cross-site request forgery protection on the comment form."""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.comments.models import Comment
from tests.comments.conftest import form_data, post_url
from tests.comments.pages import form_fields, parse

pytestmark = pytest.mark.django_db


def test_post_without_a_csrf_token_is_forbidden(article):
    client = Client(enforce_csrf_checks=True)

    response = client.post(post_url(article), form_data(article))

    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_post_with_the_token_from_the_page_is_accepted(article):
    client = Client(enforce_csrf_checks=True)
    token = form_fields(parse(client.get(article.get_absolute_url())))["csrfmiddlewaretoken"].get("value")

    response = client.post(post_url(article), form_data(article, csrfmiddlewaretoken=token))

    assert response.status_code == 303
    assert Comment.objects.count() == 1
