"""Highlighted HTML is built from escaped text: only our <mark> tags are markup (pure: no database)."""

from newsdesk.search.highlight import MARK_END, MARK_START, clean, marked_to_html


def test_text_is_escaped_and_matches_are_marked():
    marked = f'<script>alert("x")</script> {MARK_START}flood{MARK_END} & <b>'
    assert (
        marked_to_html(marked) == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>flood</mark> &amp; &lt;b&gt;"
    )


def test_neighbouring_matches_are_one_run_and_an_unclosed_mark_is_closed():
    assert marked_to_html(f"{MARK_START}flood{MARK_END} {MARK_START}barrier{MARK_END}") == "<mark>flood barrier</mark>"
    assert marked_to_html(f"a {MARK_START}b") == "a <mark>b</mark>"
    assert marked_to_html(f"a{MARK_END} b") == "a b"


def test_a_document_cannot_forge_markers():
    forged = f"{MARK_START}<img src=x onerror=alert(1)>{MARK_END}"
    assert clean(forged) == "<img src=x onerror=alert(1)>"
    assert marked_to_html(clean(forged)) == "&lt;img src=x onerror=alert(1)&gt;"
