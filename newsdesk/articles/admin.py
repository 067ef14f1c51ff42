from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from newsdesk.articles.models import Article
from newsdesk.stories.forms import MoveToStoryForm
from newsdesk.stories.models import Story
from newsdesk.stories.services import move_articles, split_articles

MOVE_CANDIDATES = 15


class DateTrustFilter(admin.SimpleListFilter):
    """Articles whose source gave a publication date we did not believe (kept in claimed_published_at)."""

    title = "publication date"
    parameter_name = "date_trust"

    def lookups(self, request, model_admin):
        return [("untrusted", "Source's date not trusted"), ("trusted", "As the source gave it")]

    def queryset(self, request, queryset):
        if self.value() in ("untrusted", "trusted"):
            return queryset.filter(claimed_published_at__isnull=self.value() == "trusted")
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    # Addresses typed without a scheme are https (Django 6's default; said now to silence its warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "title_or_url",
        "source",
        "story_link",
        "status",
        "error",
        "published_at",
        "fetched_at",
        "attempts",
        "next_attempt_at",
    )
    list_filter = ("status", "error_reason", "story_pinned", DateTrustFilter, "source")
    search_fields = ("title", "url", "canonical_url")
    date_hierarchy = "discovered_at"
    list_select_related = ("source", "story")
    actions = ["retry", "move_to_story", "split_into_new_story"]
    readonly_fields = (
        "id",
        "url_key",
        "discovered_at",
        "fetched_at",
        "attempts",
        "error_reason",
        "error_message",
        "feed_summary",
        "view_on_site_link",
        "story_link",
        "duplicate_of_link",
        "cluster_evidence",
        "claimed_published_at",
    )
    fieldsets = (
        (None, {"fields": ("id", "view_on_site_link", "source", "title", "url", "canonical_url", "status")}),
        ("Content", {"fields": ("summary", "text", "author", "site_name", "language", "image_url", "description")}),
        (
            "Story",
            {
                "fields": ("story_link", "story_pinned", "duplicate_of_link", "cluster_evidence"),
                "description": "Move articles between stories with the actions on the article list.",
            },
        ),
        ("Dates", {"fields": ("published_at", "claimed_published_at", "discovered_at", "fetched_at")}),
        (
            "Processing",
            {"fields": ("attempts", "next_attempt_at", "error_reason", "error_message", "feed_summary", "url_key")},
        ),
    )

    @admin.display(description="Error", ordering="error_reason")
    def error(self, article):
        """Why the article is not stored (yet): the reason's label, and the message (an internal error's
        message leads with the exception's class)."""
        if not article.error_reason:
            return "-"
        return format_html("<strong>{}</strong>: {}", article.get_error_reason_display(), article.error_message[:200])

    @admin.display(description="Article", ordering="title")
    def title_or_url(self, article):
        return article.title or article.url

    def get_queryset(self, request):
        return super().get_queryset(request).defer("features")

    @admin.display(description="Story", ordering="story__headline")
    def story_link(self, article):
        if article.story_id is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:stories_story_change", args=[article.story_id]), article.story
        )

    @admin.display(description="Copy of")
    def duplicate_of_link(self, article):
        if article.duplicate_of_id is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.duplicate_of_id]),
            article.duplicate_of_id,
        )

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

    @admin.action(description="Move to story…")
    def move_to_story(self, request, queryset):
        """An intermediate page: pick the target story by ID or address, or from a headline search."""
        chosen = "apply" in request.POST or request.POST.get("pick")
        form = MoveToStoryForm(request.POST if chosen else None, initial={"q": request.POST.get("q", "")})
        if chosen and form.is_valid():
            target = form.cleaned_data["target"]
            moved = move_articles(queryset, target, request.user).articles
            self.message_user(request, f"Moved {moved} article(s) to “{target}”.", messages.SUCCESS)
            return None
        query = request.POST.get("q", "").strip()
        candidates = Story.objects.ranked()
        if query:
            candidates = candidates.filter(headline__icontains=query)
        return TemplateResponse(
            request,
            "admin/stories/move_to_story.html",
            {
                **self.admin_site.each_context(request),
                "title": "Move articles to a story",
                "opts": self.model._meta,
                "form": form,
                "articles": queryset.select_related("source", "story").defer("text", "features"),
                "candidates": candidates[:MOVE_CANDIDATES],
                "query": query,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Split into a new story")
    def split_into_new_story(self, request, queryset):
        articles = list(queryset.published().defer("text", "features"))
        if not articles:
            self.message_user(request, "Only published articles can form a story.", messages.WARNING)
            return
        story = split_articles(articles, request.user)
        self.message_user(
            request, f"Made a new story of {story.article_count} article(s): “{story}”.", messages.SUCCESS
        )
