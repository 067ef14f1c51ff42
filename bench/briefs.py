"""Short news is news: briefs kept, and non-articles let through, before and after the evidence rule.

    PYTHONPATH=$PWD .venv/bin/python bench/briefs.py          # a table, both halves
    PYTHONPATH=$PWD .venv/bin/python bench/briefs.py --json   # the same figures, machine-readable

1. Briefs (should be kept):
   - real pages from ``../shared/data/extraction`` with their article body cut to 25-50 words in place (every
     <p> of the gold body after the budget removed, the one at the budget shortened), so the page keeps its
     head metadata, navigation, related links and footer; a page whose body does not live in <p>s cannot be cut
     that way and is counted apart ("not cut");
   - briefs built in three shapes: a news site (NewsArticle JSON-LD, og:type article), a WordPress post (an
     @graph with Article) and a bare page (a headline and text, no metadata), with text from the same pages.
2. Non-articles (should be refused), built in the shapes of real sites with few words of text: a WordPress
   tag archive, a news section front, a search-result page, an author page, page 2 of a category, an about
   page, a front page, and a tag page from a CMS that says og:type article on every page. The shared data
   holds no non-article page (all 91 are articles), so there are none from it.
3. Every page is extracted as the desk does it: listed under its own address (the desk fetches only listed
   URLs), once with the old rule (50 words whatever the page shows) and once with the shipped ``ExtractConfig``.

Pages are split into halves by ``tests/support/halves.py`` (``extraction_half``); the built pages take the
half of the real page their text comes from.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extraction import DATA, load_pages  # noqa: E402
from newsdesk.pipeline.errors import ExtractError  # noqa: E402
from newsdesk.pipeline.extract import ExtractConfig, count_words, extract_article  # noqa: E402
from tests.support.halves import HALVES, Half, extraction_file_name, extraction_half  # noqa: E402

WORD = re.compile(r"\w+")
BEFORE = ExtractConfig(brief_min_words=50, some_evidence_min_words=50)  # the old rule: 50 words, always
AFTER = ExtractConfig()


def _stable(key: str, modulo: int) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % modulo


# 1. Real pages cut to a brief ------------------------------------------------------------------------------


_BLOCKS = "p|li|h2|h3|h4|h5|h6|blockquote|figcaption|div|td|dd|pre|section"


def cut_page(page: str, gold: str, budget: int) -> str | None:
    """The page with its article body cut to ``budget`` words, or None when no block of it holds gold text.

    Blocks are taken in document order, outermost first: each one whose text is a run of the gold body keeps
    what is left of the budget (as plain text) or goes; blocks inside a taken one are done with it."""
    tree = lxml.html.document_fromstring(page)
    gold_words = " " + " ".join(WORD.findall(gold)).casefold() + " "
    taken: list[lxml.html.HtmlElement] = []
    for block in tree.xpath("//body//*[" + " or ".join(f"self::{t}" for t in _BLOCKS.split("|")) + "]"):
        words = WORD.findall(block.text_content())
        if len(words) < 4 or any(outer in taken for outer in block.iterancestors()):
            continue
        if f" {' '.join(words).casefold()} " in gold_words:
            taken.append(block)
    if not taken:
        return None
    left = budget
    for block in taken:
        if left <= 0:
            block.drop_tree()
            continue
        kept = block.text_content().split()[:left]
        left -= len(WORD.findall(" ".join(kept)))
        for child in list(block):
            child.drop_tree()
        block.text = " ".join(kept)
    return lxml.html.tostring(tree, encoding="unicode")


# 2. Pages built in the shapes of real sites ----------------------------------------------------------------

NAV = '<header><nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/politics/">Politics</a> \
<a href="/business/">Business</a> <a href="/sport/">Sport</a> <a href="/about/">About</a></nav></header>'
FOOTER = (
    '<footer><p>© 2024 The Harbour Gazette. <a href="/privacy/">Privacy</a> <a href="/terms/">Terms</a></p></footer>'
)
SITE = "https://www.harbourgazette.example"


def _page(head: str, body: str, title: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>{head}'
        f"</head><body>{NAV}{body}{FOOTER}</body></html>"
    )


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _slug(text: str) -> str:
    return "-".join(WORD.findall(text.lower())[:6])


def news_brief(headline: str, text: str) -> tuple[str, str]:
    url = f"{SITE}/news/2024/05/12/{_slug(headline)}"
    head = (
        f'<meta property="og:type" content="article"><meta property="og:title" content="{html.escape(headline)}">'
        '<meta property="article:published_time" content="2024-05-12T09:30:00+00:00">'
        + _ld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": headline,
                "datePublished": "2024-05-12T09:30:00+00:00",
            }
        )
    )
    related = "".join(f'<li><a href="/news/2024/05/11/story-{i}">Earlier story number {i}</a></li>' for i in range(5))
    body = (
        f"<main><article><h1>{html.escape(headline)}</h1><p>{html.escape(text)}</p></article>"
        f"<aside><h2>More news</h2><ul>{related}</ul></aside></main>"
    )
    return url, _page(head, body, f"{headline} | The Harbour Gazette")


def wordpress_brief(headline: str, text: str) -> tuple[str, str]:
    url = f"{SITE}/{_slug(headline)}/"
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": url, "name": headline},
            {"@type": "Article", "headline": headline, "datePublished": "2024-05-12T09:30:00+00:00"},
            {"@type": "BreadcrumbList", "itemListElement": []},
        ],
    }
    head = '<meta property="og:type" content="article">' + _ld(graph)
    body = (
        f'<div id="content"><article class="post"><h1 class="entry-title">{html.escape(headline)}</h1>'
        f'<div class="entry-content"><p>{html.escape(text)}</p></div></article></div>'
    )
    return url, _page(head, body, f"{headline} – Harbour Gazette")


def bare_brief(headline: str, text: str) -> tuple[str, str]:
    url = f"{SITE}/story/{10_000_000 + _stable(headline, 9_000_000)}"
    body = (
        f"<div class='story'><h1>{html.escape(headline)}</h1><time>12 May 2024</time><p>{html.escape(text)}</p></div>"
    )
    return url, _page("", body, headline)


BRIEF_SHAPES: dict[str, Callable[[str, str], tuple[str, str]]] = {
    "news site": news_brief,
    "WordPress post": wordpress_brief,
    "bare page": bare_brief,
}


def _teasers(headlines: list[str], standfirsts: list[str], *, wrap: str = "article") -> str:
    return "".join(
        f'<{wrap} class="teaser"><h2><a href="/news/2024/05/{10 + i}/{_slug(h)}">{html.escape(h)}</a></h2>'
        f"<p>{html.escape(s)}</p></{wrap}>"
        for i, (h, s) in enumerate(zip(headlines, standfirsts))
    )


def tag_archive(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/tag/harbour-plan/"
    graph = {"@context": "https://schema.org", "@graph": [{"@type": "CollectionPage", "@id": url}]}
    head = '<meta property="og:type" content="website">' + _ld(graph)
    body = f'<div id="content"><h1 class="page-title">Tag: Harbour plan</h1>{_teasers(h, s)}</div>'
    return url, _page(head, body, "Harbour plan Archives - Harbour Gazette")


def section_front(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/world/"
    head = '<meta property="og:type" content="website">' + _ld(
        {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": []}
    )
    body = f"<main><h1>World</h1>{_teasers(h, s, wrap='div')}</main>"
    return url, _page(head, body, "World news | The Harbour Gazette")


def search_results(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/search?q=harbour"
    items = _teasers(h, s, wrap="li")
    body = f"<main><h1>Search results for “harbour”</h1><ol>{items}</ol></main>"
    return url, _page("", body, "Search results for harbour | The Harbour Gazette")


def author_page(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/author/jane-doe/"
    head = _ld({"@context": "https://schema.org", "@type": "ProfilePage", "name": "Jane Doe"})
    bio = "Jane Doe covers the harbour, the council and the fishing fleet for the Gazette."
    body = f"<main><h1>Jane Doe</h1><p>{bio}</p>{_teasers(h[:2], s[:2])}</main>"
    return url, _page(head, body, "Jane Doe, Author at Harbour Gazette")


def category_page_two(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/category/politics/page/2/"
    body = f'<div id="content"><h1>Category: Politics</h1>{_teasers(h, s)}<a href="/category/politics/page/3/">Older posts</a></div>'
    return url, _page("", body, "Politics Archives - Page 2 of 40 - Harbour Gazette")


def about_page(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/about/"
    text = " ".join(s)[:200]
    body = f"<main><h1>About us</h1><p>The Harbour Gazette has reported on the town since 1882. {html.escape(text)}</p></main>"
    return url, _page('<meta property="og:type" content="website">', body, "About us | The Harbour Gazette")


def front_page(h: list[str], s: list[str]) -> tuple[str, str]:
    url = f"{SITE}/"
    head = '<meta property="og:type" content="website">' + _ld({"@context": "https://schema.org", "@type": "WebSite"})
    return url, _page(head, f"<main>{_teasers(h, s)}</main>", "The Harbour Gazette: news from the harbour")


def sloppy_tag_page(h: list[str], s: list[str]) -> tuple[str, str]:
    """A CMS that says og:type article, with a date, on every page: the address and the teasers still tell."""
    url = f"{SITE}/topics/harbour-plan"
    head = (
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-05-12T09:30:00+00:00">'
    )
    body = f"<main><h1>Harbour plan</h1>{_teasers(h, s)}</main>"
    return url, _page(head, body, "Harbour plan | The Harbour Gazette")


NON_ARTICLE_SHAPES: dict[str, Callable[[list[str], list[str]], tuple[str, str]]] = {
    "tag archive (WordPress)": tag_archive,
    "section front": section_front,
    "search results": search_results,
    "author page": author_page,
    "category page 2": category_page_two,
    "about page": about_page,
    "front page": front_page,
    "tag page, og:type article": sloppy_tag_page,
}


# 3. Extract and count --------------------------------------------------------------------------------------


def kept(page: str, url: str, config: ExtractConfig) -> bool:
    try:
        extract_article(page, url=url, config=config, listed_as=url)
    except ExtractError:
        return False
    return True


def measure(data: Path) -> dict:
    pages = load_pages(data)
    rows: list[dict] = []  # {half, side, kind, before, after}
    not_cut: Counter = Counter()
    for index, (page_id, url, page, gold) in enumerate(pages):
        half: Half = extraction_half(extraction_file_name(page_id))
        budget = 25 + _stable(page_id, 26)
        cut = cut_page(page, gold, budget)
        if cut is not None:
            words = _words_extracted(cut, url)
            if 20 <= words <= 55:  # a cut that left the body in other elements is no brief
                rows.append(_row(half, "brief", "real page cut", cut, url, words))
            else:
                not_cut[half] += 1
        else:
            not_cut[half] += 1
        gold_words = gold.split()
        brief_text = " ".join(gold_words[:budget])
        headline = " ".join(gold_words[budget : budget + 8]).strip(" ,.;:") or "A short report"
        shape = list(BRIEF_SHAPES)[index % len(BRIEF_SHAPES)]
        built_url, built = BRIEF_SHAPES[shape](headline, brief_text)
        words = _words_extracted(built, built_url)
        if 20 <= words <= 55:  # text without spaces (Japanese) is no brief at 25-50 space-separated words
            rows.append(_row(half, "brief", f"built: {shape}", built, built_url, words))
        # A non-article from the same page's words: three teasers of 5-7 word headlines and 6-9 word standfirsts.
        sentences = [gold_words[i : i + 8] for i in range(0, min(len(gold_words), 96), 8)]
        headlines = [" ".join(s[:6]) for s in sentences[:3]]
        standfirsts = [" ".join(s) for s in sentences[3:6]]
        shape = list(NON_ARTICLE_SHAPES)[index % len(NON_ARTICLE_SHAPES)]
        built_url, built = NON_ARTICLE_SHAPES[shape](headlines, standfirsts)
        words = _words_extracted(built, built_url)
        if words <= 55:  # a non-article of many words is not what this measures: it was always let through
            rows.append(_row(half, "non-article", f"built: {shape}", built, built_url, words))
    return {"rows": rows, "not_cut": dict(not_cut)}


def _row(half: Half, side: str, kind: str, page: str, url: str, words: int) -> dict:
    return {
        "half": half,
        "side": side,
        "kind": kind,
        "words": words,
        "before": kept(page, url, BEFORE),
        "after": kept(page, url, AFTER),
    }


def _words_extracted(page: str, url: str) -> int:
    try:
        return count_words(extract_article(page, url=url, config=ExtractConfig(min_words=0)).text)
    except ExtractError:
        return 0


def print_table(result: dict) -> None:
    rows = result["rows"]
    print(f"real pages that could not be cut to a brief: {result['not_cut']}")
    print(f"{'side':12} {'kind':32} {'half':9} {'pages':>5} {'words':>7} {'kept before':>12} {'kept after':>11}")
    kinds = sorted({(r["side"], r["kind"]) for r in rows})
    for side, kind in [*kinds, *((side, "all") for side in ("brief", "non-article"))]:
        for half in HALVES:
            chosen = [r for r in rows if r["side"] == side and r["half"] == half and kind in ("all", r["kind"])]
            if not chosen:
                continue
            words = f"{min(r['words'] for r in chosen)}-{max(r['words'] for r in chosen)}"
            before, after = sum(r["before"] for r in chosen), sum(r["after"] for r in chosen)
            print(
                f"{side:12} {kind:32} {half:9} {len(chosen):5} {words:>7} "
                f"{before:5}/{len(chosen):<3} {before / len(chosen):4.0%} {after:4}/{len(chosen):<3} {after / len(chosen):4.0%}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.data)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
