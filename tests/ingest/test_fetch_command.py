import pytest
from django.core.management import CommandError, call_command

from newsdesk.articles.models import Article
from newsdesk.ingest.runner import ingest_once
from newsdesk.sources.models import Source
from tests.ingest.test_failures import page

pytestmark = pytest.mark.django_db


def test_fetch_stores_a_single_article_url(http_server, capsys):
    http_server.route("/story.html", page("A single story"))
    call_command("fetch", http_server.url("/story.html?utm_source=newsletter"))

    article = Article.objects.get()
    assert article.status == Article.Status.READY and article.title == "A single story"
    assert article.canonical_url == http_server.url("/story.html")
    assert article.source.kind == Source.Kind.PAGES
    assert f"Stored: A single story {article.get_absolute_url()}" in capsys.readouterr().out

    call_command("fetch", http_server.url("/story.html"))
    assert Article.objects.count() == 1
    assert "Already stored" in capsys.readouterr().out
    assert ingest_once().sources_polled == 0  # the page source is not polled as a feed


def test_fetch_reports_the_reason_and_fails_for_a_page_that_is_not_an_article(http_server):
    http_server.route("/tiny.html", "<html><body><p>Hello.</p></body></html>")
    with pytest.raises(CommandError, match="1 of 1 URL"):
        call_command("fetch", http_server.url("/tiny.html"))
    assert Article.objects.get().status == Article.Status.SKIPPED


def test_fetch_rejects_a_non_url():
    with pytest.raises(CommandError, match="not an http"):
        call_command("fetch", "ftp://example.com/file")
