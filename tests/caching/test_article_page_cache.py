"""The stored article page: one query to serve, public (no CSRF token), comments never stale."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from newsdesk.comments.models import Comment
from newsdesk.comments.spam import issue_token
from newsdesk.web import pagecache
from tests.comments.pages import comment_count_heading, form_fields, parse

pytestmark = pytest.mark.django_db

FROM_OUR_PAGE = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends with a form posted from our page


def comment_form(article, **fields) -> dict:
    data = {
        "name": "Ada",
        "email": "ada@example.org",
        "website": "",
        "body": "A thoughtful comment.",
        "parent": "",
        "homepage": "",
        "issued": issue_token(article.pk, now=time.time() - 60),
    }
    return {**data, **fields}


def test_a_stored_article_page_is_answered_with_one_query(client, article, approved_comment, django_assert_num_queries):
    first = client.get(article.get_absolute_url()).content.decode()
    with django_assert_num_queries(1):  # the page's stamp
        again = client.get(article.get_absolute_url()).content.decode()

    assert "Well done." in again
    assert again.split('name="issued"')[0] == first.split('name="issued"')[0]


def test_the_article_page_is_the_same_for_every_reader_so_shared_caches_may_keep_it(article):
    ada, bea = Client(), Client()
    ada_page, bea_page = ada.get(article.get_absolute_url()), bea.get(article.get_absolute_url())

    for page in (ada_page, bea_page):
        assert "csrfmiddlewaretoken" not in page.content.decode()
        assert not page.cookies  # no CSRF cookie, no session: nothing that would make the answer private
        assert "public" in page["Cache-Control"]
    stored = cache.get(f"page:article:{article.pk}")
    assert pagecache.ISSUED_PLACEHOLDER in stored.html
    assert pagecache.ISSUED_PLACEHOLDER not in ada_page.content.decode()
    assert ada_page["ETag"] == bea_page["ETag"]


def test_the_form_token_is_issued_per_answer_so_the_minimum_time_still_holds(article, settings):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 30
    reader = Client(enforce_csrf_checks=True)
    reader.get(article.get_absolute_url())  # stores the page
    page = reader.get(article.get_absolute_url())  # answered from the stored copy
    issued = form_fields(parse(page))["issued"].get("value")

    response = reader.post(
        reverse("comments:post", args=[article.pk]), comment_form(article, issued=issued), headers=FROM_OUR_PAGE
    )

    assert "could not be sent" in response.content.decode()  # posted at once: too fast, refused
    assert Comment.objects.count() == 0


def test_a_comment_can_be_posted_from_a_stored_page_with_csrf_enforced(article):
    reader = Client(enforce_csrf_checks=True)
    reader.get(article.get_absolute_url())
    reader.get(article.get_absolute_url())

    response = reader.post(reverse("comments:post", args=[article.pk]), comment_form(article), headers=FROM_OUR_PAGE)

    assert response.status_code == 303
    assert Comment.objects.get().body == "A thoughtful comment."


def test_an_approved_comment_is_on_the_very_next_answer_even_when_approved_in_bulk(client, article):
    held = Comment.objects.create(
        article=article, name="Cy", email="cy@example.org", body="Held one.", status=Comment.Status.PENDING
    )
    assert comment_count_heading(parse(client.get(article.get_absolute_url()))) == "0 comments"

    # The admin's "approve" action is a bulk UPDATE: no signal, no save(); the stamp still sees it.
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.APPROVED)

    page = client.get(article.get_absolute_url())
    assert comment_count_heading(parse(page)) == "1 comment"
    assert "Held one." in page.content.decode()


def test_a_comment_taken_down_disappears_on_the_next_answer(client, article, approved_comment):
    assert "Well done." in client.get(article.get_absolute_url()).content.decode()

    Comment.objects.filter(pk=approved_comment.pk).update(status=Comment.Status.SPAM)

    assert "Well done." not in client.get(article.get_absolute_url()).content.decode()


def test_a_stored_page_answers_an_old_slug_with_a_redirect(client, article):
    client.get(article.get_absolute_url())

    response = client.get(reverse("articles:detail", args=[article.pk, "old-headline"]))

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_a_comment_posted_or_an_article_published_is_on_the_front_page_at_the_next_request(
    client, article, outlets, make_article, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        assert "0 comments" in client.get("/").content.decode()  # the stored copy

    Comment.objects.create(article=article, name="Cy", email="cy@example.org", body="New.", status="approved")
    assert "1 comments" in client.get("/").content.decode()
    make_article("fresh", outlets[1], hours_ago=0, title="Ferry service resumes")
    assert "Ferry service resumes" in client.get("/").content.decode()


def test_front_page_counts_changed_in_bulk_are_at_most_page_cache_seconds_old(client, article, settings, cache_clock):
    settings.NEWSDESK_PAGE_CACHE_SECONDS = 1
    held = Comment.objects.create(article=article, name="Cy", email="cy@example.org", body="New.", status="pending")
    assert "0 comments" in client.get("/").content.decode()
    Comment.objects.filter(pk=held.pk).update(status="approved")  # the admin's bulk approve: no signal

    cache_clock.advance(0.9)
    assert "0 comments" in client.get("/").content.decode()  # the stored front page, under a second old
    cache_clock.advance(0.2)
    assert "1 comments" in client.get("/").content.decode()


def test_a_stored_story_page_is_answered_with_one_query_until_the_story_changes(
    client, story, outlets, make_article, django_assert_num_queries
):
    client.get(story.get_absolute_url())
    with django_assert_num_queries(1):
        assert "Storm report 0" in client.get(story.get_absolute_url()).content.decode()

    late = make_article("story-late", outlets[3], hours_ago=0, title="Storm report, the morning after")
    type(late).objects.filter(pk=late.pk).update(story=story)
    story.refresh_from_articles()  # what ingest and the admin do after articles join

    assert "the morning after" in client.get(story.get_absolute_url()).content.decode()


def test_api_lists_are_stored_and_renewed_when_a_comment_is_posted(
    client, article, approved_comment, django_assert_num_queries
):
    url = f"/api/v1/articles/{article.pk}/comments"
    assert len(client.get(url).json()["items"]) == 1
    client.get("/api/v1/articles")
    with django_assert_num_queries(0):
        assert len(client.get(url).json()["items"]) == 1
    with django_assert_num_queries(0):
        assert client.get("/api/v1/articles").json()["items"][0]["id"] == str(article.pk)

    Comment.objects.create(article=article, name="Cy", email="cy@example.org", body="Later.", status="approved")
    assert len(client.get(url).json()["items"]) == 2
