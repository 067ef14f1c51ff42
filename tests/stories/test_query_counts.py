"""The front page and story page cost a fixed number of queries, however many stories and articles."""

from __future__ import annotations

import pytest

from newsdesk.stories.models import Story

pytestmark = pytest.mark.django_db

FRONT_PAGE_QUERIES = 4  # story count, page of stories, their first articles, articles not in a story
# the story, its articles with their outlets, related-story candidates, the articles' analyses (key facts)
STORY_PAGE_QUERIES = 4


@pytest.fixture
def newsroom(outlets, make_article, make_story):
    """Twelve stories of four articles (one a copy) across four outlets, and five articles in no story."""
    for s in range(12):
        articles = [
            make_article(
                f"s{s}-a{n}",
                outlets[n],
                hours_ago=s + n / 10,
                title=f"Story {s} article {n}",
                features={"terms": {"storm": 1.0, f"t{s}": 1.0}, "entities": ["brannoch"]},
            )
            for n in range(3)
        ]
        articles.append(
            make_article(
                f"s{s}-copy",
                outlets[3],
                hours_ago=s + 0.5,
                duplicate_of=articles[0],
                cluster_evidence={"similarity": 0.9, "shared_terms": ["storm"]},
            )
        )
        make_story(*articles)
    for n in range(5):
        make_article(f"loose-{n}", outlets[n % 4], hours_ago=n)


def test_front_page_query_count_is_bounded(client, newsroom, django_assert_max_num_queries):
    with django_assert_max_num_queries(FRONT_PAGE_QUERIES):
        response = client.get("/")
    assert response.content.decode().count('data-story-id="') == 12


def test_story_page_query_count_is_bounded(client, newsroom, django_assert_max_num_queries):
    story = Story.objects.ranked().first()
    with django_assert_max_num_queries(STORY_PAGE_QUERIES):
        response = client.get(story.get_absolute_url())
    html = response.content.decode()
    assert html.count("Why is this article here?") == 3
    assert "Related stories" in html


def test_refresh_from_articles_costs_three_queries_however_big_the_story(newsroom, django_assert_num_queries):
    story = Story.objects.ranked().first()
    with django_assert_num_queries(3):  # the articles, the first originals' features, the save
        story.refresh_from_articles()
