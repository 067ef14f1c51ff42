"""Publication dates a source cannot mean are kept aside (issue 13): a new field for the source's own date,
and existing rows settled by the rule new ones follow (``newsdesk.pipeline.dating``)."""

from django.db import migrations, models
from django.db.models import F, Q

from newsdesk.pipeline.dating import EARLIEST, FUTURE_TOLERANCE, settle_published


def settle_existing_dates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    # Every row the rule could distrust (discovered_at <= fetched_at, so this is a superset); the rule decides.
    suspects = Article.objects.filter(
        Q(published_at__lt=EARLIEST) | Q(published_at__gt=F("discovered_at") + FUTURE_TOLERANCE)
    ).only("id", "published_at", "fetched_at", "discovered_at")
    changed = []
    for article in suspects.iterator(chunk_size=1000):
        settled = settle_published(article.published_at, seen_at=article.fetched_at or article.discovered_at)
        if settled.untrusted:
            article.published_at, article.claimed_published_at = settled.published, settled.claimed
            changed.append(article)
    Article.objects.bulk_update(changed, ["published_at", "claimed_published_at"], batch_size=500)


def restore_claimed_dates(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.exclude(claimed_published_at=None).update(published_at=F("claimed_published_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_published_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="claimed_published_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="date given by the source",
                help_text="Set only when not trusted: over a day after we saw the article, or before 1990.",
            ),
        ),
        migrations.RunPython(settle_existing_dates, restore_claimed_dates),
    ]
