from __future__ import annotations

from django.db import models

# Document keys order documents by time: key = (whole seconds since 1970 << KEY_SHIFT) + a slot. Both engines
# then sort by date, bound a date range and weigh recency from the key alone (FTS5's rowid, the primary key
# in PostgreSQL), without reading another column; the slot keeps keys of documents of the same second apart.
KEY_SHIFT = 10
KEY_SLOTS = 1 << KEY_SHIFT


class SearchDocument(models.Model):
    """One searchable document: a published, original article, or a story. What the index is built from.

    Text is copied here (not read from the articles table) so that each engine indexes one table of ours:
    FTS5 as an external-content table kept in step by triggers on this table, PostgreSQL through a stored
    generated ``tsvector`` column with a GIN index (both made in migration 0001). Removing an article, a
    story or a source removes its documents through the foreign keys.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", "Article"
        STORY = "story", "Story"

    # The time-ordered key (see KEY_SHIFT), always given explicitly. An auto field only for its column type: on
    # SQLite "integer primary key" is the table's rowid, so the FTS5 table and joins reach a row in one lookup.
    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    article = models.OneToOneField(
        "articles.Article", null=True, blank=True, on_delete=models.CASCADE, related_name="search_document"
    )
    story = models.OneToOneField(
        "stories.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="search_document"
    )
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    dated = models.DateTimeField(help_text="Publication time (articles) or newest article (stories).")

    title = models.TextField()
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    source_name = models.TextField(blank=True)
    # Filter tokens (kind, source, story, entities) indexed with the text (FTS5's facets column, PostgreSQL's
    # facet_vector in the text's GIN index), so the engine applies those filters inside its index instead of
    # reading a row per match (see backends/).
    facets = models.TextField(blank=True)

    class Meta:
        db_table = "search_document"

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
