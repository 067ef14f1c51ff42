"""Stories holding an article whose date was set aside (articles 0006) get their dates and rank again, from
the articles' trusted dates, as ``Story.refresh_from_articles`` computes them; headlines follow the first
original. Summaries are left as they are (``newsdesk summarise`` remakes them)."""

from django.db import migrations

from newsdesk.stories.models import rank_time

BATCH = 500
FIELDS = ["headline", "first_published_at", "updated_at", "rank_at"]


def resettle_stories(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Story = apps.get_model("stories", "Story")
    story_ids = sorted(
        set(Article.objects.exclude(claimed_published_at=None).exclude(story=None).values_list("story_id", flat=True))
    )
    for at in range(0, len(story_ids), BATCH):  # a query for a batch's articles, an UPDATE for its stories
        stories = Story.objects.in_bulk(story_ids[at : at + BATCH])
        articles = {}
        for article in Article.objects.filter(story_id__in=list(stories), status="ready").only(
            "id", "story_id", "title", "published_at", "fetched_at", "discovered_at", "duplicate_of_id"
        ):
            articles.setdefault(article.story_id, []).append(article)
        for story_id, story_articles in articles.items():
            _resettle(stories[story_id], sorted(story_articles, key=lambda a: (_display_date(a), str(a.pk))))
        Story.objects.bulk_update([stories[i] for i in articles], FIELDS)


def _resettle(story, articles) -> None:
    ids = {a.pk for a in articles}
    first = next((a for a in articles if a.duplicate_of_id not in ids), articles[0])
    story.headline = story.headline_override or first.title or story.headline
    story.first_published_at = _display_date(articles[0])
    story.updated_at = _display_date(articles[-1])
    story.rank_at = rank_time(story.updated_at, story.outlet_count)


def _display_date(article):
    return article.published_at or article.fetched_at or article.discovered_at


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_claimed_published_at"),
        ("stories", "0003_story_redirect"),
    ]

    operations = [
        migrations.RunPython(resettle_stories, migrations.RunPython.noop),
    ]
