"""The read-only JSON API: what a client can page through and filter, and what it never sees."""

from datetime import timedelta
from urllib.parse import quote

import pytest

from newsdesk.comments.models import Comment

pytestmark = pytest.mark.django_db

SECRET = "api-reader-51b2@example.org"


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response


@pytest.fixture
def archive(outlets, make_article, make_story):
    gazette, wire = outlets[:2]
    gazette.republish_full_text = True
    gazette.save()
    articles = [make_article(f"a-{n}", gazette if n % 2 else wire, hours_ago=n) for n in range(1, 8)]
    story = make_story(*articles[:3])
    return articles, story


def test_cursor_pagination_walks_every_article_once_newest_first(client, archive):
    articles, _ = archive
    seen, url = [], "/api/v1/articles?limit=3"
    while url:
        page = get(client, url).json()
        seen += [item["id"] for item in page["items"]]
        url = f"/api/v1/articles?limit=3&cursor={page['next_cursor']}" if page["next_cursor"] else None
    assert sorted(seen) == sorted(str(a.id) for a in articles) and len(seen) == len(set(seen))


def test_filters_by_source_story_and_date(client, archive, now):
    articles, story = archive
    by_source = get(client, f"/api/v1/articles?source={articles[0].source_id}&limit=100").json()["items"]
    assert {a["source_id"] for a in by_source} == {articles[0].source_id} and len(by_source) == 4
    in_story = get(client, f"/api/v1/articles?story={story.pk}").json()["items"]
    assert {a["id"] for a in in_story} == {str(a.id) for a in articles[:3]}
    since = quote((now - timedelta(hours=2, minutes=30)).isoformat())
    dated = get(client, f"/api/v1/articles?since={since}").json()["items"]
    assert {a["title"] for a in dated} == {"Article a-1", "Article a-2"}


def test_full_text_only_where_the_source_allows_it(client, archive):
    articles, _ = archive
    allowed = get(client, f"/api/v1/articles/{articles[0].id}").json()  # the gazette republishes
    withheld = get(client, f"/api/v1/articles/{articles[1].id}").json()
    assert allowed["text"] == articles[0].text
    assert withheld["text"] is None and withheld["excerpt"] == "First paragraph."
    assert withheld["canonical_url"] and withheld["page_url"] == articles[1].get_absolute_url()


def test_stories_and_sources(client, archive):
    _, story = archive
    stories = get(client, "/api/v1/stories").json()["items"]
    assert [s["id"] for s in stories] == [str(story.pk)]
    detail = get(client, f"/api/v1/stories/{story.pk}").json()
    assert detail["article_count"] == 3 and len(detail["articles"]) == 3
    sources = get(client, "/api/v1/sources").json()
    assert {s["name"] for s in sources} >= {"Harbour Gazette", "Metro Wire"}
    get(client, "/api/v1/stories/00000000-0000-0000-0000-000000000000", status=404)


def test_comments_are_approved_only_and_never_carry_an_email(client, archive):
    articles, _ = archive
    Comment.objects.create(
        article=articles[0], name="Ada", email=SECRET, body="Well reported.", status=Comment.Status.APPROVED
    )
    Comment.objects.create(
        article=articles[0], name="Held", email=SECRET, body="Pending.", status=Comment.Status.PENDING
    )
    response = get(client, f"/api/v1/articles/{articles[0].id}/comments")
    assert [c["body"] for c in response.json()["items"]] == ["Well reported."]
    assert "email" not in response.json()["items"][0]
    for url in (
        "/api/v1/articles?limit=100",
        f"/api/v1/articles/{articles[0].id}",
        "/api/v1/stories",
        f"/api/v1/articles/{articles[0].id}/comments",
        "/api/v1/openapi.json",
    ):
        assert SECRET not in get(client, url).content.decode()


def test_openapi_schema_and_docs_are_served_without_external_requests(client):
    schema = get(client, "/api/v1/openapi.json").json()
    assert {"/api/v1/articles", "/api/v1/stories", "/api/v1/sources", "/api/v1/articles/{article_id}/comments"} <= set(
        schema["paths"]
    )
    docs = get(client, "/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn." not in docs


def test_a_bad_cursor_is_a_clear_400(client, archive):
    response = get(client, "/api/v1/articles?cursor=not-a-cursor", status=400)
    assert "Invalid cursor" in response.content.decode()
