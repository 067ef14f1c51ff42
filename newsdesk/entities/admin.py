from django.contrib import admin, messages

from newsdesk.entities.models import ArticleAnalysis, Entity
from newsdesk.entities.store import merge_entities


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "type",
        "article_count",
        "mention_count",
        "country",
        "region",
        "last_seen_at",
        "merged_into",
    )
    list_filter = ("type", "place_kind")
    search_fields = ("name", "key", "country", "region")
    readonly_fields = ("id", "key", "article_count", "mention_count", "first_seen_at", "last_seen_at", "merged_into")
    ordering = ("-article_count",)
    actions = ["merge"]

    @admin.action(description="Merge the selected entities into the most mentioned one")
    def merge(self, request, queryset):
        chosen = list(queryset.filter(merged_into__isnull=True))
        if len(chosen) < 2:
            self.message_user(request, "Select two or more entities to merge.", messages.WARNING)
            return
        survivor = max(chosen, key=lambda e: (e.article_count, e.mention_count))
        merge_entities(survivor, chosen)
        self.message_user(request, f"Merged {len(chosen) - 1} entities into {survivor.name}.", messages.SUCCESS)


@admin.register(ArticleAnalysis)
class ArticleAnalysisAdmin(admin.ModelAdmin):
    list_display = ("article", "status", "analysed_at", "error_reason")
    list_filter = ("status", "error_reason")
    readonly_fields = ("article", "status", "analysed_at", "version", "key_facts", "error_reason", "error_message")
    search_fields = ("article__title",)
