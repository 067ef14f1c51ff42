"""The comment count: approved comments only, on the article, front and source pages, without N+1 queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.articles.models import article_id_for
from newsdesk.comments.models import Comment
from tests.comments.pages import comment_count_heading, parse, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_comments(article, make_comment):
    make_comment(article, status=Comment.Status.APPROVED)
    make_comment(article, status=Comment.Status.APPROVED)
    make_comment(article, status=Comment.Status.PENDING)
    make_comment(article, status=Comment.Status.SPAM)


def front_page_count(doc, article) -> str:
    item = doc.xpath(f"//ul[@class='article-list']/li[.//a[@href='{article.get_absolute_url()}']]")[0]
    return text(item.xpath(".//p[@class='meta']/span[last()]")[0])


def test_article_page_counts_only_approved_comments(client, article, mixed_comments):
    doc = parse(client.get(article.get_absolute_url()))

    assert comment_count_heading(doc) == "2 comments"
    assert text(doc.xpath("//a[@class='comment-count']")[0]) == "2"


def test_front_and_source_pages_count_only_approved_comments(client, article, mixed_comments):
    assert front_page_count(parse(client.get("/")), article) == "2 comments"
    assert front_page_count(parse(client.get(article.source.get_absolute_url())), article) == "2 comments"


def test_count_heading_is_singular_for_one_comment(client, article, make_comment):
    make_comment(article)

    assert comment_count_heading(parse(client.get(article.get_absolute_url()))) == "1 comment"


def test_comment_count_tag_uses_the_annotation_when_present(article, make_comment):
    make_comment(article)
    article.approved_comment_count = 41

    with CaptureQueriesContext(connection) as queries:
        rendered = Template("{% load comments %}{% comment_count article %}").render(Context({"article": article}))

    assert rendered == "41"
    assert len(queries) == 0


def test_comment_count_tag_queries_without_the_annotation(article, make_comment):
    make_comment(article)

    assert Template("{% load comments %}{% comment_count article %}").render(Context({"article": article})) == "1"


def test_front_page_query_count_does_not_grow_with_articles(client, make_article, make_comment, settings):
    settings.NEWSDESK_PAGE_CACHE_SECONDS = 0  # count the queries of rendering, not of a stored copy
    make_comment(make_article("story-1", "One"))
    with CaptureQueriesContext(connection) as one_article:
        client.get("/")
    for n in range(2, 6):
        make_comment(make_article(f"story-{n}", f"Story {n}"))

    with CaptureQueriesContext(connection) as five_articles:
        client.get("/")

    assert len(five_articles) == len(one_article)


def test_front_page_keeps_newest_first_with_the_count_annotation(client, make_article, make_comment):
    # Dates chosen so newest-first differs from both id order and insertion order: a page whose query
    # lost its ordering (Django drops Meta.ordering under GROUP BY) would list them differently.
    keys = sorted(["story-a", "story-b", "story-c", "story-d"], key=lambda key: str(article_id_for(key)))
    now = timezone.now()
    for key, days_ago in zip(keys, [2, 0, 3, 1]):
        article = make_article(key, f"Story {days_ago} days old")
        article.published_at = now - timedelta(days=days_ago)
        article.save()
        make_comment(article)

    titles = [text(a) for a in parse(client.get("/")).xpath("//ul[@class='article-list']/li/h2/a")]

    assert titles == ["Story 0 days old", "Story 1 days old", "Story 2 days old", "Story 3 days old"]
