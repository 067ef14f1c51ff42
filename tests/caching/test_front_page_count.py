"""The front page keeps its story count for minutes (a full scan at scale), but never shows fewer stories for it."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_the_first_stories_show_although_the_kept_count_is_from_before_them(
    client, outlets, make_article, make_story, settings
):
    settings.NEWSDESK_PAGE_CACHE_SECONDS = 30
    assert client.get("/").status_code == 200  # an empty site: the count kept is 0
    story = make_story(
        make_article("first", outlets[0], title="Ferry returns to Eastcliff"),
        make_article("second", outlets[1], title="Eastcliff ferry is back"),
    )
    assert cache.get("count:ranked-stories") == 0  # still kept: counting again costs a scan at scale
    html = client.get("/").content.decode()
    assert story.headline in html
