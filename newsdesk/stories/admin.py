import uuid

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from newsdesk.articles.models import Article
from newsdesk.stories.models import EditorDecision, Story, SummaryCheck
from newsdesk.stories.services import merge_stories
from newsdesk.stories.summarising import summarise_after_commit


class StoryArticleInline(admin.TabularInline):
    """The story's articles, read-only: editors move them with the actions on the article list."""

    model = Article
    fk_name = "story"
    fields = ("article_link", "source", "status", "published_at", "copy_of", "story_pinned")
    readonly_fields = fields
    ordering = ("published_at", "discovered_at")
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name_plural = "articles (move them with the actions on the article list)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source").defer("text", "features")

    @admin.display(description="Article")
    def article_link(self, article):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.title or article.url,
        )

    @admin.display(description="Copy of")
    def copy_of(self, article):
        if article.duplicate_of_id is None:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:articles_article_change", args=[article.duplicate_of_id]),
            article.duplicate_of_id,
        )


class SummaryCheckInline(admin.TabularInline):
    """The fact check of each sentence the LLM wrote for the summary: staff only, never on a public page."""

    model = SummaryCheck
    fields = ("sentence", "citations", "passed", "published", "reasons", "found", "model", "checked_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "summary checks (sentences the LLM wrote, and why any were dropped)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ("headline", "outlet_count", "article_count", "updated_at", "is_locked")
    list_filter = ("is_locked",)
    search_fields = ("headline", "headline_override")
    date_hierarchy = "updated_at"
    ordering = ("-updated_at",)
    actions = ["merge"]
    inlines = [StoryArticleInline, SummaryCheckInline]
    readonly_fields = (
        "id",
        "public_page",
        "headline",
        "outlet_count",
        "article_count",
        "first_published_at",
        "updated_at",
        "created_at",
        "summary",
        "summary_mode",
        "summary_note",
        "key_terms",
    )
    fields = (
        "id",
        "public_page",
        "headline",
        "headline_override",
        "is_locked",
        "outlet_count",
        "article_count",
        "first_published_at",
        "updated_at",
        "created_at",
        "summary",
        "summary_mode",
        "summary_note",
        "key_terms",
    )

    def has_add_permission(self, request):
        return False  # stories come from ingest, or from "Split into a new story" on the article list

    def get_search_results(self, request, queryset, search_term):
        """A story ID (as in its address) finds that story, besides the headline search."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            story_id = uuid.UUID(search_term.strip())
        except ValueError:
            return results, may_have_duplicates
        return results | queryset.filter(pk=story_id), may_have_duplicates

    def save_model(self, request, obj, form, change):
        obj.refresh_from_articles(save=False)  # an edited headline_override takes effect at once
        super().save_model(request, obj, form, change)
        summarise_after_commit([obj])  # if its summary is due, once the admin's transaction commits

    @admin.display(description="Public page")
    def public_page(self, story):
        if not story.article_count:
            return "Not published (no published articles)"
        return format_html('<a href="{}">{}</a>', story.get_absolute_url(), story.get_absolute_url())

    @admin.action(description="Merge selected stories")
    def merge(self, request, queryset):
        stories = list(queryset)
        if len(stories) < 2:
            self.message_user(request, "Select at least two stories to merge.", messages.WARNING)
            return
        target = merge_stories(stories, request.user)
        self.message_user(request, f"Merged {len(stories)} stories into “{target}”.", messages.SUCCESS)


@admin.register(SummaryCheck)
class SummaryCheckAdmin(admin.ModelAdmin):
    """Every stored check of a generated summary sentence, to find what the LLM gets wrong: read-only."""

    list_display = ("sentence", "story", "passed", "published", "model", "checked_at")
    list_filter = ("passed", "published", "model")
    list_select_related = ("story",)
    search_fields = ("sentence", "story__headline")
    readonly_fields = (
        "story",
        "sentence",
        "citations",
        "passed",
        "published",
        "reasons",
        "found",
        "model",
        "checked_at",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EditorDecision)
class EditorDecisionAdmin(admin.ModelAdmin):
    """The record of editors' story decisions: read-only, since the clusterer replays it."""

    list_display = ("at", "action", "article", "from_story", "to_story", "user")
    list_filter = ("action",)
    list_select_related = ("article", "user")
    search_fields = ("article__title",)
    date_hierarchy = "at"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("article__text", "article__features")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
