"""`newsdesk demo` files the bundled newsroom into the stories it was written to have (``newsroom/events.json``).

The demo is the first thing a new user sees: a story that mixes two events (a pay deal inside a storm) tells
them the desk cannot be trusted. The demo runs offline, as ``newsdesk demo`` does, on the test database.
"""

from collections import defaultdict
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from newsdesk.articles.models import Article
from newsdesk.demo.transport import load_events
from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.datelines import without_dateline

pytestmark = pytest.mark.django_db

STORM = "https://www.metro-wire.example/news/storm-brannoch-cuts-power-closes-railway.html"
PAY_DEAL = "https://www.metro-wire.example/news/train-drivers-accept-pay-deal.html"


def canonical(url: str) -> str:
    """The article's URL without its query: one feed links its article with tracking parameters."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def filed_stories() -> list[list[str]]:
    """The desk's grouping: each story's articles, an article with no story on its own."""
    stories = defaultdict(list)
    for article in Article.objects.all():
        stories[article.story_id or f"loose {article.pk}"].append(canonical(article.url))
    return sorted(sorted(urls) for urls in stories.values())


def test_every_demo_story_holds_exactly_the_articles_of_one_event():
    call_command("demo", "--no-serve")

    intended = sorted(sorted(event.articles) for event in load_events())
    assert filed_stories() == intended


def test_the_storm_story_has_no_pay_deal_in_its_articles_or_its_summary():
    call_command("demo", "--no-serve")

    storm = Article.objects.get(url=STORM).story
    pay_deal = Article.objects.get(url=PAY_DEAL)
    assert storm is not None
    assert PAY_DEAL not in {canonical(a.url) for a in storm.articles.all()}
    assert storm.summary_sentences, "the storm story should have a summary to check"
    assert str(pay_deal.pk) not in {s["article"] for s in storm.summary_sentences}
    assert str(pay_deal.pk) not in {cited for s in storm.summary_sentences for cited in s.get("cites", ())}
    for sentence in split_sentences(pay_deal.text):
        # A summary quotes a report's first sentence without its dateline.
        assert without_dateline(sentence) not in storm.summary, sentence
