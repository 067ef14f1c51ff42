"""Key facts as pages show them: an article's from its stored analysis, a story's combined from its articles'.

A story's *who* and *where* are the entities its articles' key facts name most often; its *what* is the
event sentence of the article that reported it first; its *when* the date its articles agree on most
(the earliest on a tie); its sources every outlet that covered it.
"""

from __future__ import annotations

from collections import Counter

from newsdesk.articles.models import Article
from newsdesk.entities.models import ArticleAnalysis
from newsdesk.stories.models import Story

STORY_WHO = 6
STORY_WHERE = 4


def _source(article: Article) -> dict:
    return {
        "name": str(article.source),
        "url": article.original_url,
        "domain": article.original_domain,
        "page": article.source.get_absolute_url(),
    }


def article_key_facts(article: Article) -> dict | None:
    analysis = ArticleAnalysis.objects.filter(article=article, status=ArticleAnalysis.Status.DONE).first()
    if analysis is None:
        return None
    return {**analysis.key_facts, "sources": [_source(article)], "published_at": article.published_at}


def story_key_facts(story: Story, articles: list[Article] | None = None) -> dict | None:
    """``articles``: the story's published articles with their outlets, when the page has them already
    (then this is one query: their analyses)."""
    if articles is None:
        articles = list(
            story.articles.published()
            .select_related("source")
            .defer("text", "features", "feed_summary", "cluster_evidence", "summary_sentences")
        )
    articles = sorted(articles, key=lambda a: (a.display_date, str(a.pk)))
    analyses = {
        a.article_id: a.key_facts
        for a in ArticleAnalysis.objects.filter(
            article__in=[a.pk for a in articles], status=ArticleAnalysis.Status.DONE
        )
    }
    facts = [analyses[a.pk] for a in articles if a.pk in analyses]
    if not facts:
        return None
    sources, seen = [], set()
    for article in articles:
        if article.source_id not in seen:
            seen.add(article.source_id)
            sources.append(_source(article))
    whens = Counter((f["when"]["date"], f["when"]["label"], f["when"]["text"]) for f in facts if f.get("when"))
    when = None
    if whens:
        (date, label, text), _ = min(whens.items(), key=lambda item: (-item[1], item[0][0]))
        when = {"date": date, "label": label, "text": text}
    return {
        "who": _most_named(facts, "who", STORY_WHO),
        "what": facts[0].get("what", ""),
        "where": _most_named(facts, "where", STORY_WHERE),
        "when": when,
        "sources": sources,
        "published_at": story.first_published_at,
    }


def _most_named(facts: list[dict], field: str, limit: int) -> list[dict]:
    counts: Counter = Counter()
    first: dict[str, tuple[int, dict]] = {}
    for order, record in enumerate(facts):
        for rank, ref in enumerate(record.get(field, [])):
            counts[ref["id"]] += 1
            first.setdefault(ref["id"], (order * 100 + rank, ref))
    ranked = sorted(counts, key=lambda pk: (-counts[pk], first[pk][0]))
    return [first[pk][1] for pk in ranked[:limit]]
