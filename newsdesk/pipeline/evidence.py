"""Whether a page is an article: the signs for and against, and the word count it must reach to be kept.

A news brief of 30 words is news; a tag page with 30 words of teasers is not. Word count alone cannot tell
them apart, so a short page is kept only on the page's own evidence (``article_evidence``):

    for     article metadata   og:type article; schema.org Article, NewsArticle, BlogPosting... in JSON-LD
                               (at the top, inside @graph or in a list)                           2 points
            a publication date article:published_time, datePublished (meta, itemprop or JSON-LD)  2 points
            a headline         an <h1> or og:title of four words or more that is the page's title  1 point
            listed             the page answers under the URL a feed or sitemap listed (not a
                               redirect to another address, such as the front page)               1 point
            an article address a slug of three words or more, a long numeric id or a date         1 point
    against listing metadata   og:type website; CollectionPage, ItemList, SearchResultsPage        -3 points
            a listing address  /tag/, /category/, /section/, /search, /author/, the site's root   -3 points
            pagination         /page/2, ?page=2                                                   -3 points
            teasers            three or more <article> elements, each mostly a link               -1 point
            link density       most words of the main content are link text                       -1 point

``words_needed`` turns the sum into the bound: 4 points or more (article metadata and a date, say) keep a page
from ``ExtractConfig.brief_min_words`` (25), 3 points from ``some_evidence_min_words`` (35), less from the old
``min_words`` (50). The points and bounds were chosen on the fit half of the extraction pages and the pages
``bench/briefs.py`` builds, and are reported on both halves there.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from lxml.html import HtmlElement

from newsdesk.pipeline.errors import InvalidURL
from newsdesk.pipeline.urls import canonicalize

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "report",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})
_DATE_NAMES = frozenset({"article:published_time", "og:published_time", "datepublished", "pubdate", "dc.date.issued"})
_LISTING_SEGMENTS = frozenset(
    {"tag", "tags", "topic", "topics", "category", "categories", "section", "sections", "author", "authors"}
    | {"search", "archive", "archives", "label", "page"}
)
_PAGE_PARAMETERS = frozenset({"page", "paged", "pg", "pagenum", "start"})
_SEARCH_PARAMETERS = frozenset({"q", "s", "query", "search"})
_DATE_IN_PATH = re.compile(r"(?:^|/)(?:19|20)\d\d[/-]?(?:0?[1-9]|1[0-2])(?:[/-]?[0-3]?\d)?(?:/|[-_]|$)")
_LONG_ID = re.compile(r"\d{5,}")
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
_WORD = re.compile(r"\w+")
_TEASER_MIN = 3
_TEASER_LINK_SHARE = 0.5  # an <article> whose words are mostly link text is a teaser
_LINK_DENSE = 0.5  # a main region whose words are mostly link text is a list of links
_NOT_CONTENT = frozenset({"nav", "header", "footer", "aside", "script", "style", "form", "noscript"})
_HEADLINE_MIN_WORDS = 4  # "World", "Tag: Brexit" are section names; a headline says something

POINTS_FOR = {
    "article metadata": 2,
    "a publication date": 2,
    "a headline": 1,
    "listed under its own address": 1,
    "an article address": 1,
}
POINTS_AGAINST = {
    "listing metadata": 3,
    "a listing address": 3,
    "pagination": 3,
    "teaser links": 1,
    "mostly links": 1,
}
STRONG_POINTS = 4  # article metadata and a date, or one of them with two more signs
SOME_POINTS = 3


@dataclass(frozen=True)
class Evidence:
    """The signs a page gives that it is an article (``signs_for``) or a listing (``signs_against``), each a
    short phrase an operator can read, with a detail where there is one ("listing metadata (og:type website)")."""

    signs_for: tuple[str, ...] = ()
    signs_against: tuple[str, ...] = ()

    @property
    def points(self) -> int:
        return sum(POINTS_FOR[_key(sign)] for sign in self.signs_for) - sum(
            POINTS_AGAINST[_key(sign)] for sign in self.signs_against
        )

    def missing(self) -> str:
        """The strong signs the page lacks ("no date, no article metadata"), or ""."""
        held = {_key(sign) for sign in self.signs_for}
        return ", ".join(
            lack
            for lack, sign in (("no date", "a publication date"), ("no article metadata", "article metadata"))
            if sign not in held
        )


def too_short_reason(words: int, needed: int, evidence: Evidence) -> str:
    """Why a page of ``words`` words was not kept, for the operator: what the page showed, and what it lacked."""
    missing = f" ({evidence.missing()})" if evidence.missing() else ""
    if evidence.signs_against and evidence.points <= 0:
        return (
            f"{words} words of text, and the page looks like a listing: {_and(evidence.signs_against)}"
            f"{'; for an article: ' + _and(evidence.signs_for) if evidence.signs_for else ''}; "
            f"a page like this needs {needed}"
        )
    if not evidence.signs_for:
        return (
            f"{words} words of text, and the page shows no sign of being an article{missing}; an article needs {needed}"
        )
    # Some signs of an article, too few (or outweighed in part): say what it showed, what it lacked, what was against.
    against = f"; against it: {_and(evidence.signs_against)}" if evidence.signs_against else ""
    return (
        f"{words} words of text, fewer than the {needed} an article needs with only "
        f"{_and(evidence.signs_for)}{missing}{against}"
    )


def _and(signs: tuple[str, ...]) -> str:
    return signs[0] if len(signs) == 1 else f"{', '.join(signs[:-1])} and {signs[-1]}"


def words_needed(evidence: Evidence, *, brief: int, some: int, default: int) -> int:
    """The fewest words of text a page with this evidence needs to be kept as an article."""
    if evidence.points >= STRONG_POINTS:
        return brief
    if evidence.points >= SOME_POINTS:
        return some
    return default


def article_evidence(tree: HtmlElement, *, url: str, listed_as: str = "") -> Evidence:
    """The signs ``tree`` (the page at ``url``, parsed) gives of being an article or a listing.

    ``listed_as`` is the address a feed, a sitemap or an editor listed for the page, "" when none did.
    """
    for_: list[str] = []
    against: list[str] = []
    og_type = _first(tree, "//meta[@property='og:type' or @name='og:type']/@content").lower()
    types = _json_ld_types(tree)
    article_types = sorted({t for t, _ in types if t.lower() in ARTICLE_TYPES})
    listing_types = sorted({t for t, _ in types if t.lower() in LISTING_TYPES})
    if og_type == "article" or article_types:
        for_.append(
            _sign("article metadata", ", ".join((["og:type article"] if og_type == "article" else []) + article_types))
        )
    if _has_publication_date(tree, types):
        for_.append("a publication date")
    if _has_headline(tree):
        for_.append("a headline")
    if listed_as and _same_address(listed_as, url, _first(tree, "//link[@rel='canonical']/@href")):
        for_.append("listed under its own address")
    path, query = _path_and_query(url)
    if _looks_like_article_address(path):
        for_.append("an article address")
    if og_type == "website" or listing_types:
        against.append(
            _sign("listing metadata", ", ".join((["og:type website"] if og_type == "website" else []) + listing_types))
        )
    listing_address = _listing_address(path, query)
    if listing_address:
        against.append(_sign("a listing address", listing_address))
    if _paginated(path, query):
        against.append("pagination")
    teasers = _teasers(tree)
    if teasers >= _TEASER_MIN:
        against.append(_sign("teaser links", f"{teasers} <article> teasers"))
    density = _link_density(tree)
    if density >= _LINK_DENSE:
        against.append(_sign("mostly links", f"{density:.0%} of its words in links"))
    return Evidence(tuple(for_), tuple(against))


def _sign(name: str, detail: str) -> str:
    return f"{name} ({detail})" if detail else name


def _key(sign: str) -> str:
    return sign.split(" (", 1)[0]


def _first(tree: HtmlElement, query: str) -> str:
    values = tree.xpath(query)
    return str(values[0]).strip() if values else ""


# Article metadata --------------------------------------------------------------------------------------------


def _json_ld_types(tree: HtmlElement) -> list[tuple[str, dict[str, object]]]:
    """(@type, the object) for every typed object in the page's JSON-LD, @graph members and lists included."""
    found: list[tuple[str, dict[str, object]]] = []
    for script in tree.xpath("//script[translate(@type, 'LDJSON', 'ldjson')='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue  # a broken block says nothing; the page may have others
        for node in _objects(data):
            declared = node.get("@type")
            for name in declared if isinstance(declared, list) else [declared]:
                if isinstance(name, str):
                    found.append((name.rsplit("/", 1)[-1], node))
    return found


def _objects(data: object, depth: int = 0) -> Iterator[dict[str, object]]:
    """The page-level objects: the top one or those in a top list, and the members of an @graph. Nested values
    (an article's publisher, an ItemList of related links inside an article) are not the page's own kind."""
    if depth > 3:
        return
    if isinstance(data, list):
        for item in data:
            yield from _objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph"), depth + 1)


def _has_publication_date(tree: HtmlElement, types: list[tuple[str, dict[str, object]]]) -> bool:
    """A publication date the page states as metadata (a <time> alone may date a teaser on a listing)."""
    for element in tree.xpath("//meta[@content] | //*[@itemprop][@datetime]"):
        names = {(element.get(attribute) or "").strip().lower() for attribute in ("property", "name", "itemprop")}
        if names & _DATE_NAMES and (element.get("content") or element.get("datetime") or "").strip():
            return True
    return any(
        isinstance(node.get("datePublished"), str) and bool(node["datePublished"])
        for name, node in types
        if name.lower() in ARTICLE_TYPES
    )


def _has_headline(tree: HtmlElement) -> bool:
    """An <h1> or og:title that is the <title> (or its part before or after " | Site name"), four words or more."""
    title = _first(tree, "//title/text()")
    if not title:
        return False
    variants = {tuple(_words(title))} | {tuple(_words(part)) for part in re.split(r"\s+[|\-–—:·»]+\s+", title)}
    candidates = [h1.text_content() for h1 in tree.xpath("//h1")[:3]]
    candidates.append(_first(tree, "//meta[@property='og:title']/@content"))
    for candidate in candidates:
        words = tuple(_words(candidate))
        if len(words) >= _HEADLINE_MIN_WORDS and words in variants:
            return True
    return False


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _WORD.findall(text)]


