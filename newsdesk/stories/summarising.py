"""A story's summary: when it is made, which sentences of its articles may be used, which summariser runs,
what is stored.

A summary is made after commit, never inside a transaction (the LLM backend is a network call, and a
transaction held open across it holds SQLite's write lock). ``Story.refresh_from_articles`` only marks it
due (``summary_due``) when the articles it is made from changed; then:

- ``summarise_after_commit(stories)``: whoever changed the stories (the story services, the story desk, the
  admin) has their due summaries made once its transaction commits, at once when none is open;
- ``refresh_due(limit)``: the sweep (the analyst, ``ingest --once``) makes every summary still due, such as
  one whose process stopped between the commit and the summary;
- ``refresh_summaries(stories)``: what both run, and ``newsdesk summarise``, for each story:

1. Inputs: the story's first ``SUMMARY_ARTICLES`` originals, earliest first (numbered like the coverage
   list). Of each, only sentences we already show: its lead when its outlet allows republication, else its
   own summary and first paragraph, so the story summary never shows more of an article than its page does.
   Unchanged inputs (``summary_fingerprint``) make nothing: the summary is only marked done.
2. Backend: ``NEWSDESK_SUMMARISER`` picks ``extractive`` (``pipeline.story_summary``) or ``llm``
   (``pipeline.llm``: generated sentences, each fact-checked, extractive ones filling in).
3. Store, in one short transaction after the backend answered: the summary's sentences with their citations
   on the story; for the LLM, every sentence's verdict (``SummaryCheck``, shown to staff in the admin) and,
   when the endpoint failed, why (``summary_note``: the summary is made again at the story's next change).

``cited_sentences`` turns the stored citations into ``[n]`` links for the story page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction

from newsdesk.articles.models import Article
from newsdesk.core.pipeline_config import user_agent
from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.factcheck import Verdict
from newsdesk.pipeline.llm import LLMConfig, summarise_with_llm
from newsdesk.pipeline.story_summary import SourceDocument, SourceSentence, StorySummary, summarise_story
from newsdesk.stories import coverage
from newsdesk.stories.models import SUMMARY_ARTICLES, Story, summary_fingerprint

logger = logging.getLogger(__name__)

LEAD_SENTENCES = 12  # of an article we may republish: the rest of it rarely belongs in a summary
# What making a summary writes on the story (and nothing else: the figures may have moved on meanwhile).
SUMMARY_FIELDS = [
    "summary",
    "summary_sentences",
    "summary_article",
    "summary_mode",
    "summary_note",
    "summary_inputs",
    "summary_due",
]


@dataclass(frozen=True)
class Outcome:
    summary: StorySummary
    mode: str  # what made it: "extractive", "llm", "llm+extractive"
    note: str = ""  # for staff
    verdicts: tuple[Verdict, ...] = ()
    model: str = ""
    retry: bool = False  # the backend failed: try again at the next refresh


def summarise_after_commit(stories: Iterable[Story]) -> None:
    """Make the due summaries of ``stories`` once the current transaction commits (at once outside one).

    A failure is logged, not raised: the change it follows is committed, and the story stays due for
    ``refresh_due``."""
    story_ids = [story.pk for story in stories]
    if story_ids:
        transaction.on_commit(
            lambda: refresh_summaries(Story.objects.filter(pk__in=story_ids, summary_due=True)), robust=True
        )


def refresh_due(limit: int | None = None) -> int:
    """Make every summary still due (the newest stories first, at most ``limit``); returns how many."""
    due = Story.objects.filter(summary_due=True).order_by("-updated_at", "pk")
    return refresh_summaries(due[:limit] if limit else due)


def refresh_summaries(stories: Iterable[Story]) -> int:
    """Make the summary of each story whose summary's articles changed; returns how many were looked at.

    A story whose summary fails with a bug is logged and left until its next change (no longer due), so a
    sweep neither stops at it nor tries it again every round."""
    done = 0
    for story in stories:
        try:
            refresh_summary(story)
        except Exception:
            logger.exception("story summary failed story_id=%s", story.pk)
            Story.objects.filter(pk=story.pk).update(summary_due=False, summary_inputs="")
        done += 1
    return done


def refresh_summary(story: Story) -> None:
    """Make ``story``'s summary, and save it, when the articles it is made from changed (see the stages)."""
    chosen = first_originals(story)  # 1.
    fingerprint = summary_fingerprint(chosen)
    if fingerprint == story.summary_inputs:
        if story.summary_due:
            story.summary_due = False
            story.save(update_fields=["summary_due"])
        return
    backend = settings.NEWSDESK_SUMMARISER
    documents = source_documents(chosen)
    outcome = BACKENDS[backend](documents)  # 2.
    by_id = {str(a.pk): a for a in chosen}  # 3.
    previous_mode = story.summary_mode
    story.summary_sentences = [
        {"text": s.text, "position": s.position, "article": s.source, "cites": list(s.cites)}
        for s in outcome.summary.sentences
    ]
    story.summary = outcome.summary.text
    first_source = next((s.source for s in outcome.summary.sentences if s.source), None)
    story.summary_article = by_id.get(first_source) if first_source is not None else None
    story.summary_mode, story.summary_note = outcome.mode, outcome.note
    story.summary_inputs = "" if outcome.retry else fingerprint
    story.summary_due = False
    with transaction.atomic():
        # Checks exist only from an LLM run: none to replace in extractive mode (and no query for it).
        if outcome.verdicts or backend == "llm" or previous_mode.startswith("llm"):
            _store_verdicts(story, outcome, [str(a.pk) for a in chosen if _has_sentences(documents, a)])
        story.save(update_fields=SUMMARY_FIELDS)


