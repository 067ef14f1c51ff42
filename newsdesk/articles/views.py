from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from newsdesk.articles.models import Article
from newsdesk.comments.models import approved_comment_count

ARTICLES_PER_PAGE = 30


def front_page(request):
    articles = Article.objects.published().latest_first().select_related("source")
    articles = articles.annotate(approved_comment_count=approved_comment_count())  # one query for all counts
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/front_page.html", {"page": page})


def article_detail(request, pk, slug=None):
    article = get_object_or_404(Article.objects.published().select_related("source"), pk=pk)
    if slug != article.slug:
        # One address per article: an old or missing slug (e.g. after a headline fix) redirects.
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})
