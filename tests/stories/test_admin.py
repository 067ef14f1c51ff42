"""Editors' story decisions in the admin: merge stories, move articles, split articles into a new story.

Each pins the moved articles, records an EditorDecision per article and refreshes the stories involved.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.articles.models import Article
from newsdesk.stories.models import EditorDecision, Story, story_id_for
from tests.comments.pages import parse, text

pytestmark = pytest.mark.django_db

STORIES = reverse("admin:stories_story_changelist")
ARTICLES = reverse("admin:articles_article_changelist")


def run_action(admin_client, url, action, objects, **extra):
    data = {"action": action, "_selected_action": [o.pk for o in objects], "index": 0, **extra}
    return admin_client.post(url, data, follow=True)


def confirm_move(admin_client, articles, **fields):
    """The second step of "Move to story…": the intermediate page's form, posted back."""
    data = {"action": "move_to_story", "_selected_action": [a.pk for a in articles], **fields}
    return admin_client.post(ARTICLES, data, follow=True)


@pytest.fixture
def two_stories(outlets, make_article, make_story):
    big = make_story(
        make_article("big-1", outlets[0], hours_ago=9, title="Big story"),
        make_article("big-2", outlets[1], hours_ago=8),
        make_article("big-3", outlets[1], hours_ago=7),
    )
    small = make_story(
        make_article("small-1", outlets[2], hours_ago=3, title="Small story"),
        make_article("small-2", outlets[3], hours_ago=2),
    )
    return big, small


def test_story_list_shows_headline_outlets_articles_and_searches(admin_client, two_stories):
    rows = [text(r) for r in parse(admin_client.get(STORIES)).xpath("//table[@id='result_list']/tbody/tr")]
    assert any("Big story" in r and "2" in r and "3" in r for r in rows)
    found = parse(admin_client.get(STORIES, {"q": "small"})).xpath("//table[@id='result_list']/tbody/tr")
    assert [text(r).startswith("Small story") for r in found] == [True]
    by_id = parse(admin_client.get(STORIES, {"q": str(two_stories[0].id)}))
    by_id = by_id.xpath("//table[@id='result_list']/tbody/tr")
    assert len(by_id) == 1 and "Big story" in text(by_id[0])


def test_story_change_page_lists_its_articles(admin_client, two_stories):
    big, _ = two_stories
    html = admin_client.get(reverse("admin:stories_story_change", args=[big.pk])).content.decode()
    for article in big.articles.all():
        assert reverse("admin:articles_article_change", args=[article.pk]) in html


def test_merge_keeps_the_biggest_story_and_moves_every_article(admin_client, admin_user, two_stories):
    big, small = two_stories
    moved = set(small.articles.values_list("pk", flat=True))

    response = run_action(admin_client, STORIES, "merge", [big, small])

    assert "Merged 2 stories into “Big story”." in response.content.decode()
    assert list(Story.objects.values_list("pk", flat=True)) == [big.pk]
    big.refresh_from_db()
    assert (big.article_count, big.outlet_count) == (5, 4)
    assert big.updated_at == Article.objects.get(url_key="small-2").published_at
    assert set(Article.objects.filter(story_pinned=True).values_list("pk", flat=True)) == moved
    decisions = EditorDecision.objects.all()
    assert {(d.action, d.article_id, d.from_story, d.to_story, d.user_id) for d in decisions} == {
        ("merge", pk, small.pk, big.pk, admin_user.pk) for pk in moved
    }


def test_move_to_story_shows_a_page_to_pick_the_story(admin_client, two_stories):
    big, small = two_stories
    article = Article.objects.get(url_key="small-2")

    page = run_action(admin_client, ARTICLES, "move_to_story", [article])
    assert "Move articles to a story" in page.content.decode()
    assert "Small story" in page.content.decode()  # a candidate story to pick
    searched = confirm_move(admin_client, [article], q="big", search="Search").content.decode()
    assert "Big story" in searched and "Small story</td>" not in searched
    assert Article.objects.get(pk=article.pk).story_id == small.pk  # nothing moved yet


def test_move_to_story_by_id_moves_pins_records_and_refreshes(admin_client, two_stories):
    big, small = two_stories
    article = Article.objects.get(url_key="small-2")

    response = confirm_move(
        admin_client, [article], story=f"http://127.0.0.1:8000{big.get_absolute_url()}", apply="Move"
    )

    assert "Moved 1 article(s) to “Big story”." in response.content.decode()
    article.refresh_from_db()
    assert (article.story_id, article.story_pinned) == (big.pk, True)
    big.refresh_from_db()
    small.refresh_from_db()
    assert (big.article_count, big.outlet_count) == (4, 3)
    assert (small.article_count, small.outlet_count) == (1, 1)
    decision = EditorDecision.objects.get()
    assert (decision.action, decision.from_story, decision.to_story) == ("move", small.pk, big.pk)
    assert EditorDecision.objects.left_stories() == {article.pk: {small.pk}}


