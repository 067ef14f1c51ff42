"""The search page: highlighted, escaped results, counts, filters, pagination, feed links, the header box."""

import re

import pytest

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = 'Harbour <script>alert("x")</script> lighthouse <img src=x onerror=alert(1)>'


@pytest.fixture
def archive(outlets, make_article, filler):
    articles = [
        make_article(
            f"l{n}",
            outlets[n % 3],
            hours_ago=n + 1,
            title=f"Lighthouse report {n}",
            text=f"The lighthouse keeper wrote report number {n} about the lamp.",
        )
        for n in range(25)
    ]
    hostile = make_article(
        "hostile",
        outlets[0],
        hours_ago=0.5,
        title=HOSTILE_TITLE,
        text='Body with <b>tags</b> & "quotes" near the lighthouse.',
    )
    return articles, hostile


def page(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_matches_are_marked_and_everything_else_is_escaped(client, archive):
    html = page(client, q="lighthouse quotes")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert (
        "Harbour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>lighthouse</mark> "
        "&lt;img src=x onerror=alert(1)&gt;"
    ) in html
    assert "&lt;b&gt;tags&lt;/b&gt; &amp; &quot;<mark>quotes</mark>&quot; near the <mark>lighthouse</mark>" in html


def test_the_count_the_results_and_a_link_to_more(client, archive):
    html = page(client, q="lighthouse")
    assert 'data-total="26"' in html and "26 results" in html
    assert html.count('class="search-result article"') == 20
    more = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    rest = client.get("/search/?" + more).content.decode()
    assert rest.count('class="search-result article"') == 6 and 'rel="next"' not in rest
    first_ids = set(re.findall(r'data-id="([^"]+)"', html))
    rest_ids = set(re.findall(r'data-id="([^"]+)"', rest))
    assert len(first_ids | rest_ids) == 26 and not first_ids & rest_ids


def test_filters_on_the_page(client, archive, outlets):
    articles, hostile = archive
    html = page(client, q="lighthouse", source=outlets[1].pk, sort="date")
    shown = re.findall(r'data-id="([^"]+)"', html)
    assert shown == [str(a.pk) for a in articles if a.source_id == outlets[1].pk]


def test_the_source_choice_keeps_the_chosen_outlet_and_escapes_outlet_names(client, archive, outlets):
    outlets[2].title = 'Valley <b>"Courier"</b> & Co'
    outlets[2].save()
    html = page(client, q="lighthouse", source=outlets[1].pk)
    select = re.search(r'<select[^>]* name="source"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    assert options[0] == ("", "", "Any source")
    assert (str(outlets[1].pk), " selected", str(outlets[1])) in options
    assert [o for o in options if o[1]] == [(str(outlets[1].pk), " selected", str(outlets[1]))]
    assert "Valley &lt;b&gt;&quot;Courier&quot;&lt;/b&gt; &amp; Co" in select


def test_a_bad_date_range_is_explained_not_searched(client, archive):
    response = client.get("/search/", {"q": "lighthouse", "since": "2026-05-02", "until": "2026-05-01"})
    html = response.content.decode()
    assert response.status_code == 400  # the request was wrong: the form says how
    assert "The end date is before the start date." in html and "search-result" not in html


def test_a_broken_cursor_is_a_400_with_the_reason(client, archive):
    response = client.get("/search/", {"q": "lighthouse", "cursor": "not-a-cursor"})
    assert response.status_code == 400 and b"Invalid cursor" in response.content


def test_the_page_links_its_feeds_and_the_header_has_a_search_box(client, archive):
    html = page(client, q='lighthouse -"report 3"')
    feeds = re.findall(r'<link rel="alternate" type="application/(rss|atom)\+xml" [^>]*href="([^"]+)"', html)
    assert [kind for kind, _ in feeds] == ["rss", "atom"]
    assert all("q=lighthouse+-%22report+3%22" in href for _, href in feeds)
    front = client.get("/").content.decode()
    assert re.search(
        r'<form class="site-search" action="/search/" method="get" role="search">'
        r'<input type="search" name="q"',
        front,
    )


def test_no_words_means_no_search(client, archive):
    assert "search-result" not in page(client, q="")
    assert "Nothing to search for" in page(client, q="-lighthouse")


def test_the_page_costs_the_same_queries_for_one_result_or_twenty(client, archive):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert 'data-total="1"' in page(client, q='"report number 7"')
    with CaptureQueriesContext(connection) as twenty:  # the same query shape (one phrase), 25 matches
        assert 'data-total="25"' in page(client, q='"report number"')
    assert len(one.captured_queries) == len(twenty.captured_queries) <= 10
