"""Pages, feeds and the API carry an ETag; a client that already has the answer gets a 304."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/feed/", "/api/v1/articles", "/sitemap.xml"])
def test_etag_and_304(client, outlets, make_article, url):
    make_article("a-1", outlets[0])
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
