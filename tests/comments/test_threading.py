"""Threaded replies: a no-JavaScript reply link, nesting at least 3 deep, and a depth cap."""

from __future__ import annotations

import pytest

from newsdesk.comments.forms import PARENT_GONE_MESSAGE
from newsdesk.comments.models import MAX_DEPTH, Comment
from tests.comments.pages import comment_ids, form_errors, form_fields, has_class, parse, text

pytestmark = pytest.mark.django_db


def child_ids(doc, comment_id) -> list[str]:
    """The ids of the direct replies rendered inside comment ``comment_id``."""
    return [li.get("id") for li in doc.xpath(f"//li[@id='comment-{comment_id}']/ol[{has_class('children')}]/li")]


def test_each_comment_has_a_reply_link_that_works_without_javascript(client, article, make_comment):
    comment = make_comment(article, name="Bea")
    doc = parse(client.get(article.get_absolute_url()))

    link = doc.xpath(f"//li[@id='comment-{comment.pk}']//a[{has_class('comment-reply-link')}]")[0]
    assert link.get("href") == f"{article.get_absolute_url()}?replyto={comment.pk}#respond"


def test_reply_link_preselects_the_parent_and_offers_cancel(client, article, make_comment):
    comment = make_comment(article, name="Bea")

    doc = parse(client.get(f"{article.get_absolute_url()}?replyto={comment.pk}"))

    assert form_fields(doc)["parent"].get("value") == str(comment.pk)
    replying = doc.xpath("//*[@id='respond']/p[@class='replying-to']")[0]
    assert text(replying) == "Replying to Bea · cancel"
    assert replying.xpath(".//a")[0].get("href") == f"{article.get_absolute_url()}#respond"


@pytest.mark.parametrize("replyto", ["999999", "abc", ""])
def test_reply_link_to_an_unknown_comment_shows_a_plain_form(client, article, make_comment, replyto):
    make_comment(article)

    doc = parse(client.get(f"{article.get_absolute_url()}?replyto={replyto}"))

    assert form_fields(doc)["parent"].get("value") is None
    assert doc.xpath("//*[@class='replying-to']") == []


def test_replies_nest_three_deep_and_render_nested(client, article, make_comment, post_comment):
    top = make_comment(article, email="ada@example.org", body="Top")
    post_comment(article, email="ada@example.org", body="Reply one", parent=top.pk)
    first = Comment.objects.get(body="Reply one")
    post_comment(article, email="ada@example.org", body="Reply two", parent=first.pk)
    second = Comment.objects.get(body="Reply two")

    doc = parse(client.get(article.get_absolute_url()))

    assert (first.parent_id, second.parent_id) == (top.pk, first.pk)
    assert child_ids(doc, top.pk) == [f"comment-{first.pk}"]
    assert child_ids(doc, first.pk) == [f"comment-{second.pk}"]
    assert "depth-3" in doc.xpath(f"//li[@id='comment-{second.pk}']")[0].get("class")
    assert "Reply two" in text(doc.xpath(f"//li[@id='comment-{top.pk}']")[0])


def test_replies_past_the_maximum_depth_attach_at_the_maximum_depth(article, make_comment, post_comment):
    chain = [make_comment(article, email="ada@example.org", body="Depth 1")]
    for depth in range(2, MAX_DEPTH + 1):
        chain.append(make_comment(article, email="ada@example.org", body=f"Depth {depth}", parent=chain[-1]))

    post_comment(article, email="ada@example.org", body="Too deep", parent=chain[-1].pk)

    too_deep = Comment.objects.get(body="Too deep")
    assert too_deep.parent == chain[MAX_DEPTH - 2]
    assert len(too_deep.ancestors()) == MAX_DEPTH


def test_reply_to_a_comment_that_is_not_approved_is_refused_with_text_kept(article, make_comment, post_comment):
    spam = make_comment(article, status=Comment.Status.SPAM)

    response = post_comment(article, body="My reply", parent=spam.pk)

    doc = parse(response)
    assert response.status_code == 200
    assert PARENT_GONE_MESSAGE in form_errors(doc)
    assert form_fields(doc)["body"].text_content().strip() == "My reply"
    assert not Comment.objects.filter(body="My reply").exists()


def test_reply_to_a_comment_on_another_article_is_refused(article, make_article, make_comment, post_comment):
    elsewhere = make_comment(make_article("story-2", "Other"))

    post_comment(article, body="Cross-posted", parent=elsewhere.pk)

    assert not Comment.objects.filter(body="Cross-posted").exists()


def test_replies_whose_parent_is_gone_show_at_the_top_level(client, article, make_comment):
    parent = make_comment(article, body="Parent")
    reply = make_comment(article, body="Orphan", parent=parent)
    parent.status = Comment.Status.SPAM
    parent.save()

    doc = parse(client.get(article.get_absolute_url()))

    assert comment_ids(doc) == [f"comment-{reply.pk}"]
    assert doc.xpath(f"//section[@id='comments']/ol/li[@id='comment-{reply.pk}']")


def test_deleting_a_comment_keeps_its_replies(article, make_comment):
    parent = make_comment(article)
    reply = make_comment(article, parent=parent)

    parent.delete()

    reply.refresh_from_db()
    assert reply.parent is None


def test_reply_with_a_mistake_keeps_replying_to_the_same_comment(article, make_comment, post_comment):
    parent = make_comment(article, name="Bea")

    doc = parse(post_comment(article, name="", body="My reply", parent=parent.pk))

    assert form_fields(doc)["parent"].get("value") == str(parent.pk)
    assert text(doc.xpath("//*[@class='replying-to']")[0]) == "Replying to Bea · cancel"
