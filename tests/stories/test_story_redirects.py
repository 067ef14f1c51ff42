"""A story merged into another keeps its address: its page, feeds and API answer redirect to the survivor.

(A merge on the clusterer's second thoughts: ``tests/ingest/test_story_second_thoughts.py``.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.articles.models import Article
from newsdesk.stories.models import Story, StoryRedirect
from newsdesk.stories.services import merge_stories, move_articles, split_articles

pytestmark = pytest.mark.django_db

STORIES = reverse("admin:stories_story_changelist")


@pytest.fixture
def stories(outlets, make_article, make_story):
    """Stories of one, two and four articles: a merge keeps the one with the most."""

    def story(name, size, hours_ago):
        return make_story(
            *(
                make_article(f"{name}-{n}", outlets[n % 4], hours_ago=hours_ago - n / 10, title=f"{name.title()} story")
                for n in range(size)
            )
        )

    return story("small", 1, 9), story("middle", 2, 8), story("big", 4, 7)


def old_address(story: Story) -> str:
    return f"/story/{story.pk}/{story.slug}/"


def assert_moved_to(response, url: str) -> None:
    assert (response.status_code, response["Location"]) == (301, url)


def test_an_editors_merge_in_the_admin_keeps_the_old_address_alive(client, admin_client, stories):
    small, middle, _ = stories
    admin_client.post(STORIES, {"action": "merge", "_selected_action": [small.pk, middle.pk], "index": 0})
    assert not Story.objects.filter(pk=small.pk).exists()
    middle.refresh_from_db()

    assert_moved_to(client.get(old_address(small)), middle.get_absolute_url())
    assert_moved_to(client.get(f"/story/{small.pk}/"), middle.get_absolute_url())
    assert_moved_to(admin_client.get(old_address(small)), middle.get_absolute_url())  # a signed-in reader too
    page = client.get(old_address(small), follow=True)
    assert page.status_code == 200 and "Middle story" in page.content.decode()


def test_the_feeds_and_the_api_of_a_merged_story_redirect_too(client, stories):
    small, middle, _ = stories
    merge_stories([small, middle])

    assert_moved_to(client.get(f"/story/{small.pk}/feed/"), f"/story/{middle.pk}/feed/")
    assert_moved_to(client.get(f"/story/{small.pk}/feed/atom/"), f"/story/{middle.pk}/feed/atom/")
    assert_moved_to(client.get(f"/api/v1/stories/{small.pk}"), f"/api/v1/stories/{middle.pk}")
    assert client.get(f"/api/v1/stories/{small.pk}", follow=True).json()["article_count"] == 3


def test_a_chain_of_merges_redirects_straight_to_the_last_survivor(client, stories):
    small, middle, big = stories
    merge_stories([small, middle])
    merge_stories([middle, big])
    big.refresh_from_db()

    for merged in (small, middle):
        assert_moved_to(client.get(old_address(merged)), big.get_absolute_url())  # one hop, not two
    assert set(StoryRedirect.objects.values_list("old_story", "new_story")) == {(small.pk, big.pk), (middle.pk, big.pk)}


def test_a_story_brought_back_stops_redirecting_and_no_loop_forms(client, stories):
    small, middle, _ = stories
    merge_stories([small, middle])
    first = Article.objects.get(url_key="small-0")
    back = split_articles([first])  # the same first article: the same story ID, alive again
    assert back.pk == small.pk
    back.refresh_from_db()
    assert client.get(back.get_absolute_url()).status_code == 200

    move_articles(Article.objects.filter(story=middle), back)  # the other way now: middle into ``back``
    back.refresh_from_db()
    assert_moved_to(client.get(old_address(middle)), back.get_absolute_url())
    assert client.get(back.get_absolute_url()).status_code == 200
    assert set(StoryRedirect.objects.values_list("old_story", "new_story")) == {(middle.pk, back.pk)}


def test_moving_every_article_out_of_a_story_redirects_it_and_a_partial_move_does_not(client, stories):
    small, middle, big = stories
    move_articles(Article.objects.filter(url_key="middle-0"), big)
    assert client.get(old_address(middle)).status_code == 200  # still standing with its other article
    move_articles(Article.objects.filter(story=small), big)
    big.refresh_from_db()
    assert_moved_to(client.get(old_address(small)), big.get_absolute_url())


def test_a_gone_story_never_merged_and_a_survivor_since_deleted_are_not_found(client, stories):
    small, middle, _ = stories
    assert client.get("/story/00000000-0000-0000-0000-000000000000/x/").status_code == 404
    merge_stories([small, middle])
    Article.objects.filter(story=middle).delete()
    Story.objects.filter(pk=middle.pk).delete()
    assert client.get(old_address(small)).status_code == 404
    assert client.get(f"/story/{small.pk}/feed/").status_code == 404
    assert client.get(f"/api/v1/stories/{small.pk}").status_code == 404
