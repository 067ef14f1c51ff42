"""Who may keep a copy of each answer (Cache-Control), since when it is unchanged (Last-Modified), and 304s."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import parse_http_date

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_anonymous_pages_feeds_and_the_api_may_be_kept_by_anyone_for_a_short_time(client, article, story, settings):
    settings.NEWSDESK_HTTP_MAX_AGE = 45
    for url in ("/", article.get_absolute_url(), story.get_absolute_url(), "/source/", "/feed/", "/api/v1/articles"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert directives(response) == {"public", "max-age=45", "stale-while-revalidate=45"}, url
        assert "Cookie" in response["Vary"], url  # a reader with a session gets another answer


def test_pages_and_feeds_say_when_they_last_changed(client, article, story):
    newest = max(story.updated_at, article.discovered_at)
    front = client.get("/")
    assert parse_http_date(front["Last-Modified"]) == int(newest.timestamp())
    assert "Last-Modified" in client.get("/feed/")


def test_the_comment_form_shown_again_for_one_reader_carries_their_token_so_only_they_may_keep_it(article):
    reader = Client(enforce_csrf_checks=True)
    response = reader.post(reverse("comments:post", args=[article.pk]), {"name": "Ada"})  # no token, no Origin

    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "public" not in response.get("Cache-Control", "")
    assert "csrftoken" in response.cookies


def test_the_article_page_is_last_modified_by_its_newest_approved_comment(client, article, approved_comment):
    response = client.get(article.get_absolute_url())

    assert parse_http_date(response["Last-Modified"]) == int(approved_comment.approved_at.timestamp())


def test_a_reader_who_has_the_article_page_gets_304_until_it_changes(article, make_article, outlets):
    reader = Client()
    first = reader.get(article.get_absolute_url())

    again = reader.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    article.comments.create(name="Cy", email="cy@example.org", body="New.", status="approved")
    changed = reader.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Cy" in changed.content.decode()


def test_every_anonymous_reader_shares_the_article_pages_etag(article):
    """The page is the same for everyone (no token in it), so one reader's copy is good for another."""
    etag = Client().get(article.get_absolute_url())["ETag"]

    assert Client().get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_signed_in_staff_answers_are_never_stored(admin_client, article):
    for url in ("/", article.get_absolute_url(), "/admin/"):
        response = admin_client.get(url)
        assert {"private", "no-store"} <= directives(response), url  # the admin adds its own never_cache


def test_a_reader_with_a_session_gets_a_private_answer(client, article, story):
    client.cookies["sessionid"] = "whatever"
    assert directives(client.get(story.get_absolute_url())) == {"private", "no-cache"}


def test_api_lists_say_when_they_last_changed_stored_or_not(client, article, story, make_article, outlets):
    newest = make_article("newest", outlets[2], hours_ago=0)
    for _ in range(2):  # rendered, then the stored copy
        articles = client.get("/api/v1/articles")
        assert parse_http_date(articles["Last-Modified"]) == int(newest.discovered_at.timestamp())
        assert articles.json()["items"][0]["id"] == str(newest.pk)
        stories = client.get("/api/v1/stories")
        assert parse_http_date(stories["Last-Modified"]) == int(story.updated_at.timestamp())
