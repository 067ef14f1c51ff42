from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html

from newsdesk.articles.models import Article
from newsdesk.sources.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "health_badge", "last_fetched_at", "last_error", "articles_found",
                    "published", "queued", "next_fetch_at", "is_active", "republish_full_text")
    list_filter = ("health", "is_active", "republish_full_text", "last_error_reason")
    search_fields = ("title", "url", "site_url")
    actions = ["fetch_now", "activate", "deactivate"]
    readonly_fields = ("health", "last_fetched_at", "last_success_at", "last_error_reason", "last_error_message",
                       "consecutive_failures", "articles_found", "etag", "last_modified", "added_at")
    fieldsets = (
        (None, {"fields": ("url", "title", "site_url", "kind", "is_active", "republish_full_text")}),
        ("Health", {"fields": ("health", "last_fetched_at", "last_success_at", "last_error_reason",
                               "last_error_message", "consecutive_failures", "articles_found")}),
        ("Polling", {"fields": ("next_fetch_at", "etag", "last_modified", "added_at")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            published_count=Count("articles", filter=Q(articles__status=Article.Status.READY)),
            queued_count=Count("articles", filter=Q(articles__status=Article.Status.PENDING)),
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "queue_depth": Article.objects.filter(status=Article.Status.PENDING).count(),
                         "failing_sources": Source.objects.filter(health=Source.Health.FAILING).count()}
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
