"""Abstractive story summaries from an OpenAI-compatible endpoint, published only sentence by checked sentence.

``summarise_with_llm(documents, config)`` returns a ``CheckedSummary``, in five steps (the comments in the
code reuse the numbers):

1. Prompt: the story's articles, numbered [1], [2], ... with the sentences we may show of each, and the
   instruction to write 3-5 sentences, each ending with the numbers of the articles it comes from.
2. Ask: one POST to ``{url}/chat/completions`` (llama.cpp's server, Ollama, vLLM, any OpenAI-compatible
   one) with one deadline for the whole exchange, first byte to last, and a size cap. Failures are the fetch
   errors of ``errors`` (``FetchTimeout``, ``ConnectError``, ``HTTPStatusError``, ``BadResponse`` for an
   answer that is not a chat completion).
3. Parse the answer into sentences and their citations.
4. Check every sentence (``factcheck``): citations real, names, numbers, dates and quotations found in the
   articles it cites. A failing sentence is dropped; every verdict is returned for staff to read.
5. Fill: extractive sentences (``story_summary``, avoiding what the kept sentences already say) make the
   summary up to its target length. When the endpoint failed, the whole summary is extractive and
   ``error`` says why.

The URL is trusted: it comes from the operator's settings (``NEWSDESK_LLM_URL``), never from a feed or a
page, and a server on loopback is the intended use; so the fetcher's private-address guard does not apply
here. Redirects are not followed and proxies from the environment are not used: the request goes where the
operator said, or nowhere.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

import httpx

from newsdesk.pipeline import deadlines, errors
from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.factcheck import Verdict, check_sentence, citations_before_stops, parse_cited
from newsdesk.pipeline.story_summary import (
    CitedSentence,
    SourceDocument,
    StorySummary,
    StorySummaryConfig,
    sentence_similarity,
    summarise_story,
    target_count,
)

SYSTEM_PROMPT = (
    "You write the summary of one news story from the numbered articles you are given. Write {count} short "
    "sentences of plain text, most important first. End every sentence with the numbers of the articles it "
    "comes from in square brackets, like [1] or [1][3]. State only what the cited articles say: copy names, "
    "numbers, dates and quotations exactly as they are written there. Do not add anything else."
)


@dataclass(frozen=True)
class LLMConfig:
    url: str  # base URL of the API, e.g. http://127.0.0.1:8080/v1
    model: str = ""
    api_key: str = ""
    timeout: float = 30.0  # the whole request, answer included
    max_answer_bytes: int = 1024 * 1024
    max_chars_per_article: int = 3000
    user_agent: str = "newsdesk"
    summary: StorySummaryConfig = StorySummaryConfig()


@dataclass(frozen=True)
class CheckedSummary:
    summary: StorySummary  # what may be published: checked generated sentences, then extractive
    verdicts: tuple[Verdict, ...]  # one per generated sentence, passed or not
    error: errors.PipelineError | None = None  # the endpoint failed: the summary is all extractive

    @property
    def generated_count(self) -> int:
        return sum(1 for s in self.summary.sentences if s.position is None)


def summarise_with_llm(
    documents: list[SourceDocument], config: LLMConfig, *, transport: httpx.BaseTransport | None = None
) -> CheckedSummary:
    documents = [d for d in documents if d.sentences]
    if not documents:
        return CheckedSummary(StorySummary(()), ())
    count = target_count(len(documents), config.summary)
    sources = {n: " ".join(s.text for s in d.sentences) for n, d in enumerate(documents, start=1)}
    try:
        answer = ask(_messages(sources, config, count), config, transport=transport)  # 1. 2.
    except errors.PipelineError as error:
        return CheckedSummary(summarise_story(documents, config.summary), (), error)
    verdicts = [check_sentence(text, cites, sources) for text, cites in parse_answer(answer)]  # 3. 4.
    kept: list[CitedSentence] = []
    for verdict in verdicts:
        if verdict.passed and len(kept) < count and not _repeats(verdict.text, kept):
            keys = tuple(documents[n - 1].key for n in verdict.citations)
            kept.append(CitedSentence(verdict.text, None, None, keys))
    fill = (
        summarise_story(
            documents,
            config.summary,
            count=count - len(kept),  # 5.
            avoid=tuple(s.text for s in kept),
        )
        if len(kept) < count
        else StorySummary(())
    )
    return CheckedSummary(StorySummary((*kept, *fill.sentences)), tuple(verdicts))


def _messages(sources: dict[int, str], config: LLMConfig, count: int) -> list[dict[str, str]]:
    articles = "\n\n".join(f"[{n}] {text[: config.max_chars_per_article]}" for n, text in sources.items())
    return [
        {"role": "system", "content": SYSTEM_PROMPT.format(count=count)},
        {"role": "user", "content": f"Articles:\n\n{articles}\n\nSummary ({count} sentences, each cited):"},
    ]


def _repeats(text: str, kept: list[CitedSentence]) -> bool:
    return any(sentence_similarity(text, other.text) > 0.8 for other in kept)


# 2. Ask.


def ask(messages: list[dict[str, str]], config: LLMConfig, *, transport: httpx.BaseTransport | None = None) -> str:
    """The text of the endpoint's first choice; every failure is a ``FetchError`` with a readable reason."""
    url = config.url.rstrip("/") + "/chat/completions"
    headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    body = {"model": config.model, "messages": messages, "temperature": 0, "stream": False}
    deadline = time.monotonic() + config.timeout
    # The deadline holds at every socket wait (deadlines.transport), so an endpoint that answers a byte at
    # a time is cut off too; the per-chunk check in _read_capped covers a transport passed in.
    try:
        with (
            deadlines.deadline(deadline),
            httpx.Client(
                timeout=httpx.Timeout(config.timeout),
                follow_redirects=False,
                trust_env=False,
                transport=transport or deadlines.transport(),
            ) as client,
        ):
            with client.stream("POST", url, json=body, headers=headers) as response:
                if response.status_code >= 300:
                    raise errors.HTTPStatusError(
                        f"the LLM endpoint answered HTTP {response.status_code}",
                        status_code=response.status_code,
                        url=url,
                    )
                content = _read_capped(response, deadline, config, url)
    except httpx.TimeoutException:
        raise errors.FetchTimeout(f"the LLM endpoint did not answer within {config.timeout:g}s", url=url) from None
    except httpx.TransportError as error:
        raise errors.ConnectError(
            f"could not reach the LLM endpoint ({error.__class__.__name__}: {error})", url=url
        ) from None
    return _completion_text(content, url)


