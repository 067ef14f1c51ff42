"""Every parameter a stranger can send the API is answered, never with a 500: a value out of range (integers
beyond 64 bits, a date that is not one) or a forged cursor gets a 400 with a JSON body saying which parameter
and why, in the shape the OpenAPI schema documents. A date-time that leaves datetime's range once its offset
is applied is valid: it searches from the beginning or to the end."""

from __future__ import annotations

import base64
import json

import pytest

pytestmark = pytest.mark.django_db


def forged(parts) -> str:
    """A cursor in our encoding whose parts are not what a page made (a date and an id)."""
    return base64.urlsafe_b64encode(json.dumps(parts).encode()).decode().rstrip("=")


BAD_CURSORS = [
    forged(["2020-01-01T00:00:00+00:00", "not-an-id"]),
    forged(["not-a-date", "1"]),
    forged([1, 2]),
    forged(["2020-01-01T00:00:00", "0x1"]),
    forged(["2020-01-01", 10**30]),
    forged(["2020-01-01", 1e999]),
    forged({"a": 1}),
    forged("ab"),
    "[" * 5000,
    "%%%",
]

LISTS = [
    "/api/v1/articles",
    "/api/v1/stories",
    "/api/v1/entities",
    "/api/v1/articles/{article}/comments",
    "/api/v1/entities/{entity}/articles",
]

BAD_VALUES = [
    "/api/v1/search?q=flood&source=999999999999999999999999999999",
    "/api/v1/articles?source=999999999999999999999999999999",
    "/api/v1/articles?source=-9223372036854775809",
    "/api/v1/articles?story=not-a-uuid",
    "/api/v1/articles?since=0.0",  # not a Unix time: a date, or a date-time with its offset
    "/api/v1/articles?until=2024-05-01T12:00:00",
    "/api/v1/search?q=flood&since=2024-02-30",
    "/api/v1/articles?limit=ten",
    "/api/v1/entities?q=nul%00byte",
    "/api/v1/entities?type=planet",
    "/api/v1/sources/999999999999999999999999999999?source_id",
    "/api/v1/articles/not-a-uuid?article_id",
    "/api/v1/entities/not-a-uuid/articles?entity_id",
]


def assert_clean_400(response, parameter: str = ""):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert parameter in body["detail"]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
@pytest.mark.parametrize("endpoint", LISTS)
def test_a_forged_cursor_is_a_400_on_every_list(client, newsroom, endpoint, cursor):
    url = endpoint.format(article=newsroom["articles"][0].pk, entity=newsroom["entity"].pk)
    assert_clean_400(client.get(url, {"cursor": cursor}), "cursor")


@pytest.mark.parametrize(
    "cursor",
    BAD_CURSORS
    + [
        forged({"o": "date", "t": 0, "k": 10**30, "f": None, "s": None}),
        forged({"o": "date", "t": "nan", "k": 1e999, "f": None, "s": None}),
    ],
)
def test_a_forged_search_cursor_is_a_400(client, newsroom, cursor):
    assert_clean_400(client.get("/api/v1/search", {"q": "flood", "sort": "date", "cursor": cursor}), "cursor")


@pytest.mark.parametrize("url", BAD_VALUES)
def test_a_value_out_of_range_is_a_400_naming_the_parameter(client, newsroom, url):
    # The last parameter is the bad one (after the "?" of a path parameter: its name, which is not sent).
    name = url.rsplit("?", 1)[-1].rsplit("&", 1)[-1].split("=")[0]
    assert_clean_400(client.get(url.removesuffix(f"?{name}")), name)


@pytest.mark.parametrize(
    "query",
    [
        "since=0001-01-01",
        "until=9999-12-31",
        "since=0001-01-01T00:00:00Z",
        "until=9999-12-31T23:59:59Z",
        "since=0001-01-01T00:00:00-12:00",
        # before the first or after the last moment in UTC: that end, not an error
        "since=0001-01-01T00:00:00%2B14:00",
        "until=9999-12-31T23:59:59-12:00",
    ],
)
def test_the_widest_dates_are_accepted(client, newsroom, query):
    for endpoint in ("/api/v1/articles?", "/api/v1/search?q=flood&"):
        response = client.get(endpoint + query)
        assert response.status_code == 200, (endpoint + query, response.content[:300])
        assert len(response.json()["items"]) >= 5


def test_every_400_404_and_503_is_documented_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["properties"]["detail"]["type"] == "string"
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            takes_parameters = bool(operation.get("parameters"))
            assert not takes_parameters or {"400", "503"} <= set(responses), path
            assert "{" not in path or "404" in responses, path
