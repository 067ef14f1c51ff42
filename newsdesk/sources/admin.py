from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html

from newsdesk.articles.models import Article
from newsdesk.pipeline.errors import FeedParseError, Reason
from newsdesk.sources import discovery
from newsdesk.sources.models import Source
from newsdesk.stories.services import remove_sources


class OpmlImportForm(forms.Form):
    file = forms.FileField(label="OPML file", help_text="A subscription list exported from another feed reader.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > (limit := discovery.opml_limits().max_bytes):
            raise forms.ValidationError(f"The file is larger than {limit:,} bytes (NEWSDESK_OPML_MAX_BYTES).")
        return upload


def opml_response(sources) -> HttpResponse:
    response = HttpResponse(discovery.export_opml(sources), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsdesk-sources.opml"'
    return response


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    # Addresses typed without a scheme are https (Django 6's default; said now to silence its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "__str__",
        "served_format",
        "health_badge",
        "last_fetched_at",
        "last_error",
        "consecutive_failures",
        "articles_found",
        "published",
        "queued",
        "next_fetch_at",
        "is_active",
        "republish_full_text",
    )
    list_filter = ("health", "served_format", "is_active", "republish_full_text", "last_error_reason")
    search_fields = ("title", "url", "site_url")
    actions = ["fetch_now", "activate", "deactivate", "export_selected_opml"]
    readonly_fields = (
        "served_format",
        "health",
        "last_fetched_at",
        "last_success_at",
        "last_error_reason",
        "last_error_message",
        "consecutive_failures",
        "articles_found",
        "etag",
        "last_modified",
        "added_at",
        "poll_interval",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "url",
                    "title",
                    "site_url",
                    ("kind", "served_format"),  # what it was added as, and what the last poll found it serves
                    "is_active",
                    "republish_full_text",
                    "content_mode",
                )
            },
        ),
        (
            "Health",
            {
                "fields": (
                    "health",
                    "last_fetched_at",
                    "last_success_at",
                    "last_error_reason",
                    "last_error_message",
                    "consecutive_failures",
                    "articles_found",
                )
            },
        ),
        (
            "Polling and politeness",
            {
                "fields": (
                    "next_fetch_at",
                    "poll_interval",
                    "max_in_flight",
                    "min_request_interval",
                    "etag",
                    "last_modified",
                    "added_at",
                )
            },
        ),
    )

    # A source goes with its articles, and the stories they were in are mended (a story service).
    def delete_model(self, request, obj):
        remove_sources(Source.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        remove_sources(queryset)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                published_count=Count("articles", filter=Q(articles__status=Article.Status.READY)),
                queued_count=Count("articles", filter=Q(articles__status=Article.Status.PENDING)),
            )
        )

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import-opml/", self.admin_site.admin_view(self.import_opml_view), name=f"{name}_import_opml"),
            path("export-opml/", self.admin_site.admin_view(self.export_opml_view), name=f"{name}_export_opml"),
            *super().get_urls(),
        ]

    def import_opml_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = OpmlImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                counts = discovery.import_opml(form.cleaned_data["file"].read())
            except FeedParseError as exc:
                form.add_error("file", exc.message)
            else:
                self.message_user(request, str(counts), messages.SUCCESS)
                return redirect("admin:sources_source_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": "Import OPML",
        }
        return TemplateResponse(request, "admin/sources/source/import_opml.html", context)

    def export_opml_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return opml_response(Source.objects.order_by("pk"))

    def changelist_view(self, request, extra_context=None):
        pending = Article.objects.filter(status=Article.Status.PENDING)
        extra_context = {
            **(extra_context or {}),
            "queue_depth": pending.count(),
            "due_now": pending.filter(next_attempt_at__lte=timezone.now()).count(),
            "failing_sources": Source.objects.filter(health=Source.Health.FAILING).count(),
            # Bugs (ours or a library's) met on hostile input: each has a traceback in the log.
            "internal_errors": Source.objects.filter(last_error_reason=Reason.INTERNAL_ERROR).count()
            + Article.objects.filter(error_reason=Reason.INTERNAL_ERROR).count(),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description="Health", ordering="health")
    def health_badge(self, source):
        return format_html('<span class="health-{}">{}</span>', source.health, source.get_health_display())

    @admin.display(description="Last error", ordering="last_error_reason")
    def last_error(self, source):
        if not source.last_error_reason and not source.last_error_message:
            return "-"
        label = source.get_last_error_reason_display() if source.last_error_reason else "Warning"
        return format_html("<strong>{}</strong>: {}", label, source.last_error_message[:200])

    @admin.display(description="Published", ordering="published_count")
    def published(self, source):
        return source.published_count

    @admin.display(description="Queued", ordering="queued_count")
    def queued(self, source):
        return source.queued_count

    @admin.action(description="Fetch now (at the next scheduler round)")
    def fetch_now(self, request, queryset):
        updated = queryset.update(next_fetch_at=timezone.now())
        self.message_user(request, f"{updated} source(s) will be fetched at the next round.", messages.SUCCESS)

    @admin.action(description="Activate")
    def activate(self, request, queryset):
        queryset.update(is_active=True)

    @admin.action(description="Deactivate (stop polling)")
    def deactivate(self, request, queryset):
        queryset.update(is_active=False)

    @admin.action(description="Export selected as OPML", permissions=["view"])
    def export_selected_opml(self, request, queryset):
        return opml_response(queryset.order_by("pk"))
