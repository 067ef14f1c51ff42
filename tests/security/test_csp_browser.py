"""The Content-Security-Policy holds in a real Chromium: no page of ours, nor the admin, breaks it, and they work.

Every violation Chromium reports (the ``securitypolicyviolation`` event, and its console error) is collected
on each page a reader or an editor sees; there must be none, and the pages must still do their job.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from newsdesk.comments.models import Comment
from newsdesk.entities.models import Entity
from newsdesk.entities.understand import understand_pending
from tests.comments.conftest import browser_page, chromium_path, superuser  # noqa: F401
from tests.entities.conftest import seed_article  # noqa: F401

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
    `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def watched_page(browser_page):
    """The browser page, recording every CSP violation and script error it meets."""
    problems = []
    browser_page.add_init_script(LISTEN)
    # A failed load shows as a console error without its address; record the address instead (no favicon here).
    browser_page.on(
        "console",
        lambda m: (
            problems.append(m.text) if m.type == "error" and not m.text.startswith("Failed to load resource") else None
        ),
    )
    browser_page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )
    browser_page.on("pageerror", lambda error: problems.append(str(error)))
    browser_page.problems = problems
    return browser_page


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    violations = page.evaluate("window.__cspViolations")
    assert violations == [], f"{url}: {violations}"
    assert page.problems == [], f"{url}: {page.problems}"


@pytest.fixture
def newsroom(transactional_db, seed_article, make_source, make_article, make_story):
    """An article with a story (timeline of two days), approved comments, and its entities analysed."""
    other = make_source("Metro Wire")
    second = make_article("csp-2", other, title="Second report", hours_ago=30)
    story = make_story(seed_article, second)
    for n in range(3):
        Comment.objects.create(
            article=seed_article,
            name=f"Reader {n}",
            email=f"r{n}@example.org",
            body=f"Comment {n} with https://example.org/{n}",
            status=Comment.Status.APPROVED,
        )
    Comment.objects.create(
        article=seed_article,
        name="Ada",
        email="ada@example.org",
        body="Approved before.",
        status=Comment.Status.APPROVED,
    )
    understand_pending()
    seed_article.refresh_from_db()
    return seed_article, story


def test_reader_pages_break_no_policy_and_work(settings, live_server, watched_page, newsroom):
    settings.NEWSDESK_COMMENT_MIN_SECONDS = 0
    article, story = newsroom
    place = Entity.objects.get(name="Al Anbar")
    person = Entity.objects.filter(type="person").first()
    page, base = watched_page, live_server.url
    for address in [
        "/",
        article.get_absolute_url(),
        story.get_absolute_url(),
        place.get_absolute_url(),
        person.get_absolute_url(),
        "/search/?q=anbar",
        reverse("sources:list"),
        article.source.get_absolute_url(),
    ]:
        visit(page, base + address)

    # Styling survived: the stylesheet applies (the header's layout comes from site.css only).
    visit(page, base + story.get_absolute_url())
    assert page.locator(".timeline-bars .bar").count() >= 1
    assert page.locator(".timeline-bars .bar rect").first.bounding_box()["width"] > 0
    assert page.eval_on_selector("body", "b => getComputedStyle(b).fontFamily") != ""

    # The comment form posts and the comment is published.
    visit(page, base + article.get_absolute_url())
    page.fill("#id_name", "Ada")
    page.fill("#id_email", "ada@example.org")
    page.fill("#id_body", "Posted under a strict policy.")
    with page.expect_navigation():
        page.click("text=Post Comment")
    assert page.locator(".messages").inner_text() == "Thank you, your comment is published."
    assert page.evaluate("window.__cspViolations") == []
    assert page.problems == []


def test_admin_pages_break_no_policy_and_work(live_server, watched_page, newsroom, superuser):  # noqa: F811
    page, base = watched_page, live_server.url
    visit(page, base + reverse("admin:login"))
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", superuser.raw_password)
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.problems == [] and page.evaluate("window.__cspViolations") == []

    for name in [
        "admin:comments_comment_changelist",
        "admin:articles_article_changelist",
        "admin:sources_source_changelist",
        "admin:sources_source_import_opml",
        "admin:stories_story_changelist",
        "admin:axes_accessattempt_changelist",
    ]:
        visit(page, base + reverse(name))
    # Our own admin page: moving articles between stories (an action's intermediate page).
    visit(page, base + reverse("admin:articles_article_changelist"))
    page.check("#action-toggle")
    page.select_option("select[name=action]", "move_to_story")
    with page.expect_navigation():
        page.click("button[name=index]")
    assert page.evaluate("window.__cspViolations") == [] and page.problems == []
    assert "story" in page.locator("#content").inner_text().lower()
    # The change list's JavaScript works: "select all" ticks every row and shows the action bar's count.
    visit(page, base + reverse("admin:comments_comment_changelist"))
    page.check("#action-toggle")
    assert page.locator("input[name=_selected_action]:checked").count() == Comment.objects.count()
    assert "selected" in page.locator(".action-counter").inner_text()
    article, story = newsroom
    for name, pk in [
        ("admin:comments_comment_change", Comment.objects.first().pk),
        ("admin:articles_article_change", article.pk),
        ("admin:sources_source_change", article.source_id),
        ("admin:stories_story_change", story.pk),
    ]:
        visit(page, base + reverse(name, args=[pk]))


def test_api_docs_render_under_their_own_policy(live_server, watched_page, newsroom):
    page = watched_page
    visit(page, live_server.url + "/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=15_000)  # Swagger UI drew the operations
    assert page.locator(".opblock").count() > 5
    # "Try it out" calls the API from the page (connect-src) and shows the answer.
    page.click(".opblock-summary-path[data-path='/api/v1/sources']")
    page.click("button.try-out__btn")
    page.click("button.execute")
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert page.evaluate("window.__cspViolations") == []
    assert page.problems == []
