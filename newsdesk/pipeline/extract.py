"""Article text and metadata from an HTML page, with trafilatura.

``extract_article`` in stages:

1. parse the page once and read what trafilatura does not keep: the full publication timestamp and the
   language the page declares;
2. extract the body and metadata with trafilatura in precision mode; a page where that finds no article
   gets trafilatura's default cascade before it is rejected;
3. clean the body: one paragraph per line, without the headline when the body repeats it;
4. reject a body too short to be an article, counting words so that Chinese or Japanese text is not short;
   a page that shows it is an article (``evidence``: article metadata, a date, a headline, listed under its
   own address) is kept from about 25 words, a brief; a page that looks like a listing needs the full 50;
5. return an ``ExtractedArticle``, its picture and canonical address only when they are usable http(s) URLs.

trafilatura returns ``None`` when it finds no body; here that becomes a ``NotAnArticle`` or ``TooShort``
error with the reason, so the operator can see why a page was skipped.

The options are measured by ``bench/extraction.py`` (real pages, the scrapinghub measure): precision mode
and the headline rule each raise F1 over plain ``trafilatura.extract``; see ``bench/README.md``.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsdesk.pipeline.errors import NotAnArticle, TooShort
from newsdesk.pipeline.evidence import Evidence, article_evidence, too_short_reason, words_needed
from newsdesk.pipeline.urls import is_web_url, join_url

if TYPE_CHECKING:
    from trafilatura.metadata import Document

logger = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
# Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Japanese kana, Chinese
# characters): there ``\w+`` takes a whole phrase for one word, so every two characters count as a word,
# about the average word length in Chinese and Japanese.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def count_words(text: str) -> int:
    unspaced = len(UNSPACED.findall(text))
    return len(WORD.findall(UNSPACED.sub(" ", text))) + (unspaced + 1) // 2


@dataclass(frozen=True)
class ExtractConfig:
    # The words of text a page needs to be kept, by how plainly it is an article (``evidence.words_needed``):
    # a page without signs either way, or one that looks like a listing, needs ``min_words``.
    min_words: int = 50
    brief_min_words: int = 25  # article metadata and a date, or as strong
    some_evidence_min_words: int = 35
    include_tables: bool = True
    # trafilatura's favor_precision: less boilerplate (related links, sign-up boxes, captions) for a little
    # recall; on the benchmark pages it raises F1 (see bench/README.md).
    favor_precision: bool = True


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    text: str  # paragraphs separated by a blank line
    author: str = ""
    published: datetime | None = None
    site_name: str = ""
    language: str = ""  # ISO 639 code; from the page's own declaration (<html lang>, Content-Language)
    image_url: str = ""
    description: str = ""
    canonical_url: str = ""

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def extract_article(
    page: bytes | str, *, url: str, config: ExtractConfig | None = None, listed_as: str = ""
) -> ExtractedArticle:
    """The article at ``url``; ``listed_as`` is the address a feed, a sitemap or an editor gave for the page
    ("" when none did), which counts for a short page when the page still answers under it."""
    config = config or ExtractConfig()
    if not page or not page.strip():
        raise NotAnArticle("the page is empty", url=url)
    # 1. Parse once; read the page's own statements before trafilatura, which may prune the tree it is given.
    tree = load_html(page)
    if tree is None:
        raise NotAnArticle("the page is not parseable HTML", url=url)
    published = _published_time(tree)
    language = _declared_language(tree)

    # 2. Precision mode skips trafilatura's rescues (baseline, recall retry) for pages its main extractor
    # misreads; such a page gets the default cascade, on a fresh parse, before it is called short or empty.
    document = _trafilatura(tree, url, config, favor_precision=config.favor_precision)
    title, text = _title_and_body(document)
    if config.favor_precision and (not text or count_words(text) < config.min_words):
        fallback = _trafilatura(load_html(page), url, config, favor_precision=False)
        fallback_title, fallback_text = _title_and_body(fallback)
        if count_words(fallback_text) > count_words(text):
            logger.debug("precision mode found too little, default mode used url=%s", url)
            document, title, text = fallback, fallback_title, fallback_text
    if document is None or not text:
        raise NotAnArticle("no article body found on the page (an index, login or error page?)", url=url)

    # 4. Too short to be an article: the page's evidence decides how short an article may be. It is read
    # only for a short page, on a fresh parse (trafilatura prunes the tree it was given).
    words = count_words(text)
    if words < config.min_words:
        _check_length(words, load_html(page), url=url, listed_as=listed_as, config=config)

    # 5. The article.
    return ExtractedArticle(
        title=title,
        text=text,
        author=_clean_line(document.author or ""),
        published=published or _date_only(document.date),
        site_name=_clean_line(document.sitename or ""),
        language=document.language or language,
        # Addresses a stranger's page claims: only usable http(s) ones leave here (a javascript: or data:
        # og:image would reach the API and the export; an og:url with port 99999 would fail the ingest).
        image_url=_web_url(url, document.image),
        description=_clean_line(document.description or ""),
        canonical_url=_web_url(url, document.url),
    )


def _check_length(words: int, tree: HtmlElement | None, *, url: str, listed_as: str, config: ExtractConfig) -> None:
    """Raise TooShort when ``words`` are fewer than the page's evidence of being an article asks for."""
    evidence = article_evidence(tree, url=url, listed_as=listed_as) if tree is not None else Evidence()
    needed = words_needed(
        evidence, brief=config.brief_min_words, some=config.some_evidence_min_words, default=config.min_words
    )
    if words < needed:
        raise TooShort(too_short_reason(words, needed, evidence), url=url)


