from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html

from newsdesk.articles.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title_or_url", "source", "status", "error_reason", "published_at", "fetched_at", "attempts")
    list_filter = ("status", "error_reason", "source")
    search_fields = ("title", "url", "canonical_url")
    date_hierarchy = "discovered_at"
    list_select_related = ("source",)
    actions = ["retry"]
    readonly_fields = ("id", "url_key", "discovered_at", "fetched_at", "attempts", "error_reason", "error_message",
                       "feed_summary", "view_on_site_link")
    fieldsets = (
        (None, {"fields": ("id", "view_on_site_link", "source", "title", "url", "canonical_url", "status")}),
        ("Content", {"fields": ("summary", "text", "author", "site_name", "language", "image_url", "description")}),
        ("Dates", {"fields": ("published_at", "discovered_at", "fetched_at")}),
        ("Processing", {"fields": ("attempts", "next_attempt_at", "error_reason", "error_message", "feed_summary", "url_key")}),
    )

    @admin.display(description="Article", ordering="title")
    def title_or_url(self, article):
        return article.title or article.url

    @admin.display(description="Public page")
    def view_on_site_link(self, article):
        if article.status != Article.Status.READY:
            return "Not published"
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), article.get_absolute_url())

    @admin.action(description="Fetch again")
    def retry(self, request, queryset):
        updated = queryset.exclude(status=Article.Status.READY).update(
            status=Article.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        self.message_user(request, f"{updated} article(s) queued to be fetched again.", messages.SUCCESS)
