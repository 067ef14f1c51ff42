"""RSS 2.0 and Atom feeds of an article's approved comments. Names and text only: never an email address."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsdesk.articles.feeds import RssFeed
from newsdesk.articles.models import Article
from newsdesk.comments.text import render_comment

COMMENTS_IN_FEED = 100


class ArticleCommentsFeed(Feed):
    feed_type = RssFeed  # the channel description names the article: escaped for HTML once (see RssFeed)

    def get_object(self, request, pk):
        return get_object_or_404(Article.objects.published().defer("features", "text"), pk=pk)

    def title(self, article):
        return f"Comments on: {article.title}"

    def link(self, article):
        return article.get_absolute_url()

    def description(self, article):
        return f"Readers' comments on {article.title}."

    def items(self, article):
        # Only the columns a feed shows: the commenter's email is not even read.
        return (
            article.comments.approved()
            .only("id", "name", "body", "created_at", "approved_at", "article_id")
            .order_by("-created_at")[:COMMENTS_IN_FEED]
        )

    def item_title(self, comment):
        return f"Comment by {comment.name}"

    def item_description(self, comment):
        return render_comment(comment.body)

    def item_link(self, comment):
        # The short article address redirects to the full one; the fragment survives the redirect.
        return reverse("articles:detail-noslug", args=[comment.article_id]) + f"#comment-{comment.pk}"

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.name


class ArticleCommentsAtomFeed(ArticleCommentsFeed):
    feed_type = Atom1Feed
    subtitle = ArticleCommentsFeed.description
