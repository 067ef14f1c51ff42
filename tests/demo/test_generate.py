"""`newsdesk generate`: a synthetic newsroom for benchmarks, the same for the same seed, browsable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from newsdesk.articles.models import Article
from newsdesk.comments.models import Comment
from newsdesk.demo.generate import generate
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story

pytestmark = pytest.mark.django_db

UNTIL = datetime(2026, 11, 1, tzinfo=UTC)


def snapshot():
    return (
        list(
            Article.objects.order_by("pk").values_list(
                "pk", "title", "text", "story_id", "duplicate_of_id", "published_at"
            )
        ),
        list(Story.objects.order_by("pk").values_list("pk", "headline", "article_count", "outlet_count", "rank_at")),
        list(Comment.objects.order_by("pk").values_list("article_id", "parent_id", "body", "status")),
    )


def test_the_same_seed_gives_the_same_newsroom():
    generate(400, seed=7, until=UNTIL, days=10)
    first = snapshot()
    Story.objects.all().delete()
    Source.objects.all().delete()  # takes the articles and their comments with it
    generate(400, seed=7, until=UNTIL, days=10)

    assert snapshot() == first
    assert len(first[0]) == 400


def test_a_generated_newsroom_has_stories_copies_and_comments_with_consistent_figures():
    made = generate(600, seed=3, until=UNTIL, days=10)

    assert Article.objects.published().count() == 600
    assert made.stories == Story.objects.count() > 50
    assert Article.objects.exclude(duplicate_of=None).exists()
    assert Comment.objects.approved().exists() and Comment.objects.pending().exists()
    for story in Story.objects.filter(article_count__gt=2)[:20]:
        articles = story.articles.all()
        assert story.article_count == articles.count()
        assert story.outlet_count == len({a.source_id for a in articles})
        assert story.headline == min(articles, key=lambda a: a.published_at).title
    for comment in Comment.objects.exclude(parent=None)[:50]:
        assert comment.parent.article_id == comment.article_id


def test_generated_pages_render(client):
    generate(300, seed=5, until=UNTIL, days=5)
    story = Story.objects.ranked().filter(article_count__gt=1).first()
    article = Article.objects.filter(comments__status="approved").first()

    assert client.get("/").status_code == 200
    assert story.headline in client.get(story.get_absolute_url()).content.decode()
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.comments.approved().first().name in page


def test_the_command_refuses_to_generate_a_seed_twice(capsys):
    call_command("generate", "--articles", "50", "--seed", "9", "--until", "2026-11-01")
    assert "Generated 50 articles" in capsys.readouterr().out

    with pytest.raises(CommandError, match="seed 9 is already in this database"):
        call_command("generate", "--articles", "50", "--seed", "9")


def test_each_article_mentions_its_storys_place_person_and_institution():
    from newsdesk.entities.models import ArticleAnalysis, Entity, Mention

    made = generate(200, seed=11, until=UNTIL, days=5)

    assert made.entities
    assert Mention.objects.count() == 600 and ArticleAnalysis.objects.count() == 200
    story = Story.objects.filter(article_count__gt=2).first()
    names = [
        set(Mention.objects.filter(article=a).values_list("entity__name", flat=True)) for a in story.articles.all()
    ]
    assert all(n == names[0] for n in names) and len(names[0]) == 3
    for entity in Entity.objects.filter(article_count__gt=0)[:10]:
        assert entity.article_count == Mention.objects.filter(entity=entity).count()
        assert entity.first_seen_at <= entity.last_seen_at