def _read_capped(response: httpx.Response, deadline: float, config: LLMConfig, url: str) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > config.max_answer_bytes:
            raise errors.TooLarge(f"the LLM endpoint's answer is over {config.max_answer_bytes} bytes", url=url)
        if time.monotonic() > deadline:
            raise errors.FetchTimeout(f"the LLM endpoint did not finish within {config.timeout:g}s", url=url)
        chunks.append(chunk)
    return b"".join(chunks)


def _completion_text(content: bytes, url: str) -> str:
    try:
        text = json.loads(content)["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise errors.BadResponse(
            f"the LLM endpoint's answer is not an OpenAI chat completion: {content[:120]!r}", url=url
        ) from None
    if not isinstance(text, str) or not text.strip():
        raise errors.BadResponse("the LLM endpoint answered with no text", url=url)
    return text


# 3. Parse.


def parse_answer(answer: str) -> list[tuple[str, tuple[int, ...]]]:
    """Each sentence of the answer, citations removed, with the article numbers it cited."""
    # Reasoning models (served by Ollama or vLLM) may think aloud first; markdown emphasis is not text.
    answer = re.sub(r"<think>.*?(?:</think>|$)", "", answer, flags=re.DOTALL).replace("**", "")
    # Models like lists: "- ..." or "1. ..." lines are sentences too.
    lines = [re.sub(r"^(?:[-*•]|\d+[.)])\s+", "", line.strip()) for line in answer.splitlines()]
    text = citations_before_stops("\n".join(line for line in lines if line))
    return [parse_cited(sentence) for sentence in split_sentences(text) if parse_cited(sentence)[0]]
