from __future__ import annotations

from django.shortcuts import render

from newsdesk.search.backends import get_backend
from newsdesk.search.backends.base import FilterUnavailable, InvalidCursor
from newsdesk.search.forms import SearchForm
from newsdesk.search.results import with_objects

RESULTS_PER_PAGE = 20


def search_page(request):
    """``/search/?q=...``: results with highlighted snippets, the filters, a count, and cursor pagination."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "searched": False, "results": [], "page": None, "error": ""}
    status = 200
    if form.is_bound and form.is_valid() and not form.parsed_query.is_empty:
        context["searched"] = True
        context["query"] = form.parsed_query
        try:
            page = get_backend().search(
                form.parsed_query,
                form.filters,
                order=form.order,
                cursor=form.cleaned_data.get("cursor") or None,
                limit=RESULTS_PER_PAGE,
            )
        except (InvalidCursor, FilterUnavailable) as exc:
            context["error"], status = str(exc), 400
        else:
            context["page"] = page
            context["results"] = with_objects(page.hits)
            context["next_query"] = _with(request.GET, cursor=page.next_cursor) if page.next_cursor else ""
            context["first_query"] = _with(request.GET, cursor=None) if form.cleaned_data.get("cursor") else ""
        context["feed_query"] = _with(request.GET, cursor=None, sort=None)
    elif form.is_bound and form.is_valid() and form.cleaned_data.get("q"):
        context["searched"] = True  # only punctuation or exclusions: nothing to look for
    elif form.is_bound and not form.is_valid():
        status = 400  # the form shows which filter is wrong and why
    return render(request, "search/search.html", context, status=status)


def _with(params, **changes) -> str:
    query = params.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value:
            query[name] = value
    return query.urlencode()
