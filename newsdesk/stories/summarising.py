"""A story's summary: which sentences of its articles may be used, which summariser runs, what is stored.

``refresh_summary(story, originals)`` is called by ``Story.refresh_from_articles`` (so by ingest and the
editors' actions alike), and does its work only when the articles the summary is made from changed:

1. Inputs: the story's first ``SUMMARY_ARTICLES`` originals, earliest first (numbered like the coverage
   list). Of each, only sentences we already show: its lead when its outlet allows republication, else its
   own summary and first paragraph, so the story summary never shows more of an article than its page does.
2. Backend: ``NEWSDESK_SUMMARISER`` picks ``extractive`` (``pipeline.story_summary``) or ``llm``
   (``pipeline.llm``: generated sentences, each fact-checked, extractive ones filling in).
3. Store: the summary's sentences with their citations on the story; for the LLM, every sentence's verdict
   (``SummaryCheck``, shown to staff in the admin) and, when the endpoint failed, why (``summary_note``).

``cited_sentences`` turns the stored citations into ``[n]`` links for the story page.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from newsdesk.pipeline.factcheck import Verdict
from newsdesk.pipeline.llm import LLMConfig, summarise_with_llm
from newsdesk.pipeline.story_summary import SourceDocument, SourceSentence, StorySummary, summarise_story
from newsdesk.pipeline.article_summary import split_sentences

logger = logging.getLogger(__name__)

SUMMARY_ARTICLES = 8  # the event as first told; also bounds the work (and LLM prompt) of a growing story
LEAD_SENTENCES = 12  # of an article we may republish: the rest of it rarely belongs in a summary


@dataclass(frozen=True)
class Outcome:
    summary: StorySummary
    mode: str  # what made it: "extractive", "llm", "llm+extractive"
    note: str = ""  # for staff
    verdicts: tuple[Verdict, ...] = ()
    model: str = ""
    retry: bool = False  # the backend failed: try again at the next refresh


def refresh_summary(story, originals: list) -> None:
    """Set the story's summary fields (the caller saves the story) when its summary's articles changed."""
    chosen = originals[:SUMMARY_ARTICLES]
    backend = settings.NEWSDESK_SUMMARISER
    fingerprint = hashlib.sha1(" ".join([backend, *(str(a.pk) for a in chosen)]).encode()).hexdigest()
    if fingerprint == story.summary_inputs:
        return
    documents = source_documents(chosen)  # 1.
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
    # Checks exist only from an LLM run: none to replace in extractive mode (and no query for it).
    if outcome.verdicts or backend == "llm" or previous_mode.startswith("llm"):
        _store_verdicts(story, outcome, [str(a.pk) for a in chosen if _has_sentences(documents, a)])


def source_documents(articles: list) -> list[SourceDocument]:
    """The sentences of each article the summary may use (one query for the texts)."""
    from newsdesk.articles.models import Article

    rows = {
        pk: (text, full)
        for pk, text, full in Article.objects.filter(pk__in=[a.pk for a in articles]).values_list(
            "pk", "text", "source__republish_full_text"
        )
    }
    documents = []
    for article in articles:
        text, republish = rows.get(article.pk, ("", False))
        sentences = split_sentences(text)
        if republish:
            eligible = {i: s for i, s in enumerate(sentences[:LEAD_SENTENCES])}
        else:
            eligible = {s["position"]: s["text"] for s in article.summary_sentences or ()}
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
    from newsdesk.core.pipeline_config import user_agent

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
