"""Reading rendered pages the way a reader sees them (lxml + XPath; no cssselect dependency)."""

from __future__ import annotations

import lxml.html


def parse(response_or_html) -> lxml.html.HtmlElement:
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.content.decode()
    return lxml.html.fromstring(html)


def has_class(name: str) -> str:
    """An XPath predicate body matching elements with CSS class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def text(element) -> str:
    return " ".join(element.text_content().split())


def form_fields(doc) -> dict:
    return {el.get("name"): el for el in doc.xpath("//*[@id='respond']//form//*[self::input or self::textarea]")}


def field_error(doc, field: str) -> str:
    errors = doc.xpath(f"//p[{has_class('comment-form-' + field)}]//*[{has_class('field-error')}]")
    return " ".join(text(el) for el in errors)


def form_errors(doc) -> str:
    return " ".join(text(el) for el in doc.xpath(f"//*[{has_class('form-errors')}]"))


def comment_count_heading(doc) -> str:
    return text(doc.xpath("//section[@id='comments']/h2")[0])


def comment_ids(doc) -> list[str]:
    """The ids of the comments shown, in page order (e.g. ["comment-3", "comment-4"])."""
    return [li.get("id") for li in doc.xpath(f"//section[@id='comments']//li[{has_class('comment')}]")]


def comment_content(doc, comment_id) -> lxml.html.HtmlElement:
    return doc.xpath(f"//li[@id='comment-{comment_id}']/article/div[{has_class('comment-content')}]")[0]
