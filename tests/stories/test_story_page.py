"""The story page: headline, summary, every article, first reported by, timeline, related stories, why."""

from __future__ import annotations

import pytest

from newsdesk.articles.models import Article
from newsdesk.stories.models import Story
from tests.comments.pages import has_class, parse, text

pytestmark = pytest.mark.django_db

EVIDENCE = {"score": 0.8123, "similarity": 0.7342, "shared_terms": ["flood", "quay"], "shared_entities": ["brannoch"]}


@pytest.fixture
def storm(outlets, make_article, make_story):
    """Three outlets' reports of one storm; a fourth outlet runs the wire's copy."""
    gazette, wire, courier, ledger = outlets
    first = make_article(
        "gazette-storm",
        gazette,
        hours_ago=6,
        title="Storm Brannoch floods the quayside",
        summary="Storm Brannoch flooded the quayside overnight. Shops were shut.",
        summary_sentences=[
            {"text": "Storm Brannoch flooded the quayside overnight.", "position": 0},
            {"text": "Shops were shut.", "position": 3},
        ],
    )
    wire_report = make_article(
        "wire-storm", wire, hours_ago=4, title="Quayside under water after storm", cluster_evidence=EVIDENCE
    )
    copy = make_article(
        "ledger-copy",
        ledger,
        hours_ago=3,
        title="UPDATE 1-Quayside under water",
        duplicate_of=wire_report,
        cluster_evidence={"score": 1.0, "similarity": 0.99},
    )
    courier_report = make_article(
        "courier-storm", courier, hours_ago=1, title="Clean-up after Brannoch", story_pinned=True
    )
    return make_story(first, wire_report, copy, courier_report)


