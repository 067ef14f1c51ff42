"""An article page links to its story."""

from __future__ import annotations

import pytest

from tests.comments.pages import has_class, parse, text

pytestmark = pytest.mark.django_db


def story_link(client, article):
    return parse(client.get(article.get_absolute_url())).xpath(f"//p[{has_class('story-link')}]/a")


def test_article_page_links_to_its_story_with_the_outlet_count(client, outlets, make_article, make_story):
    article = make_article("a", outlets[0])
    story = make_story(article, make_article("b", outlets[1]), make_article("c", outlets[2]))

    link = story_link(client, article)[0]
    assert link.get("href") == story.get_absolute_url()
    assert text(link) == "Part of a story covered by 3 outlets"


def test_one_outlet_is_singular(client, outlets, make_article, make_story):
    article = make_article("a", outlets[0])
    make_story(article)
    assert text(story_link(client, article)[0]) == "Part of a story covered by 1 outlet"


def test_article_without_a_story_has_no_story_link(client, outlets, make_article):
    assert story_link(client, make_article("a", outlets[0])) == []
