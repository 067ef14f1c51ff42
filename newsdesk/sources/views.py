from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from newsdesk.articles.models import Article
from newsdesk.articles.views import ARTICLES_PER_PAGE
from newsdesk.comments.models import approved_comment_count
from newsdesk.sources.models import Source


def source_list(request):
    sources = Source.objects.filter(is_active=True).annotate(
        published_count=Count("articles", filter=Q(articles__status=Article.Status.READY))
    )
    return render(request, "sources/source_list.html", {"sources": sources})


def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    articles = (source.articles.published().latest_first().select_related("source")
                .annotate(approved_comment_count=approved_comment_count()))
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sources/source_detail.html", {"source": source, "page": page})
