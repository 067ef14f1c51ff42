"""Comment text to HTML: escaped plain text, paragraphs, and clickable http(s) links."""

from __future__ import annotations

import pytest

from newsdesk.comments.text import count_links, find_urls, render_comment


def test_blank_lines_make_paragraphs_and_single_newlines_make_breaks():
    assert render_comment("One\nstill one\n\n\nTwo") == "<p>One<br>still one</p>\n<p>Two</p>"


def test_windows_line_endings_make_paragraphs_too():
    assert render_comment("One\r\n\r\nTwo") == "<p>One</p>\n<p>Two</p>"


def test_http_and_https_urls_become_nofollow_ugc_links():
    html = render_comment("Read https://example.org/a?b=1&c=2 now")

    assert html == (
        '<p>Read <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.org/a?b=1&amp;c=2</a> now</p>"
    )


@pytest.mark.parametrize(
    "text, url",
    [
        ("See https://example.org.", "https://example.org"),
        ("(see https://example.org/page)", "https://example.org/page"),
        ("https://en.wikipedia.org/wiki/Foo_(bar), right?", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("Is it http://example.org/x?", "http://example.org/x"),
    ],
)
def test_sentence_punctuation_is_left_out_of_links(text, url):
    assert find_urls(text) == [url]


def test_html_is_escaped_never_rendered():
    html = render_comment('<script>alert(1)</script> <b>bold</b> "quoted" & more')

    assert html == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; &amp; more</p>"


def test_a_url_cannot_break_out_of_the_href_attribute():
    html = render_comment('https://example.org/"onmouseover="alert(1)')

    assert '"onmouseover' not in html
    assert html.startswith('<p><a href="https://example.org/" rel="nofollow ugc noopener">')


@pytest.mark.parametrize("text", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org", "https://"])
def test_only_http_urls_with_a_host_become_links(text):
    assert "<a " not in render_comment(text)


def test_count_links_counts_each_url():
    assert count_links("a https://one.example b http://two.example/x c https://three.example") == 3
    assert count_links("no links, just www.example.org") == 0
