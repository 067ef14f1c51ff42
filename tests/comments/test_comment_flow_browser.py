"""A reader's whole comment flow in a real Chromium: mistake, moderation, admin approval, threaded reply."""

from __future__ import annotations

import pytest

from newsdesk.comments.models import Comment
from tests.comments.conftest import SECRET_EMAIL

# The browser tests need the test extra's Playwright; without it this file is skipped, not a collection error.
expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses ORM calls
    # made while a loop runs; the calls here are ordinary blocking test code, so that guard is moot.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def assert_email_not_shown(page):
    assert SECRET_EMAIL not in page.content()


def click_and_wait(page, selector):
    """Click something that loads a new page, and wait until that page has loaded: without the wait, a
    check could run while the new document is still streaming in, before its later parts exist."""
    with page.expect_navigation():
        page.click(selector)


def test_comment_moderation_and_reply_flow(settings, live_server, browser_page, article, superuser, comment_clock):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 1
    page = browser_page
    article_url = live_server.url + article.get_absolute_url()

    # 1. The article page has the form; the honeypot is off-screen.
    page.goto(article_url)
    assert page.locator("#respond h3").inner_text() == "Leave a Reply"
    assert "Your email address will not be published." in page.locator("#respond").inner_text()
    assert page.locator("#id_homepage").bounding_box()["x"] < 0

    # 2. A missing field is explained, and what was typed is kept.
    page.fill("#id_name", "Ada")
    page.fill("#id_body", "First thoughts on the floods.")
    comment_clock.advance(1.1)  # past NEWSDESK_COMMENT_MIN_SECONDS
    click_and_wait(page, "text=Post Comment")
    assert page.locator(".comment-form-email .field-error").inner_text() == "Please enter your email address."
    assert page.input_value("#id_name") == "Ada"
    assert page.input_value("#id_body") == "First thoughts on the floods."

    # 3. A first comment waits for moderation; its author sees it marked so.
    page.fill("#id_email", SECRET_EMAIL)
    comment_clock.advance(1.1)  # past NEWSDESK_COMMENT_MIN_SECONDS
    click_and_wait(page, "text=Post Comment")
    assert page.locator(".messages").inner_text() == "Your comment is awaiting moderation."
    expect(page.locator(".comment-pending .comment-awaiting-moderation")).to_be_visible()
    assert page.locator("#comments-title").inner_text() == "0 comments"
    assert_email_not_shown(page)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    # 4. A moderator approves it in the admin.
    page.goto(live_server.url + "/admin/")
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", superuser.raw_password)
    click_and_wait(page, "input[type=submit]")
    click_and_wait(page, "text=Moderation queue")
    page.check(f"input[name=_selected_action][value='{comment.pk}']")
    page.select_option("select[name=action]", "approve")
    click_and_wait(page, "button[name=index]")
    assert "1 comment approved." in page.locator(".messagelist").inner_text()

    # 5. The article shows the comment and counts it.
    page.goto(article_url)
    assert page.locator(f"#comment-{comment.pk} .comment-content").inner_text() == "First thoughts on the floods."
    assert page.locator("a.comment-count").inner_text() == "1"
    assert page.locator("#comments-title").inner_text() == "1 comment"
    assert_email_not_shown(page)

    # 6. A reply from the same (now approved) address appears at once, nested under the comment.
    click_and_wait(page, f"#comment-{comment.pk} .comment-reply-link")
    assert page.locator(".replying-to").inner_text() == "Replying to Ada · cancel"
    page.fill("#id_name", "Ada")
    page.fill("#id_email", SECRET_EMAIL)
    page.fill("#id_body", "And a follow-up: https://example.org/levels")
    comment_clock.advance(1.1)  # past NEWSDESK_COMMENT_MIN_SECONDS
    click_and_wait(page, "text=Post Comment")
    reply = Comment.objects.get(parent=comment)
    assert reply.status == Comment.Status.APPROVED
    nested = page.locator(f"#comment-{comment.pk} > ol.children > #comment-{reply.pk}")
    assert "And a follow-up" in nested.inner_text()
    assert nested.locator("a[rel='nofollow ugc noopener']").get_attribute("href") == "https://example.org/levels"
    assert page.locator("#comments-title").inner_text() == "2 comments"
    assert_email_not_shown(page)

    # 7. Nowhere public shows the address.
    for path in ["/", article.source.get_absolute_url()]:
        page.goto(live_server.url + path)
        assert "2 comments" in page.content()
        assert_email_not_shown(page)
