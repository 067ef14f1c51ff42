"""People, organisations and places named across articles, where each is mentioned, and each article's
analysis (its key facts, or why it could not be analysed).

An entity's ID is the UUIDv5 of the key it was first stored under, so re-analysing into a fresh database
gives the same entity the same ID. An editor's merge keeps the merged entity's row, pointing at the one it
became (``merged_into``), so its old address redirects.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from newsdesk.articles.models import Article

ENTITY_NAMESPACE = uuid.UUID("9d3a6f2e-4b1c-5e8d-a7f0-3c6b2e1d4f5a")
# Bumped when the analysis changes enough that stored results should be redone (``newsdesk understand --redo``).
ANALYSIS_VERSION = 1


def entity_id_for(key: str) -> uuid.UUID:
    return uuid.uuid5(ENTITY_NAMESPACE, key)


class EntityQuerySet(models.QuerySet):
    def live(self):
        """Entities not merged into another, and mentioned at least once."""
        return self.filter(merged_into__isnull=True, article_count__gt=0)


class Entity(models.Model):
    class Type(models.TextChoices):
        PERSON = "person", "Person"
        ORG = "org", "Organisation"
        PLACE = "place", "Place"

    id = models.UUIDField(primary_key=True, editable=False)
    key = models.CharField(
        max_length=300,
        unique=True,
        help_text="The same in every article: type and folded name, or a place's gazetteer ID.",
    )
    name = models.CharField(max_length=300)
    type = models.CharField(max_length=10, choices=Type.choices, db_index=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names articles use for it.")
    # Places only: resolved offline (pipeline.entities.places).
    place_kind = models.CharField(max_length=10, blank=True)
    country_code = models.CharField(max_length=2, blank=True)
    country = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    article_count = models.PositiveIntegerField(default=0)
    mention_count = models.PositiveIntegerField(default=0)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
        help_text="An editor merged this entity into another; its page redirects there.",
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at"]
        verbose_name_plural = "entities"

    def __str__(self) -> str:
        return self.name

    @property
    def slug(self) -> str:
        return slugify(self.name)[:80] or "entity"

    def get_absolute_url(self) -> str:
        return reverse("entities:detail", args=[self.id, self.slug])

    @property
    def is_place(self) -> bool:
        return self.type == self.Type.PLACE

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class EntityAlias(models.Model):
    """A key under which articles may name an entity: a nickname, an acronym, a surname, a merged entity's key."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="alias_keys")
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "key"], name="entity_alias_unique")]


class Mention(models.Model):
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    first_position = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "article"], name="mention_unique")]


class ArticleAnalysis(models.Model):
    """One per analysed article: written in the same transaction as its mentions, so a crash leaves an
    article either fully analysed or not at all (and the next run does it)."""

    class Status(models.TextChoices):
        DONE = "done", "Analysed"
        FAILED = "failed", "Failed"

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="analysis")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    analysed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=ANALYSIS_VERSION)
    key_facts = models.JSONField(default=dict, blank=True)
    error_reason = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "article analyses"

    def __str__(self) -> str:
        return f"{self.article_id}: {self.status}"
