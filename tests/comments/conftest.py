"""Fixtures for the comment tests: articles made with the ORM, a helper that posts the form, and a browser."""

from __future__ import annotations

import os
import time

import pytest
from django.urls import reverse

from newsdesk.articles.models import Article, article_id_for
from newsdesk.comments.models import Comment
from newsdesk.comments.spam import issue_token
from newsdesk.sources.models import Source

CHROMIUM = "/usr/bin/chromium"
SECRET_EMAIL = "secret-commenter-7f3a@example.org"


@pytest.fixture(autouse=True)
def no_minimum_time(settings):
    """Posting instantly is fine unless a test is about the minimum time (it sets its own value)."""
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 0


@pytest.fixture
def source(db):
    return Source.objects.create(url="https://news.example.org/feed.xml", title="Example News")


@pytest.fixture
def make_article(source):
    def make(key="story-1", title="Rivers rise after a week of rain"):
        return Article.objects.create(
            id=article_id_for(key),
            url_key=key,
            source=source,
            url=f"https://news.example.org/{key}",
            title=title,
            text="Para one.\n\nPara two.",
            status=Article.Status.READY,
            summary="Rivers rose across the region.",
            summary_sentences=[{"text": "Rivers rose across the region.", "position": 0}],
        )

    return make


@pytest.fixture
def article(make_article):
    return make_article()


def form_data(article, **fields) -> dict:
    """A valid submission, as a person would send it: a token issued a minute ago, honeypot empty."""
    data = {
        "name": "Ada",
        "email": "ada@example.org",
        "website": "",
        "body": "A thoughtful comment.",
        "parent": "",
        "homepage": "",
        "issued": issue_token(article.pk, now=time.time() - 60),
    }
    data.update(fields)
    return data


def post_url(article) -> str:
    return reverse("comments:post", args=[article.pk])


@pytest.fixture
def post_comment(client):
    """Post the comment form for ``article`` with the given fields; returns the response."""

    def post(article, follow=False, **fields):
        return client.post(post_url(article), form_data(article, **fields), follow=follow)

    return post


@pytest.fixture
def make_comment():
    """A comment stored directly, approved unless told otherwise."""

    def make(article, **fields):
        values = {"name": "Bea", "email": "bea@example.org", "body": "Stored comment."}
        values.update(fields)
        values.setdefault("status", Comment.Status.APPROVED)
        return Comment.objects.create(article=article, **values)

    return make


# --- Browser ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium; without it the browser tests skip locally but fail on CI (CI=true)."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`."
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def browser_page(chromium_path):
    """A fresh Chromium page (no internet needed: Playwright drives the system browser)."""
    from playwright.sync_api import sync_playwright  # imported here so the other tests never load it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_context().new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


@pytest.fixture
def superuser(transactional_db, django_user_model):
    password = "moderator-password-1"
    user = django_user_model.objects.create_superuser("moderator", "moderator@example.org", password)
    user.raw_password = password
    return user
