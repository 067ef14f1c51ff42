"""Cross-site request forgery protection on the comment form (``newsdesk.comments.origin``).

The shared article page carries no CSRF token; a post is checked with the headers the browser sets itself
(Sec-Fetch-Site, then Origin), and without either with Django's cookie + token check. A refused post is
re-shown, text kept, with this reader's own token, so sending it again works.
"""

from __future__ import annotations

import pytest
from django.test import Client

from newsdesk.comments.models import Comment
from tests.comments.conftest import form_data, post_url
from tests.comments.pages import form_errors, form_fields, parse

pytestmark = pytest.mark.django_db


def post(article, headers=None, **fields):
    client = Client(enforce_csrf_checks=True)
    return client, client.post(post_url(article), form_data(article, **fields), headers=headers or {})


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://testserver"},
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    ],
)
def test_a_post_from_our_own_page_is_accepted_without_a_token(article, headers):
    _, response = post(article, headers)

    assert response.status_code == 303
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site's page
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},  # Sec-Fetch-Site decides
        {"Origin": "https://evil.example"},
        {"Origin": "https://testserver"},  # another scheme is another origin
        {"Origin": "null"},  # a sandboxed frame or a data: page
    ],
)
def test_a_post_from_anywhere_else_is_refused_and_shown_again_with_the_text_kept(article, headers):
    _, response = post(article, headers, body="Words that must not be lost.")

    assert response.status_code == 403
    assert Comment.objects.count() == 0
    page = parse(response)
    assert "did not come from a page of this site" in form_errors(page)
    assert "Words that must not be lost." in page.text_content()
    assert "public" not in response.get("Cache-Control", "")


def test_a_trusted_origin_from_the_settings_is_accepted(article, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://news.example.com"]

    _, response = post(article, {"Origin": "https://news.example.com"})

    assert response.status_code == 303


def test_without_the_browser_headers_djangos_token_check_decides(article):
    client, refused = post(article, body="Sent from an old browser.")
    assert refused.status_code == 403
    assert Comment.objects.count() == 0

    # The page shown again carries this reader's own token (and sets its cookie): sending again passes.
    token = form_fields(parse(refused))["csrfmiddlewaretoken"].get("value")
    resent = client.post(
        post_url(article), form_data(article, body="Sent from an old browser.", csrfmiddlewaretoken=token)
    )

    assert resent.status_code == 303
    assert Comment.objects.get().body == "Sent from an old browser."


def test_another_readers_token_does_not_pass_djangos_check(article):
    victim = Client(enforce_csrf_checks=True)
    _, attackers_refusal = post(article)  # the attacker's own browser, own cookie
    attackers_token = form_fields(parse(attackers_refusal))["csrfmiddlewaretoken"].get("value")
    victim.post(post_url(article), form_data(article))  # the victim now has a CSRF cookie of their own

    response = victim.post(post_url(article), form_data(article, csrfmiddlewaretoken=attackers_token))

    assert response.status_code == 403
    assert Comment.objects.count() == 0
