"""End to end: a feed on a real local server -> `sources add` -> `ingest --once` -> the published page.

The fixture outlet is built from the seed page's own text; the published page must show every element
the seed shows.
"""

import re

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.sources.models import Source
from tests.support.seed import ORIGINAL_URL, article_page, load_seed, rss_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return load_seed()


@pytest.fixture
def seed_outlet(http_server, seed):
    page_url = http_server.url("/daily-news/isis-head-killed.html")
    http_server.route("/daily-news/isis-head-killed.html", article_page(seed, page_url))
    http_server.route("/feed.xml", rss_feed(seed, page_url), content_type="application/rss+xml")
    return http_server


def ingest_seed(server, *extra_add_args):
    call_command("sources", "add", server.url("/feed.xml"), *extra_add_args)
    call_command("ingest", "--once")
    return Article.objects.get()


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_published_page_shows_every_element_of_the_seed(client, seed_outlet, seed):
    article = ingest_seed(seed_outlet, "--republish-full-text")
    assert article.status == Article.Status.READY

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(html)

    assert f"<h1>{seed.title}</h1>" in html
    assert re.search(r'class="comment-count"[^>]*>0</a>', html), "the comment count shows 0"
    assert str(article.id) in text
    # A summary paragraph of 3-5 sentences, each one a sentence of the article.
    assert 3 <= len(article.summary_sentences) <= 5
    body = " ".join(seed.paragraphs)
    for sentence in article.summary_sentences:
        assert sentence["text"] in body
        assert sentence["text"] in text
    main = visible_text(html.split("<article", 1)[1].split("</article>", 1)[0])
    for paragraph in seed.paragraphs:  # full text: this source allows republishing; the summary not repeated
        for sentence in split_sentences(paragraph):
            assert main.count(sentence) == 1, sentence
    assert f'Original Source: <a href="{ORIGINAL_URL}" rel="noopener">www.military.com</a>' in html
    assert seed.source_domain == "www.military.com"
    assert "15 March 2025" in text
    assert "Military.com Daily News" in text  # the outlet
    assert "Leave a Reply" in text
    assert "Your email address will not be published. Required fields are marked *" in text
    for boilerplate in ("Subscribe to our newsletter", "Five things to know", "All rights reserved"):
        assert boilerplate not in text


def test_without_republish_permission_the_page_shows_summary_first_paragraph_and_link(client, seed_outlet, seed):
    article = ingest_seed(seed_outlet)
    text = visible_text(client.get(article.get_absolute_url()).content.decode())

    for sentence in split_sentences(seed.paragraphs[0]):  # in the summary or the excerpt, once
        assert text.count(sentence) == 1, sentence
    summary = {s["text"] for s in article.summary_sentences}
    assert summary and all(sentence in text for sentence in summary)
    # Beyond the first paragraph, only the sentences our summary quotes appear on the page.
    withheld = [s for p in seed.paragraphs[1:] for s in split_sentences(p) if s not in summary]
    assert withheld
    for sentence in withheld:
        assert sentence not in text
    assert "read it at the original source" in text
    assert "Original Source:" in text and "www.military.com" in text


def test_ingesting_the_same_feed_twice_stores_each_article_once(seed_outlet):
    first = ingest_seed(seed_outlet)
    call_command("ingest", "--once")
    call_command("ingest", "--once")
    assert Article.objects.count() == 1
    assert Article.objects.get().id == first.id


def test_one_article_listed_twice_with_tracking_parameters_is_stored_once(http_server, seed):
    page_url = http_server.url("/daily-news/isis-head-killed.html")
    http_server.route("/daily-news/isis-head-killed.html", article_page(seed, page_url))
    again = f"<item><title>Again</title><link>{page_url}?utm_source=rss&amp;utm_medium=feed&amp;fbclid=x</link></item>"
    http_server.route("/feed.xml", rss_feed(seed, page_url, extra_items=again), content_type="application/rss+xml")
    ingest_seed(http_server)
    assert Article.objects.count() == 1


def test_article_id_is_stable_across_a_fresh_reingest(seed_outlet):
    first_id = ingest_seed(seed_outlet).id
    Source.objects.all().delete()
    assert Article.objects.count() == 0
    assert ingest_seed(seed_outlet).id == first_id


def test_old_slug_redirects_to_the_article_address(client, seed_outlet):
    article = ingest_seed(seed_outlet)
    response = client.get(f"/article/{article.id}/some-old-headline/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_front_page_and_source_page_list_the_article(client, seed_outlet, seed):
    article = ingest_seed(seed_outlet)
    for url in ("/", article.source.get_absolute_url()):
        html = client.get(url).content.decode()
        assert seed.title in html
        assert article.get_absolute_url() in html