def test_move_to_story_picked_from_the_list(admin_client, two_stories):
    big, small = two_stories
    article = Article.objects.get(url_key="big-3")
    confirm_move(admin_client, [article], pick=str(small.pk))
    assert Article.objects.get(pk=article.pk).story_id == small.pk


def test_move_to_an_unknown_story_says_so_and_moves_nothing(admin_client, two_stories):
    article = Article.objects.get(url_key="small-2")
    response = confirm_move(admin_client, [article], story="00000000-0000-4000-8000-000000000000", apply="Move")
    assert "There is no story 00000000-0000-4000-8000-000000000000." in response.content.decode()
    assert not EditorDecision.objects.exists()


def test_moving_every_article_out_deletes_the_empty_story(admin_client, two_stories):
    big, small = two_stories
    confirm_move(admin_client, list(small.articles.all()), story=str(big.pk), apply="Move")
    assert list(Story.objects.values_list("pk", flat=True)) == [big.pk]


def test_an_original_takes_its_copies_along(admin_client, outlets, make_article, make_story, two_stories):
    big, _ = two_stories
    original = make_article("wire", outlets[1], hours_ago=1)
    copy = make_article("copy", outlets[0], hours_ago=1, duplicate_of=original)
    make_story(original, copy)

    confirm_move(admin_client, [original], story=str(big.pk), apply="Move")

    assert set(Article.objects.filter(pk__in=[original.pk, copy.pk]).values_list("story_id", flat=True)) == {big.pk}
    assert EditorDecision.objects.filter(article=copy).exists()


def test_split_makes_a_new_story_of_the_selected_articles(admin_client, two_stories):
    big, _ = two_stories
    leaving = list(Article.objects.filter(url_key__in=["big-2", "big-3"]))

    response = run_action(admin_client, ARTICLES, "split_into_new_story", leaving)

    new = Story.objects.exclude(pk__in=[s.pk for s in two_stories]).get()
    assert "Made a new story of 2 article(s)" in response.content.decode()
    assert new.pk == story_id_for(Article.objects.get(url_key="big-2").pk)
    assert (new.article_count, new.outlet_count) == (2, 1)
    assert all(a.story_id == new.pk and a.story_pinned for a in Article.objects.filter(pk__in=[a.pk for a in leaving]))
    big.refresh_from_db()
    assert (big.article_count, big.outlet_count) == (1, 1)
    assert {(d.action, d.from_story, d.to_story) for d in EditorDecision.objects.all()} == {("split", big.pk, new.pk)}


def test_splitting_out_the_first_article_gets_a_fresh_story_id(admin_client, two_stories):
    big, _ = two_stories
    first = Article.objects.get(url_key="big-1")  # its uuid5 is the ID of the story it leaves
    run_action(admin_client, ARTICLES, "split_into_new_story", [first])
    first.refresh_from_db()
    assert first.story_id != big.pk
    assert Story.objects.filter(pk=big.pk, article_count=2).exists()


def test_editor_headline_applies_on_save(admin_client, two_stories):
    big, _ = two_stories
    url = reverse("admin:stories_story_change", args=[big.pk])
    form = {
        "headline_override": "Editor's headline",
        "articles-TOTAL_FORMS": 3,
        "articles-INITIAL_FORMS": 3,
        "articles-MIN_NUM_FORMS": 0,
        "articles-MAX_NUM_FORMS": 1000,
        # the summary checks' inline (read-only, empty here) posts its management form too
        "summary_checks-TOTAL_FORMS": 0,
        "summary_checks-INITIAL_FORMS": 0,
        "summary_checks-MIN_NUM_FORMS": 0,
        "summary_checks-MAX_NUM_FORMS": 1000,
    }
    for n, article in enumerate(big.articles.order_by("published_at")):
        form[f"articles-{n}-id"] = article.pk
        form[f"articles-{n}-story"] = big.pk
    response = admin_client.post(url, form, follow=True)
    assert response.status_code == 200
    assert Story.objects.get(pk=big.pk).headline == "Editor's headline"


def test_article_change_page_shows_its_story_and_evidence(admin_client, two_stories):
    big, _ = two_stories
    article = Article.objects.get(url_key="big-2")
    Article.objects.filter(pk=article.pk).update(cluster_evidence={"similarity": 0.61, "shared_terms": ["bridge"]})
    html = admin_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert reverse("admin:stories_story_change", args=[big.pk]) in html
    assert "0.61" in html and "bridge" in html
