"""A synthetic newsroom of any size, for benchmarks: outlets, articles, stories, copies and comments.

1. Outlets: one per 2,500 articles (at least 8, at most 400); every fifth republishes full text.
2. Articles, oldest first, evenly over ``days`` before ``until``: about half join a recent open story
   (a few of those as copies of its first article), some start a story, the rest stay loose.
3. Comments: most articles have none, a few have dozens; some are replies, a few are held or spam.
4. Stories: their figures (headline, counts, dates, rank) written once at the end, as the story desk would.
5. Search: the new articles and stories indexed, in batches (the rows went in without signals).

Everything is drawn from ``random.Random(seed)`` (and one generator per article for its text), so a seed
and an ``until`` date give the same rows every time. Rows go in by ``executemany`` in batches, each batch
one transaction. With the entities app installed, each article also mentions its story's place, person and
institution (``TopicEntities``).
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest, Least
from django.utils.text import slugify

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.comments.models import Comment
from newsdesk.demo import synthetic_text as text
from newsdesk.demo.bulk import BulkTable
from newsdesk.sources.models import Source
from newsdesk.stories.models import Story, rank_time, story_id_for

BATCH = 5_000
STORY_OPEN_HOURS = 48  # an article can join a story whose first article is at most this old
JOIN_CHOICES = 300  # a joining article picks among this many of the most recent open stories

Progress = Callable[[str, int, int], None]


class AlreadyGenerated(Exception):
    """This seed was already generated into this database (article URLs would collide)."""


@dataclass
class StoryState:
    id: object
    about: text.Topic
    first_id: object
    headline: str
    summary: str
    summary_sentences: list
    first_at: datetime
    last_at: datetime
    article_count: int = 0
    outlets: set = field(default_factory=set)


@dataclass(frozen=True)
class Generated:
    sources: int
    articles: int
    stories: int
    comments: int
    entities: bool


def generate(
    articles: int,
    *,
    seed: int,
    until: datetime,
    days: int = 365,
    progress: Progress | None = None,
    comments_per_article: float = 0.9,
) -> Generated:
    progress = progress or (lambda stage, done, total: None)
    rng = random.Random(seed)
    host_prefix = f"synthetic-{seed}-"
    if Source.objects.filter(url__startswith=f"https://{host_prefix}").exists():
        raise AlreadyGenerated(f"seed {seed} is already in this database; use another --seed or a fresh data folder")

    # 1. Outlets.
    outlet_count = max(8, min(400, articles // 2_500))
    sources = Source.objects.bulk_create(
        [
            Source(
                url=f"https://{host_prefix}{n}.example/feed.xml",
                site_url=f"https://{host_prefix}{n}.example/",
                title=text.outlet_name(n),
                republish_full_text=(n % 5 == 0),
                health=Source.Health.OK,
            )
            for n in range(outlet_count)
        ]
    )
    sources = list(Source.objects.filter(url__startswith=f"https://{host_prefix}").order_by("pk"))

    article_table, story_table, comment_table = BulkTable(Article), BulkTable(Story), BulkTable(Comment)
    next_comment_id = (Comment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    start = until - timedelta(days=days)
    step = timedelta(days=days) / max(articles, 1)
    entities = TopicEntities.create() if apps.is_installed("newsdesk.entities") else None
    open_stories: deque[StoryState] = deque()
    stories: list[StoryState] = []
    comment_total = 0

    # 2. and 3. Articles and their comments, batch by batch.
    for batch_start in range(0, articles, BATCH):
        article_rows, story_rows, comment_rows, mention_rows = [], [], [], []
        for n in range(batch_start, min(articles, batch_start + BATCH)):
            published = start + step * n + timedelta(seconds=rng.randint(0, 59))
            while open_stories and published - open_stories[0].first_at > timedelta(hours=STORY_OPEN_HOURS):
                open_stories.popleft()
            source = rng.choice(sources)
            roll = rng.random()
            story = None
            duplicate_of = None
            if open_stories and roll < 0.5:
                story = open_stories[-1 - rng.randrange(min(JOIN_CHOICES, len(open_stories)))]
                if rng.random() < 0.05:
                    duplicate_of = story.first_id
            about = story.about if story else text.topic(rng)
            row = _article_row(n, seed, source, about, published)
            if roll >= 0.5 and roll < 0.75:
                story = StoryState(
                    id=story_id_for(row["id"]),
                    about=about,
                    first_id=row["id"],
                    headline=row["title"],
                    summary=row["summary"],
                    summary_sentences=row["summary_sentences"],
                    first_at=published,
                    last_at=published,
                )
                open_stories.append(story)
                stories.append(story)
                story_rows.append({"id": story.id, "headline": story.headline, "created_at": published})
            if story is not None:
                story.article_count += 1
                story.outlets.add(source.pk)
                story.last_at = max(story.last_at, published)
                row["story_id"] = story.id
                row["duplicate_of_id"] = duplicate_of
                row["cluster_evidence"] = {
                    "score": round(rng.uniform(0.5, 0.95), 3),
                    "similarity": round(rng.uniform(0.4, 0.9), 3),
                    "shared_terms": [about.place.lower(), about.subject.split()[-1]],
                    "shared_entities": [about.place, about.person],
                }
            article_rows.append(row)
            if entities is not None:
                mention_rows.extend(entities.mentions(rng, row["id"], about, published))
            comments = _comment_rows(rng, row["id"], about, published, next_comment_id, comments_per_article)
            next_comment_id += len(comments)
            comment_rows.extend(comments)
        with transaction.atomic():
            story_table.insert(story_rows)
            article_table.insert(article_rows)
            comment_table.insert(comment_rows)
            if entities is not None:
                entities.insert(article_rows, mention_rows)
        comment_total += len(comment_rows)
        progress("articles", min(articles, batch_start + BATCH), articles)

    # 4. Story figures, once.
    for batch_start in range(0, len(stories), BATCH):
        batch = stories[batch_start : batch_start + BATCH]
        with transaction.atomic():
            story_table.update(
                [
                    "article_count",
                    "outlet_count",
                    "first_published_at",
                    "updated_at",
                    "rank_at",
                    "summary",
                    "summary_sentences",
                    "summary_article_id",
                    "key_terms",
                ],
                [
                    (
                        s.article_count,
                        len(s.outlets),
                        s.first_at,
                        s.last_at,
                        rank_time(s.last_at, len(s.outlets), now=until),
                        s.summary,
                        s.summary_sentences,
                        s.first_id,
                        [s.about.place.lower(), *s.about.subject.split()[-1:], s.about.person.split()[-1].lower()],
                        s.id,
                    )
                    for s in batch
                ],
            )
        progress("stories", min(len(stories), batch_start + BATCH), len(stories))
    if entities is not None:
        entities.finish()
    # 5. The search index: these rows went in without the signals that index what is saved.
    if apps.is_installed("newsdesk.search"):
        from newsdesk.search.rebuild import index_missing

        index_missing(progress=lambda stage, done, total: progress(f"search index ({stage})", done, total))
    return Generated(
        sources=len(sources),
        articles=articles,
        stories=len(stories),
        comments=comment_total,
        entities=entities is not None,
    )


def _article_row(n: int, seed: int, source: Source, about: text.Topic, published: datetime) -> dict:
    # Each article's text comes from its own generator, so its words do not depend on the batch size.
    own = random.Random(seed * 1_000_003 + n)
    title = text.headline(own, about)
    body = text.paragraphs(own, about, own.randint(4, 9))
    sentences = [s for paragraph in body for s in paragraph]
    picked = range(min(3, len(sentences)))  # the summary is the lead, as ``pipeline.article_summary`` makes it
    # From the outlet's site address (not its row ID), so the same seed gives the same URLs and IDs.
    url = f"{source.site_url}{published:%Y/%m/%d}/{slugify(title)[:60]}-{n}"
    key = url_key_for(url)
    return {
        "id": article_id_for(key),
        "source_id": source.pk,
        "url": url,
        "url_key": key,
        "canonical_url": url,
        "canonical_key": key,
        "title": title,
        "author": own.choice(text.PEOPLE),
        "site_name": source.title,
        "language": "en",
        "description": sentences[0],
        "text": "\n\n".join(" ".join(p) for p in body),
        "summary": " ".join(sentences[i] for i in picked),
        "summary_sentences": [{"text": sentences[i], "position": i} for i in picked],
        "published_at": published,
        "discovered_at": published + timedelta(minutes=3),
        "fetched_at": published + timedelta(minutes=4),
        "status": Article.Status.READY,
        "attempts": 1,
        "next_attempt_at": published,
        "story_id": None,
        "duplicate_of_id": None,
        "cluster_evidence": {},
        "features": None,
    }


def _comment_count(rng: random.Random, mean: float) -> int:
    """Most articles get no comment and a few get dozens (about ``mean`` on average)."""
    scale = mean / 0.9
    roll = rng.random()
    if roll < 0.80:
        return 0
    if roll < 0.95:
        return round(rng.randint(1, 3) * scale)
    if roll < 0.99:
        return round(rng.randint(4, 12) * scale)
    return round(rng.randint(13, 40) * scale)


def _comment_rows(
    rng: random.Random, article_id, about: text.Topic, published: datetime, first_id: int, mean: float
) -> list[dict]:
    rows = []
    approved_ids: list[int] = []
    when = published
    for offset in range(_comment_count(rng, mean)):
        when = when + timedelta(minutes=rng.randint(1, 240))
        roll = rng.random()
        status = (
            Comment.Status.APPROVED if roll < 0.92 else Comment.Status.PENDING if roll < 0.98 else Comment.Status.SPAM
        )
        parent = rng.choice(approved_ids) if approved_ids and rng.random() < 0.3 else None
        name = text.commenter(rng)
        rows.append(
            {
                "id": first_id + offset,
                "article_id": article_id,
                "parent_id": parent,
                "name": name,
                "email": f"reader{rng.randint(1, 50_000)}@example.org",
                "website": "",
                "body": text.comment(rng, about),
                "status": status,
                "hold_reason": "" if status != Comment.Status.PENDING else "first_comment",
                "ip_address": f"192.0.2.{rng.randint(1, 254)}",
                "user_agent": "synthetic",
                "created_at": when,
                "approved_at": when + timedelta(minutes=5) if status == Comment.Status.APPROVED else None,
            }
        )
        if status == Comment.Status.APPROVED:
            approved_ids.append(first_id + offset)
    return rows


class TopicEntities:
    """Entities for the generated topics (each story's place, person and institution) and their mentions.

    Written the way the entities app stores what it finds: one Entity per name (key ``type:folded name``),
    a Mention per article and entity, and an ArticleAnalysis marking the article analysed, so
    ``newsdesk understand`` does not redo a million synthetic articles. The entities' figures are set at the end.
    """

    def __init__(self, by_name: dict, tables: tuple) -> None:
        self.by_name = by_name
        self.mention_table, self.analysis_table = tables
        self.article_ids: dict = {entity.pk: set() for entity in by_name.values()}
        self.mention_counts: dict = {entity.pk: 0 for entity in by_name.values()}
        self.first_seen: dict = {}
        self.last_seen: dict = {}

    @classmethod
    def create(cls) -> TopicEntities:
        from newsdesk.entities.models import ArticleAnalysis, Entity, Mention, entity_id_for
        from newsdesk.pipeline.entities.places import fold

        by_name = {}
        kinds = [(text.PLACES, Entity.Type.PLACE), (text.PEOPLE, Entity.Type.PERSON), (text.BODIES, Entity.Type.ORG)]
        for names, kind in kinds:
            for name in names:
                shown = name.removeprefix("the ")
                shown = shown[:1].upper() + shown[1:]
                key = f"{kind}:{fold(shown)}"
                by_name[name], _ = Entity.objects.get_or_create(
                    key=key, defaults={"id": entity_id_for(key), "name": shown, "type": kind}
                )
        return cls(by_name, (BulkTable(Mention, database_assigns_pk=True), BulkTable(ArticleAnalysis)))

    def mentions(self, rng: random.Random, article_id, about: text.Topic, published: datetime) -> list[dict]:
        rows = []
        for position, name in enumerate((about.place, about.body, about.person)):
            entity_id = self.by_name[name].pk
            count = rng.randint(1, 4)
            rows.append(
                {
                    "entity_id": entity_id,
                    "article_id": article_id,
                    "count": count,
                    "first_position": position * rng.randint(40, 200),
                }
            )
            self.article_ids[entity_id].add(article_id)
            self.mention_counts[entity_id] += count
            self.first_seen.setdefault(entity_id, published)
            self.last_seen[entity_id] = published
        return rows

    def insert(self, article_rows: list[dict], mention_rows: list[dict]) -> None:
        self.mention_table.insert(mention_rows)
        self.analysis_table.insert({"article_id": row["id"], "analysed_at": row["fetched_at"]} for row in article_rows)

    def finish(self) -> None:
        from newsdesk.entities.models import Entity

        for entity in self.by_name.values():
            if entity.pk not in self.first_seen:
                continue
            Entity.objects.filter(pk=entity.pk).update(
                article_count=F("article_count") + len(self.article_ids[entity.pk]),
                mention_count=F("mention_count") + self.mention_counts[entity.pk],
                first_seen_at=Least("first_seen_at", Value(self.first_seen[entity.pk])),
                last_seen_at=Greatest("last_seen_at", Value(self.last_seen[entity.pk])),
            )
