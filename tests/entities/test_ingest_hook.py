"""Ingest analyses what it stored: a feed on a real local server -> `ingest --once` -> key facts on the page."""

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.entities.models import ArticleAnalysis, Entity
from tests.support.seed import article_page, load_seed, rss_feed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_outlet(http_server):
    seed = load_seed()
    page_url = http_server.url("/daily-news/isis-head-killed.html")
    http_server.route("/daily-news/isis-head-killed.html", article_page(seed, page_url))
    http_server.route("/feed.xml", rss_feed(seed, page_url), content_type="application/rss+xml")
    return http_server


def test_ingest_once_analyses_the_articles_it_stored(client, seed_outlet):
    call_command("sources", "add", seed_outlet.url("/feed.xml"), "--republish-full-text")
    call_command("ingest", "--once")
    article = Article.objects.get()
    analysis = ArticleAnalysis.objects.get(article=article)
    assert analysis.status == ArticleAnalysis.Status.DONE
    assert analysis.key_facts["when"]["date"] == "2025-03-14"  # "on Friday", published Saturday 15 March
    assert Entity.objects.filter(name="Abdallah Maki Mosleh al-Rifai", article_count=1).exists()
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        'class="key-facts"' in html and "Abu Khadija" not in html.split('class="key-facts"')[1].split("</section>")[0]
    )


def test_ingest_leaves_analysis_off_when_entities_are_off(seed_outlet, settings):
    settings.NEWSDESK_ENTITIES = False
    call_command("sources", "add", seed_outlet.url("/feed.xml"))
    call_command("ingest", "--once")
    assert Article.objects.published().count() == 1
    assert not ArticleAnalysis.objects.exists()


def test_ingest_can_leave_analysis_to_its_own_stage(seed_outlet):
    call_command("sources", "add", seed_outlet.url("/feed.xml"))
    call_command("ingest", "--once", "--no-entities")
    assert Article.objects.published().count() == 1
    assert not ArticleAnalysis.objects.exists()
    call_command("understand")
    assert ArticleAnalysis.objects.get().status == ArticleAnalysis.Status.DONE


@pytest.mark.django_db(transaction=True)  # the analyst closes its thread's stale connections, as it should
def test_the_background_analyst_analyses_what_the_poller_stored(seed_outlet):
    from newsdesk.ingest.runner import ingest_once
    from newsdesk.ingest.scheduler import Scheduler

    call_command("sources", "add", seed_outlet.url("/feed.xml"))
    ingest_once()  # the poller's round: it stores, and leaves the analysis to the analyst
    assert not ArticleAnalysis.objects.exists()
    scheduler = Scheduler()
    assert scheduler.analyse_round() == 1
    assert ArticleAnalysis.objects.get().status == ArticleAnalysis.Status.DONE
    assert scheduler.analyse_round() == 0