# The address -------------------------------------------------------------------------------------------------


def _same_address(listed: str, url: str, canonical: str) -> bool:
    try:
        listed_key = canonicalize(listed)
        return listed_key in {canonicalize(url), canonicalize(canonical) if canonical else ""}
    except InvalidURL:
        return False


def _path_and_query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.path or "/", {k.lower(): v for k, v in parse_qsl(parts.query)}


def _looks_like_article_address(path: str) -> bool:
    last = next((segment for segment in reversed(path.split("/")) if segment), "")
    last = re.sub(r"\.(?:s?html?|php|aspx?)$", "", last)
    return bool(_DATE_IN_PATH.search(path) or _LONG_ID.search(path) or len(_SLUG_WORD.findall(last)) >= 3)


def _listing_address(path: str, query: dict[str, str]) -> str:
    segments = [segment.lower() for segment in path.split("/") if segment]
    if not segments:
        return "the site's front page"
    listing = next((segment for segment in segments[:-1] if segment in _LISTING_SEGMENTS), "")
    if listing or segments[-1] in {"search", "archive", "archives"}:
        return f"/{listing or segments[-1]}/"
    if _SEARCH_PARAMETERS & query.keys():
        return "a search"
    return ""


def _paginated(path: str, query: dict[str, str]) -> bool:
    if re.search(r"/page/([2-9]|\d\d+)(?:/|$)", path):
        return True
    return any(name in _PAGE_PARAMETERS and value.isdigit() and int(value) >= 2 for name, value in query.items())


