"""Article text and metadata from an HTML page, with trafilatura.

trafilatura returns ``None`` when it finds no body; here that becomes a ``NotAnArticle`` or ``TooShort``
error with the reason, so the operator can see why a page was skipped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone

import trafilatura
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from newsdesk.pipeline.errors import NotAnArticle, TooShort

logger = logging.getLogger(__name__)

WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ExtractConfig:
    min_words: int = 50
    include_tables: bool = True


@dataclass(frozen=True)
class ExtractedArticle:
    title: str
    text: str  # paragraphs separated by a blank line
    author: str = ""
    published: datetime | None = None
    site_name: str = ""
    language: str = ""
    image_url: str = ""
    description: str = ""
    canonical_url: str = ""

    @property
    def word_count(self) -> int:
        return len(WORD.findall(self.text))


def extract_article(page: bytes | str, *, url: str, config: ExtractConfig | None = None) -> ExtractedArticle:
    config = config or ExtractConfig()
    if not page or not page.strip():
        raise NotAnArticle("the page is empty", url=url)
    # Parse once: read the timestamp metadata first, since trafilatura prunes the tree it is given.
    tree = load_html(page)
    if tree is None:
        raise NotAnArticle("the page is not parseable HTML", url=url)
    published = _published_time(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=config.include_tables,
    )
    if document is None or not (document.text or "").strip():
        raise NotAnArticle("no article body found on the page (an index, login or error page?)", url=url)

    title = _clean_line(document.title or "")
    paragraphs = [_clean_line(line) for line in document.text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    # trafilatura sometimes repeats the headline as the first line of the body.
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    text = "\n\n".join(paragraphs)
    words = len(WORD.findall(text))
    if words < config.min_words:
        raise TooShort(f"{words} words of text, fewer than the {config.min_words} an article needs", url=url)

    return ExtractedArticle(
        title=title,
        text=text,
        author=_clean_line(document.author or ""),
        published=published or _date_only(document.date),
        site_name=_clean_line(document.sitename or ""),
        language=document.language or "",
        image_url=document.image or "",
        description=_clean_line(document.description or ""),
        canonical_url=document.url or "",
    )


def _clean_line(value: str) -> str:
    return " ".join(value.split())


def _date_only(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value[:10], "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


_TIME_META = ("article:published_time", "og:published_time", "datePublished", "pubdate", "dc.date.issued")


def _published_time(tree: HtmlElement) -> datetime | None:
    """The full timestamp from the page's metadata; trafilatura keeps only the day."""
    for name in _TIME_META:
        for value in tree.xpath(
            "//meta[@property=$n or @name=$n or @itemprop=$n]/@content", n=name
        ) + tree.xpath("//time[@itemprop=$n]/@datetime", n=name):
            parsed = _iso(value)
            if parsed:
                return parsed
    return None


def _iso(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