def first_originals(story: Story) -> list[Article]:
    """The story's first ``SUMMARY_ARTICLES`` published originals, earliest first (one query)."""
    articles = story.articles.published().only("id", "duplicate_of_id", "published_at", "fetched_at", "discovered_at")
    return coverage.originals(coverage.earliest_first(articles))[:SUMMARY_ARTICLES]


def source_documents(articles: list) -> list[SourceDocument]:
    """The sentences of each article the summary may use (one query for the texts)."""
    rows = {
        pk: (text, sentences, full)
        for pk, text, sentences, full in Article.objects.filter(pk__in=[a.pk for a in articles]).values_list(
            "pk", "text", "summary_sentences", "source__republish_full_text"
        )
    }
    documents = []
    for article in articles:
        text, summary_sentences, republish = rows.get(article.pk, ("", (), False))
        sentences = split_sentences(text)
        if republish:
            eligible = {i: s for i, s in enumerate(sentences[:LEAD_SENTENCES])}
        else:
            eligible = {s["position"]: s["text"] for s in summary_sentences or ()}
            paragraphs = [p for p in text.split("\n\n") if p.strip()]
            for i, sentence in enumerate(split_sentences(paragraphs[0]) if paragraphs else ()):
                eligible.setdefault(i, sentence)
        ordered = tuple(SourceSentence(eligible[i], i) for i in sorted(eligible))
        documents.append(SourceDocument(str(article.pk), ordered))
    return documents


def _has_sentences(documents: list[SourceDocument], article) -> bool:
    return any(d.key == str(article.pk) and d.sentences for d in documents)


def _store_verdicts(story, outcome: Outcome, numbered: list[str]) -> None:
    """Replace the story's checks with this run's: citations as article IDs (``numbered`` is the prompt's order)."""
    published = {s.text for s in outcome.summary.sentences if s.position is None}
    story.summary_checks.all().delete()
    story.summary_checks.bulk_create(
        [
            story.summary_checks.model(
                story=story,
                model=outcome.model,
                sentence=v.text,
                passed=v.passed,
                published=v.text in published,
                citations=[numbered[n - 1] if 0 < n <= len(numbered) else f"[{n}]" for n in v.citations],
                reasons=list(v.reasons),
                found=list(v.checked),
                order=i,
            )
            for i, v in enumerate(outcome.verdicts)
        ]
    )


# 2. Backends: each takes the documents and returns an Outcome.


def extractive(documents: list[SourceDocument]) -> Outcome:
    return Outcome(summarise_story(documents), "extractive")


def llm(documents: list[SourceDocument]) -> Outcome:
    config = llm_config()
    result = summarise_with_llm(documents, config)
    if result.error is not None:
        logger.warning("LLM summary failed, extractive instead: %s url=%s", result.error, config.url)
        return Outcome(
            result.summary,
            "extractive",
            f"LLM endpoint failed, extractive summary instead: {result.error}",
            model=config.model,
            retry=True,
        )
    failed = sum(1 for v in result.verdicts if not v.passed)
    generated = result.generated_count
    mode = "llm" if generated == len(result.summary.sentences) else "llm+extractive" if generated else "extractive"
    note = (
        f"{len(result.verdicts)} generated sentences: {failed} failed the check, {generated} published; "
        f"{len(result.summary.sentences) - generated} extractive sentences fill in."
    )
    return Outcome(result.summary, mode, note, result.verdicts, config.model)


BACKENDS = {"extractive": extractive, "llm": llm}


def llm_config() -> LLMConfig:
    return LLMConfig(
        url=settings.NEWSDESK_LLM_URL,
        model=settings.NEWSDESK_LLM_MODEL,
        api_key=settings.NEWSDESK_LLM_API_KEY,
        timeout=settings.NEWSDESK_LLM_TIMEOUT,
        user_agent=user_agent(),
    )


# The story page.


@dataclass(frozen=True)
class Citation:
    number: int  # the article's number in the coverage list
    article: object


@dataclass(frozen=True)
class PageSentence:
    text: str
    position: int | None
    generated: bool
    citations: tuple[Citation, ...]


def cited_sentences(story, entries) -> list[PageSentence]:
    """The stored summary with each cited article's number in the coverage list (``coverage.grouped``)."""
    numbers: dict[str, tuple[int, Any]] = {}
    for number, entry in enumerate(entries, start=1):
        for article in (entry.article, *entry.copies):
            numbers.setdefault(str(article.pk), (number, entry.article))
    sentences = []
    for stored in story.summary_sentences or ():
        cites = [numbers[c] for c in stored.get("cites", ()) if c in numbers]
        unique = list(dict.fromkeys(cites))
        sentences.append(
            PageSentence(
                stored["text"],
                stored.get("position"),
                stored.get("position") is None and "cites" in stored,
                tuple(Citation(n, a) for n, a in unique),
            )
        )
    return sentences
