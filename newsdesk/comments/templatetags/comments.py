"""``{% load comments %}``: the comment count and the whole comment section of an article page.

{% comment_count article %}     the number of approved comments (an annotation when present)
{% comment_section article %}   <section id="comments">: heading, threaded comments, "Leave a Reply"
{{ comment.body|comment_text }} plain text to safe HTML with clickable links
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.db.models import Q

from newsdesk.comments import spam
from newsdesk.comments.forms import CommentForm
from newsdesk.comments.models import MAX_DEPTH, Comment
from newsdesk.comments.text import render_comment
from newsdesk.comments.views import pending_ids

register = template.Library()


@dataclass
class Node:
    comment: Comment
    depth: int = 1
    children: list[Node] = field(default_factory=list)


@register.simple_tag
def comment_count(article) -> int:
    count = getattr(article, "approved_comment_count", None)
    if count is None:
        count = article.comments.approved().count()
    return count


@register.filter
def comment_text(body: str):
    return render_comment(body)


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    request = context.get("request")
    session = getattr(request, "session", None)
    own_pending = pending_ids(session) if session is not None else []
    comments = list(
        article.comments.filter(
            Q(status=Comment.Status.APPROVED) | Q(status=Comment.Status.PENDING, pk__in=own_pending)
        )
    )
    form = context.get("comment_form")
    if form is None or form.article.pk != article.pk:
        form = CommentForm(article=article, initial={"parent": _replyto(request, comments)})
    return {
        "article": article,
        "request": request,
        "form": form,
        "replying_to": _replying_to(form, comments),
        # A stored page (web.pagecache) passes a placeholder, replaced with a fresh token per answer.
        "token": context.get("comment_issued_token") or spam.issue_token(article.pk),
        "shared_page": context.get("shared_page", False),
        "threads": build_threads(comments),
        "count": sum(1 for c in comments if c.status == Comment.Status.APPROVED),
        "max_depth": MAX_DEPTH,
    }


def build_threads(comments: list[Comment]) -> list[Node]:
    """Comments (oldest first) as a forest of Nodes.

    A reply whose parent is not shown (held, spam or deleted) is shown at the top level, so every
    comment that the count includes is on the page.
    """
    nodes = {c.pk: Node(c) for c in comments}
    roots = []
    for comment in comments:
        parent = nodes.get(comment.parent_id)
        if parent is None:
            roots.append(nodes[comment.pk])
        else:
            parent.children.append(nodes[comment.pk])
    _set_depths(roots, 1)
    return roots


def _set_depths(nodes: list[Node], depth: int) -> None:
    for node in nodes:
        node.depth = min(depth, MAX_DEPTH)
        _set_depths(node.children, depth + 1)


def _replyto(request, comments: list[Comment]) -> int | None:
    """The approved comment named by ``?replyto=<id>`` (the no-JavaScript reply link), if valid."""
    raw = request.GET.get("replyto", "") if request is not None else ""
    if not raw.isdigit():
        return None
    wanted = int(raw)
    return next((c.pk for c in comments if c.pk == wanted and c.status == Comment.Status.APPROVED), None)


def _replying_to(form: CommentForm, comments: list[Comment]) -> Comment | None:
    parent_id = form["parent"].value()
    if parent_id in (None, ""):
        return None
    return next((c for c in comments if str(c.pk) == str(parent_id) and c.status == Comment.Status.APPROVED), None)