# The body ----------------------------------------------------------------------------------------------------


def _teasers(tree: HtmlElement) -> int:
    """<article> elements that are mostly a link: a list of stories, not a story."""
    count = 0
    for element in tree.xpath("//article[not(ancestor::article)]"):
        words = len(_WORD.findall(element.text_content()))
        linked = sum(len(_WORD.findall(a.text_content())) for a in element.xpath(".//a"))
        count += bool(words) and linked >= _TEASER_LINK_SHARE * words
    return count


def _link_density(tree: HtmlElement) -> float:
    """The share of link text among the words of the main region (<main>, role=main, else the body), leaving
    out navigation, header, footer and asides, which every page has."""
    regions = tree.xpath("//main | //*[@role='main']") or tree.xpath("//body") or [tree]
    words = linked = 0
    # (element, inside a link): a text belongs to its element, a tail to the element's parent.
    stack: list[tuple[HtmlElement, bool]] = [(regions[0], False)]
    while stack:
        element, in_link = stack.pop()
        count = len(_WORD.findall(element.text or ""))
        words, linked = words + count, linked + (count if in_link else 0)
        for child in element:
            tail = len(_WORD.findall(child.tail or ""))
            words, linked = words + tail, linked + (tail if in_link else 0)
            if isinstance(child.tag, str) and child.tag not in _NOT_CONTENT:
                stack.append((child, in_link or child.tag == "a"))
    return linked / words if words > 0 else 0.0