def page(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return parse(response)


def coverage_items(doc):
    return doc.xpath(f"//ol[{has_class('coverage-list')}]/li")


def test_story_page_shows_headline_counts_and_summary(client, storm):
    doc = page(client, storm)
    assert text(doc.xpath("//h1")[0]) == "Storm Brannoch floods the quayside"
    assert "3 outlets" in text(doc.xpath(f"//*[{has_class('outlet-count')}]")[0])
    assert "4 articles" in text(doc.xpath(f"//*[{has_class('article-count')}]")[0])
    section = doc.xpath(f"//section[{has_class('summary')}]")[0]
    summary = text(section)
    # Each sentence cites its article by its number in the coverage list, linking to the original.
    assert "Storm Brannoch flooded the quayside overnight. [1]" in summary
    assert "Shops were shut. [1]" in summary
    gazette = Article.objects.get(url_key="gazette-storm")
    assert set(section.xpath(f".//a[{has_class('cite')}][.='[1]']/@href")) == {gazette.original_url}


def test_first_reported_by_names_the_earliest_outlet(client, storm):
    first = Article.objects.get(url_key="gazette-storm")
    line = page(client, storm).xpath(f"//p[{has_class('first-reported')}]")[0]
    assert text(line).startswith("First reported by Harbour Gazette at")
    assert line.xpath(".//time/@datetime")[0] == first.published_at.isoformat()
    assert line.xpath(".//a/@href")[0] == first.source.get_absolute_url()


def test_every_original_is_listed_in_time_order_with_outlet_time_and_links(client, storm):
    items = coverage_items(page(client, storm))
    expected = list(
        Article.objects.filter(url_key__in=["gazette-storm", "wire-storm", "courier-storm"]).order_by("published_at")
    )
    assert [item.get("data-article-id") for item in items] == [str(a.id) for a in expected]
    for item, article in zip(items, expected):
        links = item.xpath(".//a/@href")
        assert article.get_absolute_url() in links
        assert article.original_url in links
        assert article.source.get_absolute_url() in links
        assert str(article.source) in text(item)
        assert item.xpath(".//time/@datetime")[0] == article.published_at.isoformat()


def test_duplicates_are_grouped_under_their_original(client, storm):
    wire_item = [i for i in coverage_items(page(client, storm)) if "Quayside under water after storm" in text(i)][0]
    copy = Article.objects.get(url_key="ledger-copy")
    also = wire_item.xpath(f".//*[{has_class('also-published')}]")[0]
    assert "Also published by" in text(also) and "Northern Ledger" in text(also)
    assert copy.get_absolute_url() in also.xpath(".//a/@href")
    assert copy.original_url in also.xpath(".//a/@href")


def test_why_is_this_article_here_shows_the_evidence(client, storm):
    items = coverage_items(page(client, storm))
    whys = [text(item.xpath(".//details[@class='why']")[0]) for item in items]
    assert "Why is this article here?" in whys[1]
    for shown in ("0.73", "0.81", "brannoch", "flood, quay"):
        assert shown in whys[1]
    assert "started the story" in whys[0]
    assert "An editor placed this article" in whys[2]


def test_timeline_has_a_bar_per_hour_of_coverage(client, storm):
    bars = page(client, storm).xpath(f"//ol[{has_class('timeline-bars')}]/li")
    assert len(bars) == 4  # 6, 4, 3 and 1 hours ago
    assert "Harbour Gazette" in text(bars[0]) and "1 article" in text(bars[0])
    assert all(bar.xpath(".//time/@datetime") for bar in bars)


def test_related_stories_share_key_terms(client, storm, outlets, make_article, make_story):
    features = {"terms": {"quayside": 1.0, "flood": 1.0}, "entities": ["brannoch"]}
    related = make_story(
        make_article(
            "ledger-insurance", outlets[3], hours_ago=2, title="Insurers count the cost of Brannoch", features=features
        )
    )
    unrelated = make_story(
        make_article(
            "courier-cup",
            outlets[2],
            hours_ago=2,
            title="Athletic reach cup final",
            features={"terms": {"cup": 1.0, "final": 1.0}, "entities": ["athletic"]},
        )
    )
    for article in storm.articles.all():
        article.features = {"terms": {"quayside": 2.0, "flood": 1.0, "shops": 1.0}, "entities": ["brannoch"]}
        article.save()
    storm.refresh_from_articles()

    section = page(client, storm).xpath(f"//section[{has_class('related')}]")[0]
    assert related.get_absolute_url() in section.xpath(".//a/@href")
    assert unrelated.get_absolute_url() not in section.xpath(".//a/@href")
    assert "brannoch" in text(section)


def test_related_stories_name_what_they_share_as_names_not_loose_words(
    client, storm, outlets, make_article, make_story
):
    port = {"terms": {"port": 1.0, "ellery": 1.0, "bridge": 1.0}, "entities": ["port ellery"]}
    related = make_story(
        make_article("ledger-bridge", outlets[3], hours_ago=2, title="Bridge shut in Port Ellery", features=port)
    )
    for article in storm.articles.all():
        article.features = {"terms": {"port": 1.0, "ellery": 1.0, "quayside": 1.0}, "entities": ["port ellery"]}
        article.save()
    storm.refresh_from_articles()

    items = page(client, storm).xpath(f"//section[{has_class('related')}]//li")
    shown = next(text(li) for li in items if related.get_absolute_url() in li.xpath(".//a/@href"))
    assert "shares port ellery" in shown
    assert "port, ellery" not in shown and "ellery, port" not in shown


def test_wrong_or_missing_slug_redirects_permanently(client, storm):
    for url in (f"/story/{storm.id}/an-old-headline/", f"/story/{storm.id}/"):
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == storm.get_absolute_url()
    assert storm.get_absolute_url() == f"/story/{storm.id}/storm-brannoch-floods-the-quayside/"


def test_unknown_or_empty_story_is_not_found(client, storm):
    empty = Story.objects.create()
    assert client.get(f"/story/{empty.id}/story/").status_code == 404
    assert client.get("/story/00000000-0000-0000-0000-000000000000/x/").status_code == 404


def test_feed_text_is_escaped(client, outlets, make_article, make_story):
    story = make_story(
        make_article(
            "xss",
            outlets[0],
            title="<script>alert(1)</script> headline",
            cluster_evidence={"shared_terms": ["<b>bold</b>"]},
        )
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; headline" in html
    assert "<b>bold</b>" not in html
