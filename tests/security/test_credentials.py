"""A feed URL's ``user:password@`` never reaches the public: pages, feeds, the API, the export. Staff see it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from newsdesk.articles.management.commands.export import exported
from newsdesk.articles.models import Article
from newsdesk.pipeline.credentials import without_credentials
from newsdesk.sources.models import Source

SECRET = "s3cret-feed-pass"
USER = "subscriber-ed"


@pytest.fixture
def private_feed(db, make_article, make_story):
    source = Source.objects.create(
        url=f"https://{USER}:{SECRET}@feeds.ledger.example/members.xml",
        site_url=f"https://{USER}:{SECRET}@www.ledger.example/",
        title="The Ledger",
    )
    # A link in such a feed, resolved against the feed's address, inherits its credentials.
    article = make_article(
        "paid-1",
        source,
        url=f"https://{USER}:{SECRET}@www.ledger.example/news/paid-1",
        canonical_url=f"https://{USER}:{SECRET}@www.ledger.example/news/paid-1",
    )
    other = make_article("paid-2", source, url=f"https://{USER}:{SECRET}@www.ledger.example/news/paid-2")
    make_story(article, other)
    article.refresh_from_db()
    return source, article


def public_addresses(source, article):
    return [
        reverse("sources:list"),
        source.get_absolute_url(),
        article.get_absolute_url(),
        article.story.get_absolute_url(),
        reverse("articles:feed"),
        reverse("articles:feed-atom"),
        reverse("sources:feed", args=[source.pk]),
        reverse("sources:feed-atom", args=[source.pk]),
        reverse("stories:feed", args=[article.story_id]),
        "/api/v1/sources",
        f"/api/v1/sources/{source.pk}",
        "/api/v1/articles",
        f"/api/v1/articles/{article.pk}",
        f"/api/v1/stories/{article.story_id}",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ]


def test_no_public_page_feed_or_api_answer_shows_the_credentials(client, private_feed):
    source, article = private_feed
    for address in public_addresses(source, article):
        response = client.get(address, follow=True)
        body = response.content.decode()
        assert response.status_code == 200, address
        assert SECRET not in body and USER not in body, address


def test_the_public_still_sees_where_the_feed_and_articles_are(client, private_feed):
    source, article = private_feed
    api = client.get(f"/api/v1/sources/{source.pk}").json()
    assert api["feed_url"] == "https://feeds.ledger.example/members.xml"
    assert api["site_url"] == "https://www.ledger.example/"
    assert client.get(f"/api/v1/articles/{article.pk}").json()["url"] == "https://www.ledger.example/news/paid-1"
    assert 'href="https://www.ledger.example/news/paid-1"' in client.get(article.get_absolute_url()).content.decode()


def test_the_export_carries_no_credentials(private_feed):
    _, article = private_feed
    record = json.dumps(exported(Article.objects.select_related("source").get(pk=article.pk)))
    assert SECRET not in record and USER not in record
    assert "https://www.ledger.example/news/paid-1" in record


def test_the_fetcher_keeps_them(private_feed):
    source, article = private_feed
    source.refresh_from_db()
    article.refresh_from_db()
    assert SECRET in source.url and SECRET in article.url  # what is fetched is unchanged


def test_staff_see_the_stored_url_in_the_admin(admin_client, private_feed):
    source, _ = private_feed
    page = admin_client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert SECRET in page.content.decode()


@pytest.mark.parametrize(
    ("url", "public"),
    [
        ("https://a:b@host.example/x?q=1#f", "https://host.example/x?q=1#f"),
        ("https://a@host.example:8443/", "https://host.example:8443/"),
        ("https://a:b@c@host.example/", "https://host.example/"),
        ("https://host.example/@someone", "https://host.example/@someone"),
        ("mailto:ed@example.org", "mailto:ed@example.org"),
        ("", ""),
    ],
)
def test_without_credentials(url, public):
    assert without_credentials(url) == public