def _web_url(page_url: str, claimed: str | None) -> str:
    absolute = join_url(page_url, claimed) if claimed else ""
    return absolute if is_web_url(absolute) else ""


def _trafilatura(
    tree: HtmlElement | None, url: str, config: ExtractConfig, *, favor_precision: bool
) -> Document | None:
    if tree is None:
        return None
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=config.include_tables,
        favor_precision=favor_precision,
    )
    # A dict only with as_dict=True, which trafilatura's annotation (no overloads) cannot say.
    return cast("Document | None", document)


# 3. The body -----------------------------------------------------------------------------------------------


def _title_and_body(document: Document | None) -> tuple[str, str]:
    """The title, and the body as paragraphs separated by a blank line, without a repeated headline."""
    if document is None:
        return "", ""
    title = _clean_line(document.title or "")
    paragraphs = [p for p in (_clean_line(line) for line in (document.text or "").splitlines()) if p]
    if paragraphs and title and _is_headline(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    return title, "\n\n".join(paragraphs)


# A separator between a headline and a site or section name in a title: "Headline | Site", "Opinion - Headline".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»/]+\s+")
_HEADLINE_MAX_WORDS = 30
_HEADLINE_OVERLAP = 0.8


def _is_headline(line: str, title: str) -> bool:
    """Whether the first line of the body is the title again, which trafilatura often keeps.

    It is when it has the same words (case and punctuation aside), the same words as the title without a
    leading or trailing part after a separator (the <title> "Headline | Site name"), or when it is a short line
    that shares at least 80% of its words with the title and the title 80% of its words with it (the page's
    headline reworded from the metadata one: "Julian Assange: Sweden drops rape investigation" under the title
    "Sweden drops Assange rape investigation"). A lede sentence is longer and says more than its headline.
    """
    words = _words(line)
    if not words:
        return False
    separators = list(_TITLE_SEPARATOR.finditer(title))
    variants = [title]
    if separators:
        variants += [title[separators[0].end() :], title[: separators[-1].start()]]
    if any(_words(variant) == words for variant in variants):
        return True
    title_words = _words(title)
    if len(words) > _HEADLINE_MAX_WORDS or not title_words:
        return False
    shared = sum((Counter(words) & Counter(title_words)).values())
    return shared >= _HEADLINE_OVERLAP * len(words) and shared >= _HEADLINE_OVERLAP * len(title_words)


def _words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def _clean_line(value: str) -> str:
    return " ".join(value.split())


# 1. What trafilatura does not keep ---------------------------------------------------------------------------

_LANGUAGE_DECLARATIONS = (
    "//meta[translate(@http-equiv, 'CONTENTLAGU', 'contentlagu')='content-language']/@content",
    "//meta[@property='og:locale']/@content",
    "/html/@lang",
    "/html/@*[name()='xml:lang']",
)
_LANGUAGE_CODE = re.compile(r"\s*([a-zA-Z]{2,3})(?![a-zA-Z])")
_NOT_A_LANGUAGE = {"und", "mul", "zxx", "mis"}  # ISO 639 codes for undetermined, multiple, none, uncoded


def _declared_language(tree: HtmlElement) -> str:
    """The language the page declares, as an ISO 639 code ("en-GB", "en_GB" -> "en"), or "".

    trafilatura reports a language only with a detector installed; the page's own declaration costs nothing.
    The Content-Language meta and og:locale come first, as in trafilatura's own language check: <html lang> is
    the one most often left at a template's default.
    """
    for query in _LANGUAGE_DECLARATIONS:
        for value in tree.xpath(query):
            match = _LANGUAGE_CODE.match(value)
            if match and match.group(1).lower() not in _NOT_A_LANGUAGE:
                return match.group(1).lower()
    return ""


def _date_only(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


_TIME_META = ("article:published_time", "og:published_time", "datePublished", "pubdate", "dc.date.issued")


def _published_time(tree: HtmlElement) -> datetime | None:
    """The full timestamp from the page's metadata; trafilatura keeps only the day."""
    for name in _TIME_META:
        for value in tree.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name) + tree.xpath(
            "//time[@itemprop=$n]/@datetime", n=name
        ):
            parsed = _iso(value)
            if parsed:
                return parsed
    return None


def _iso(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
