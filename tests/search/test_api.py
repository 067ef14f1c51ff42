"""``/api/v1/search``: the same search as JSON, cursor pagination in both orders, and the schema."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(outlets, make_article, make_story, filler):
    articles = [
        make_article(
            f"l{n}",
            outlets[n % 2],
            hours_ago=n + 1,
            title=f"Lighthouse note {n}",
            text=f"Lighthouse keeper's note {n}." + " The lamp was lit." * (n % 4),
        )
        for n in range(13)
    ]
    story = make_story(*articles[:2])
    return articles, story


def walk(client, params):
    seen, cursor = [], None
    while True:
        response = client.get("/api/v1/search", {**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        seen += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return seen, body


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_cursor_pagination_walks_every_hit_once(client, archive, sort):
    single = client.get("/api/v1/search", {"q": "lighthouse", "sort": sort, "limit": 100}).json()["items"]
    seen, last = walk(client, {"q": "lighthouse", "sort": sort, "limit": 4})
    key = [(i["kind"], (i["article"] or i["story"])["id"]) for i in seen]
    assert key == [(i["kind"], (i["article"] or i["story"])["id"]) for i in single]
    assert len(key) == len(set(key)) == 14  # 13 articles and their story
    assert last["total"] == 14 and last["total_is_lower_bound"] is False
    if sort == "date":
        dates = [i["dated"] for i in seen]
        assert dates == sorted(dates, reverse=True)
    else:
        scores = [i["score"] for i in seen]
        assert scores == sorted(scores, reverse=True)


def test_hits_carry_the_published_article_or_story_and_highlights(client, archive):
    articles, story = archive
    items = client.get("/api/v1/search", {"q": '"note 3"'}).json()["items"]
    assert len(items) == 1
    item = items[0]
    assert item["kind"] == "article" and item["article"]["id"] == str(articles[3].pk)
    assert item["article"]["page_url"] == articles[3].get_absolute_url() and item["story"] is None
    assert item["title_html"] == "Lighthouse <mark>note 3</mark>"
    stories = client.get("/api/v1/search", {"q": "lighthouse", "kind": "story"}).json()["items"]
    assert [s["story"]["id"] for s in stories] == [str(story.pk)]


def test_filters_match_the_pages(client, archive, outlets):
    articles, story = archive
    by_source = client.get("/api/v1/search", [("q", "lighthouse"), ("source", outlets[0].pk)]).json()["items"]
    assert {i["article"]["source_id"] for i in by_source} == {outlets[0].pk} and len(by_source) == 7
    in_story = client.get("/api/v1/search", {"q": "lighthouse", "story": str(story.pk)}).json()["items"]
    assert {i["article"]["id"] for i in in_story} == {str(a.pk) for a in articles[:2]}


def test_a_cursor_from_the_other_order_or_garbage_is_a_400(client, archive):
    first = client.get("/api/v1/search", {"q": "lighthouse", "limit": 2}).json()
    other = client.get("/api/v1/search", {"q": "lighthouse", "sort": "date", "cursor": first["next_cursor"]})
    assert other.status_code == 400 and "other sort order" in other.json()["detail"]
    assert client.get("/api/v1/search", {"q": "lighthouse", "cursor": "%%%"}).status_code == 400


def test_the_endpoint_is_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "sort", "kind", "source", "since", "until", "story", "entity", "cursor", "limit"} <= names
