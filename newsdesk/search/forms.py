"""The search page's and feeds' parameters, validated into a parsed query, filters and an order."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from newsdesk.search.backends.base import Order, SearchFilters
from newsdesk.search.models import SearchDocument
from newsdesk.search.query import MAX_QUERY_CHARS, ParsedQuery, parse_query
from newsdesk.sources.models import Source


class PlainSelect(forms.Select):
    """A <select> written in Python. Django's Select renders a template per option: with a few hundred outlets
    that was 80% of the search page's time (30 ms of 38 at 1M articles)."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((option, " selected" if str(option) in chosen else "", label) for option, label in self.choices),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class QueryField(forms.CharField):
    """The search words, as any text: a NUL or text beyond ``max_length`` is not the reader's mistake to be
    refused (the parser keeps only words, and cuts to MAX_QUERY_CHARS), so they are dropped before checking."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", " ")[: self.max_length]


class SearchForm(forms.Form):
    q = QueryField(
        required=False,
        label="Search",
        max_length=MAX_QUERY_CHARS * 4,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sort = forms.ChoiceField(required=False, choices=[(Order.RELEVANCE, "Best match"), (Order.DATE, "Newest")])
    kind = forms.ChoiceField(
        required=False, label="Show", choices=[("", "Articles and stories"), *SearchDocument.Kind.choices]
    )
    source = forms.ModelChoiceField(
        required=False,
        queryset=Source.objects.only("id", "title", "url").order_by("title", "url"),
        empty_label="Any source",
        widget=PlainSelect,
    )
    since = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    story = forms.UUIDField(required=False, widget=forms.HiddenInput)
    entity = forms.UUIDField(required=False, widget=forms.HiddenInput)
    cursor = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args, default_order: Order = Order.RELEVANCE, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_order = default_order

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The end date is before the start date.")
        return data

    @property
    def parsed_query(self) -> ParsedQuery:
        return parse_query(self.cleaned_data.get("q") or "")

    @property
    def order(self) -> Order:
        return Order(self.cleaned_data.get("sort") or self.default_order)

    @property
    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        since = datetime.combine(data["since"], time.min, UTC) if data.get("since") else None
        # "To" a date includes that whole day; to the last day datetime holds is to the end: no bound.
        until = data.get("until")
        if until is not None:
            until = datetime.combine(until + timedelta(days=1), time.min, UTC) if until < date.max else None
        source = data.get("source")
        return SearchFilters(
            sources=(source.pk,) if source else (),
            since=since,
            until=until,
            story=data.get("story"),
            entity=data.get("entity"),
            kinds=(data["kind"],) if data.get("kind") else (),
        )
