"""With JavaScript turned off, a reader can read an article (a stored page) and post a comment on it."""

from __future__ import annotations

import pytest

from newsdesk.comments.models import Comment
from tests.pages.conftest import add_comments

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API keeps an event loop running in this thread; the ORM calls here are plain test code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def no_script_page(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_context(java_script_enabled=False).new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def test_a_reader_without_javascript_reads_and_comments(
    settings, live_server, no_script_page, long_article, comment_clock
):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 1
    add_comments(long_article, 3)
    Comment.objects.create(
        article=long_article,
        name="Ada",
        email="ada@example.org",
        body="Earlier, approved.",
        status=Comment.Status.APPROVED,
    )  # so Ada's next comment is published at once
    page = no_script_page
    url = live_server.url + long_article.get_absolute_url()
    page.goto(url)  # stores the page
    page.goto(url)  # answered from the stored copy, with this browser's own tokens

    assert page.locator("h1").inner_text() == long_article.title
    assert "Reader 2" in page.locator("#comments").inner_text()
    page.fill("#id_name", "Ada")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_body", "Read and written without a line of JavaScript.")
    comment_clock.advance(1.1)  # past NEWSDESK_COMMENT_MIN_SECONDS
    with page.expect_navigation():
        page.click("text=Post Comment")

    assert page.locator(".messages").inner_text() == "Thank you, your comment is published."
    assert "Read and written without a line of JavaScript." in page.locator("#comments").inner_text()
    assert Comment.objects.filter(body__startswith="Read and written").get().status == Comment.Status.APPROVED
