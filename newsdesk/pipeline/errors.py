"""One typed error tree for the whole pipeline.

    PipelineError                      any stage; carries .reason (a Reason) and .transient
    ├── FetchError                     the request did not produce a usable body
    │   ├── InvalidURL                 not an http(s) URL we can request
    │   ├── BlockedAddress             resolves to a private/loopback address (SSRF guard)
    │   ├── ConnectError               DNS failure, refused or reset connection   (transient)
    │   ├── FetchTimeout               connect, read or total time limit passed    (transient)
    │   ├── TooManyRedirects           more redirects than allowed
    │   ├── TooLarge                   body (or decompressed body) over the size cap
    │   ├── HTTPStatusError            4xx/5xx answer; 429 and 5xx are transient
    │   ├── UnexpectedContentType      e.g. an image where a page was expected
    │   ├── BadResponse                an answer that cannot be decoded (corrupt gzip, broken encoding)
    │   └── RobotsForbidden            the site's robots.txt disallows this URL for us
    ├── FeedError
    │   └── FeedParseError             not a feed we can read
    │       └── WebPageNotFeed         a web page (HTML) where a feed or sitemap was expected
    ├── ExtractError
    │   ├── NotAnArticle               no article body found (index page, empty page)
    │   └── TooShort                   a body, but too short to be an article
    ├── Duplicate                      an article we already store, reached under another URL
    └── InternalError                  anything else that went wrong: a bug, ours or a library's; the
                                       exception's class leads the message (``InternalError.of``)

An operator reads ``reason.label`` and the message on the source's health page; code branches on
``reason`` and ``transient``, never on message text.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    INVALID_URL = "invalid_url"
    BLOCKED_ADDRESS = "blocked_address"
    CONNECT_ERROR = "connect_error"
    TIMEOUT = "timeout"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    TOO_LARGE = "too_large"
    HTTP_CLIENT_ERROR = "http_4xx"
    HTTP_NOT_FOUND = "http_404"
    HTTP_SERVER_ERROR = "http_5xx"
    HTTP_RATE_LIMITED = "http_429"
    UNEXPECTED_CONTENT_TYPE = "unexpected_content_type"
    BAD_RESPONSE = "bad_response"
    ROBOTS_FORBIDDEN = "robots_forbidden"
    DUPLICATE = "duplicate"
    FEED_PARSE_ERROR = "feed_parse_error"
    WEB_PAGE = "web_page"
    NOT_AN_ARTICLE = "not_an_article"
    TOO_SHORT = "too_short"
    INTERNAL_ERROR = "internal_error"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Reason.INVALID_URL: "Invalid URL",
    Reason.BLOCKED_ADDRESS: "Private or loopback address refused",
    Reason.CONNECT_ERROR: "Could not connect",
    Reason.TIMEOUT: "Timed out",
    Reason.TOO_MANY_REDIRECTS: "Too many redirects",
    Reason.TOO_LARGE: "Too large",
    Reason.HTTP_CLIENT_ERROR: "HTTP client error (4xx)",
    Reason.HTTP_NOT_FOUND: "HTTP 404 not found",
    Reason.HTTP_SERVER_ERROR: "HTTP server error (5xx)",
    Reason.HTTP_RATE_LIMITED: "HTTP 429 rate limited",
    Reason.UNEXPECTED_CONTENT_TYPE: "Unexpected content type",
    Reason.BAD_RESPONSE: "Unreadable response",
    Reason.ROBOTS_FORBIDDEN: "robots.txt forbids",
    Reason.DUPLICATE: "Duplicate of a stored article",
    Reason.FEED_PARSE_ERROR: "Feed could not be parsed",
    Reason.WEB_PAGE: "A web page, not a feed",
    Reason.NOT_AN_ARTICLE: "Not an article",
    Reason.TOO_SHORT: "Too short to be an article",
    Reason.INTERNAL_ERROR: "Internal error",
}


class PipelineError(Exception):
    """Base of every error a pipeline stage raises on purpose."""

    reason: Reason = Reason.INTERNAL_ERROR
    transient: bool = False

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url

    def __str__(self) -> str:
        return f"{self.reason.label}: {self.message}"


class FetchError(PipelineError):
    pass


class InvalidURL(FetchError):
    reason = Reason.INVALID_URL


class BlockedAddress(FetchError):
    reason = Reason.BLOCKED_ADDRESS


class ConnectError(FetchError):
    reason = Reason.CONNECT_ERROR
    transient = True


class FetchTimeout(FetchError):
    reason = Reason.TIMEOUT
    transient = True


class TooManyRedirects(FetchError):
    reason = Reason.TOO_MANY_REDIRECTS


class TooLarge(FetchError):
    reason = Reason.TOO_LARGE


class HTTPStatusError(FetchError):
    """A 4xx or 5xx answer. ``retry_after`` (seconds) is kept when the server sent one."""

    def __init__(
        self, message: str, *, status_code: int, url: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, url=url)
        self.status_code = status_code
        self.retry_after = retry_after
        if status_code == 404 or status_code == 410:
            self.reason = Reason.HTTP_NOT_FOUND
        elif status_code == 429:
            self.reason = Reason.HTTP_RATE_LIMITED
        elif status_code >= 500:
            self.reason = Reason.HTTP_SERVER_ERROR
        else:
            self.reason = Reason.HTTP_CLIENT_ERROR
        self.transient = status_code == 429 or status_code >= 500


class UnexpectedContentType(FetchError):
    reason = Reason.UNEXPECTED_CONTENT_TYPE


class BadResponse(FetchError):
    reason = Reason.BAD_RESPONSE


class RobotsForbidden(FetchError):
    reason = Reason.ROBOTS_FORBIDDEN


class FeedError(PipelineError):
    pass


class FeedParseError(FeedError):
    reason = Reason.FEED_PARSE_ERROR


class WebPageNotFeed(FeedParseError):
    """The source's address serves an HTML page: the message names the feed the page links to, if any."""

    reason = Reason.WEB_PAGE


class ExtractError(PipelineError):
    pass


class NotAnArticle(ExtractError):
    reason = Reason.NOT_AN_ARTICLE


class TooShort(ExtractError):
    reason = Reason.TOO_SHORT


class Duplicate(PipelineError):
    reason = Reason.DUPLICATE


class InternalError(PipelineError):
    """Not raised on purpose: an unexpected exception, turned into a value by ``newsdesk.ingest.isolation``
    so that it fails only the item it happened to (a source's poll, a feed entry, an article)."""

    reason = Reason.INTERNAL_ERROR

    @classmethod
    def of(cls, exc: BaseException, *, url: str | None = None) -> InternalError:
        """``exc`` as a value, its class leading a message any database can store (``readable``): whatever
        the exception carried (a hostile URL's lone surrogate, a NUL), recording the failure must not fail."""
        error = cls(readable(f"{type(exc).__name__}: {exc}"), url=url)
        error.__cause__ = exc
        return error


MESSAGE_MAX_CHARS = 2000


def readable(text: object, limit: int = MESSAGE_MAX_CHARS) -> str:
    """Text any database stores and any log prints: lone surrogates and NULs escaped, bounded length."""
    value = str(text).encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
    return value if len(value) <= limit else value[: limit - 1] + "…"
