"""Hostile input in every field comes back escaped or refused, never as live markup."""

from __future__ import annotations

import pytest

from newsdesk.comments.models import Comment
from tests.comments.pages import form_fields, has_class, parse, text

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def assert_no_live_markup(html: str):
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "onerror=alert(1)>" not in html
    doc = parse(html)
    assert doc.xpath("//script") == []
    assert doc.xpath("//img") == []
    assert doc.xpath("//*[@onerror]") == []
    assert [a for a in doc.xpath("//a/@href") if a.strip().lower().startswith("javascript:")] == []


@pytest.fixture
def approved_hostile_comment(article, make_comment):
    return make_comment(
        article,
        name=f"{SCRIPT}{IMG}",
        email="x@example.org",
        website='https://example.org/"><img src=x onerror=alert(1)>',
        body=f"{SCRIPT}\n\n{IMG} https://example.org/{IMG}",
    )


def test_stored_hostile_name_website_and_body_render_escaped(client, article, approved_hostile_comment):
    html = client.get(article.get_absolute_url()).content.decode()

    assert_no_live_markup(html)
    item = parse(html).xpath(f"//li[@id='comment-{approved_hostile_comment.pk}']")[0]
    assert text(item.xpath(f".//*[{has_class('comment-author')}]")[0]) == f"{SCRIPT}{IMG}"
    assert SCRIPT in text(item.xpath(f".//*[{has_class('comment-content')}]")[0])


def test_stored_javascript_website_is_not_linked(client, article, make_comment):
    comment = make_comment(article, name="Mallory", website="javascript:alert(1)")

    doc = parse(client.get(article.get_absolute_url()))

    author = doc.xpath(f"//li[@id='comment-{comment.pk}']//*[{has_class('comment-author')}]")[0]
    assert author.xpath(".//a") == []
    assert "javascript:" not in client.get(article.get_absolute_url()).content.decode()


def test_website_links_the_name_with_nofollow_ugc(client, article, make_comment):
    comment = make_comment(article, name="Ada", website="https://ada.example/")

    link = parse(client.get(article.get_absolute_url())).xpath(f"//li[@id='comment-{comment.pk}']//b/a")[0]

    assert (link.get("href"), link.get("rel"), text(link)) == ("https://ada.example/", "nofollow ugc", "Ada")


def test_hostile_text_posted_through_the_form_is_escaped_when_shown_back(client, article, post_comment):
    response = post_comment(
        article,
        name=SCRIPT,
        email=f"{IMG}@example.org",
        website="javascript:alert(1)",
        body=f"{SCRIPT} {IMG}",
    )

    html = response.content.decode()
    assert response.status_code == 200  # email and website are invalid: the form comes back
    assert_no_live_markup(html)
    fields = form_fields(parse(html))
    assert fields["name"].get("value") == SCRIPT
    assert fields["email"].get("value") == f"{IMG}@example.org"
    assert fields["body"].text_content().strip() == f"{SCRIPT} {IMG}"
    assert Comment.objects.count() == 0


def test_hostile_name_and_body_published_through_the_form_are_escaped(client, article, make_comment, post_comment):
    make_comment(article, email="ada@example.org")
    post_comment(article, name=f"{SCRIPT}{IMG}", email="ada@example.org", body=f"{SCRIPT}\n\n{IMG}")

    html = client.get(article.get_absolute_url()).content.decode()

    assert Comment.objects.filter(name=f"{SCRIPT}{IMG}", status=Comment.Status.APPROVED).exists()
    assert_no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_pending_comment_shown_to_its_author_is_escaped(client, article, post_comment):
    post_comment(article, name=SCRIPT, body=IMG)

    html = client.get(article.get_absolute_url()).content.decode()

    assert Comment.objects.get().status == Comment.Status.PENDING
    assert_no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_reply_target_name_is_escaped_in_replying_to(client, article, make_comment):
    parent = make_comment(article, name=SCRIPT)

    html = client.get(f"{article.get_absolute_url()}?replyto={parent.pk}").content.decode()

    assert_no_live_markup(html)
    assert text(parse(html).xpath("//*[@class='replying-to']")[0]) == f"Replying to {SCRIPT} · cancel"
