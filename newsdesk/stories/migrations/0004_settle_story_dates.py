"""Stories holding an article whose date was set aside (articles 0006) get their dates and rank again, from
the articles' trusted dates, as ``Story.refresh_from_articles`` computes them; headlines follow the first
original. Summaries are left as they are (``newsdesk summarise`` remakes them)."""

from django.db import migrations

from newsdesk.stories.models import rank_time


def resettle_stories(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Story = apps.get_model("stories", "Story")
    story_ids = set(Article.objects.exclude(claimed_published_at=None).exclude(story=None)
                    .values_list("story_id", flat=True))
    for story in Story.objects.filter(pk__in=story_ids).iterator(chunk_size=200):
        articles = sorted(
            Article.objects.filter(story_id=story.pk, status="ready")
            .only("id", "title", "published_at", "fetched_at", "discovered_at", "duplicate_of_id"),
            key=lambda a: (_display_date(a), str(a.pk)))
        if not articles:
            continue
        ids = {a.pk for a in articles}
        first = next((a for a in articles if a.duplicate_of_id not in ids), articles[0])
        story.headline = story.headline_override or first.title or story.headline
        story.first_published_at = _display_date(articles[0])
        story.updated_at = _display_date(articles[-1])
        story.rank_at = rank_time(story.updated_at, story.outlet_count)
        story.save(update_fields=["headline", "first_published_at", "updated_at", "rank_at"])


def _display_date(article):
    return article.published_at or article.fetched_at or article.discovered_at


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_claimed_published_at'),
        ('stories', '0003_story_redirect'),
    ]

    operations = [
        migrations.RunPython(resettle_stories, migrations.RunPython.noop),
    ]
