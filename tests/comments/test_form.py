"""The "Leave a Reply" form: what a reader sees, and how mistakes are shown back to them."""

from __future__ import annotations

import pytest

from newsdesk.comments.models import Comment
from tests.comments.conftest import form_data, post_url
from tests.comments.pages import field_error, form_fields, parse, text

pytestmark = pytest.mark.django_db


def test_article_page_shows_leave_a_reply_form_with_required_markers(client, article):
    doc = parse(client.get(article.get_absolute_url()))

    assert text(doc.xpath("//section[@id='comments']//*[@id='respond']/h3")[0]) == "Leave a Reply"
    notes = text(doc.xpath("//*[@id='respond']//p[@class='comment-notes']")[0])
    assert notes == "Your email address will not be published. Required fields are marked *"
    labels = [text(label) for label in doc.xpath("//*[@id='respond']//form/p/label")]
    assert labels[:4] == ["Name *", "Email *", "Website", "Comment *"]
    form = doc.xpath("//*[@id='respond']//form")[0]
    assert form.get("action") == post_url(article)
    assert form.get("method") == "post"
    assert "csrfmiddlewaretoken" not in form_fields(doc)  # the shared page: the post's origin is checked


def test_missing_fields_reshow_the_article_page_with_a_message_per_field(article, post_comment):
    response = post_comment(article, name="", email="", body="")

    assert response.status_code == 200
    doc = parse(response)
    assert text(doc.xpath("//h1")[0]) == article.title
    assert field_error(doc, "name") == "Please enter your name."
    assert field_error(doc, "email") == "Please enter your email address."
    assert field_error(doc, "body") == "Please write your comment."
    assert field_error(doc, "website") == ""
    assert Comment.objects.count() == 0


def test_invalid_email_is_explained_and_the_typed_text_is_kept(article, post_comment):
    response = post_comment(
        article, name="Ada Lovelace", email="ada-at-example", website="https://ada.example", body="My words.\nKept."
    )

    doc = parse(response)
    assert field_error(doc, "email") == "Please enter a valid email address, like name@example.com."
    fields = form_fields(doc)
    assert fields["name"].get("value") == "Ada Lovelace"
    assert fields["email"].get("value") == "ada-at-example"
    assert fields["website"].get("value") == "https://ada.example"
    assert fields["body"].text_content().strip() == "My words.\nKept."
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://files.example.org/", "data:text/html,hi"])
def test_website_must_be_http_or_https(article, post_comment, website):
    response = post_comment(article, website=website)

    assert field_error(parse(response), "website") == "Please enter a web address starting with http:// or https://."
    assert Comment.objects.count() == 0


def test_valid_post_redirects_with_303_to_the_article(article, post_comment):
    response = post_comment(article)

    assert response.status_code == 303
    assert response["Location"].startswith(article.get_absolute_url())


def test_get_on_the_posting_url_is_not_allowed(client, article):
    assert client.get(post_url(article)).status_code == 405


def test_posting_to_an_unpublished_article_is_not_found(article, post_comment):
    article.status = article.Status.PENDING
    article.save()

    assert post_comment(article).status_code == 404
    assert Comment.objects.count() == 0


def test_stored_comment_keeps_ip_and_user_agent_for_moderators(client, article):
    client.post(post_url(article), form_data(article), HTTP_USER_AGENT="TestBrowser/1.0", REMOTE_ADDR="203.0.113.7")

    comment = Comment.objects.get()
    assert comment.ip_address == "203.0.113.7"
    assert comment.user_agent == "TestBrowser/1.0"


def test_x_forwarded_for_is_not_trusted_for_the_ip(client, article):
    client.post(post_url(article), form_data(article), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert Comment.objects.get().ip_address == "203.0.113.7"


def test_email_is_stored_normalised_for_the_approval_rule(article, post_comment):
    post_comment(article, email="  Ada@Example.ORG ")

    assert Comment.objects.get().email == "ada@example.org"
