"""Checked LLM story summaries against a stand-in OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time

from newsdesk.pipeline.article_summary import split_sentences
from newsdesk.pipeline.errors import Reason
from newsdesk.pipeline.llm import LLMConfig, parse_answer, summarise_with_llm
from newsdesk.pipeline.story_summary import SourceDocument, SourceSentence


def document(key: str, text: str) -> SourceDocument:
    return SourceDocument(key, tuple(SourceSentence(s, i) for i, s in enumerate(split_sentences(text))))


DOCUMENTS = [
    document(
        "gazette",
        "Storm Brannoch flooded the quayside in Harbourtown overnight, forcing 40 families from "
        "their homes. Mayor Alison Reid opened the sports hall on Mill Road as a shelter. "
        '"We will get everyone home," she said on Wednesday.',
    ),
    document(
        "wire",
        "Power was cut to 3,000 homes across the county for several hours on March 3. "
        "The harbour authority said the sea wall had held. Insurers said it was too early to put a "
        "figure on the damage.",
    ),
]
FAITHFUL = [
    "Storm Brannoch forced 40 families in Harbourtown from their homes [1].",
    "Power was cut to 3,000 homes on March 3 [2].",
]
INVENTED = [
    "Mayor John Smith opened the sports hall [1].",  # a name
    "Power was cut to 30,000 homes [2].",  # a number
    "The storm struck on March 4 [2].",  # a date
    'Reid said: "The damage runs to millions" [1].',  # a quotation
    "The sea wall held, the harbour authority said [5].",  # a citation to nothing
]


def completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "model": "stand-in",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        }
    ).encode()


def config(server, **overrides) -> LLMConfig:
    return LLMConfig(
        **{"url": server.url("/v1"), "model": "stand-in-7b", "api_key": "sekrit", "timeout": 2.0, **overrides}
    )


def test_invented_sentences_are_dropped_faithful_kept_and_extractive_fills_in(http_server):
    answer = " ".join([FAITHFUL[0], INVENTED[0], INVENTED[1], FAITHFUL[1], *INVENTED[2:]])
    http_server.route("/v1/chat/completions", completion(answer), content_type="application/json")
    result = summarise_with_llm(DOCUMENTS, config(http_server))

    assert result.error is None
    published = [s.text for s in result.summary.sentences]
    assert published[:2] == [parse_answer(s)[0][0] for s in FAITHFUL]
    assert result.summary.sentences[0].cites == ("gazette",) and result.summary.sentences[1].cites == ("wire",)
    for invented in INVENTED:
        assert parse_answer(invented)[0][0] not in published
    # Three sentences for two articles: one extractive sentence fills in, not repeating the generated two.
    assert len(published) == 3 and result.generated_count == 2
    assert result.summary.sentences[2].position is not None
    # Every generated sentence has a verdict, the invented ones with the reason.
    assert [v.passed for v in result.verdicts] == [True, False, False, True, False, False, False]
    reasons = " ".join(r for v in result.verdicts for r in v.reasons)
    for expected in ("“Mayor John Smith”", "“30,000”", "“March 4”", "“The damage runs to millions”", "[5]"):
        assert expected in reasons


def test_the_request_is_an_openai_chat_completion_with_the_numbered_articles(http_server):
    http_server.route("/v1/chat/completions", completion(FAITHFUL[0]), content_type="application/json")
    summarise_with_llm(DOCUMENTS, config(http_server))
    request = http_server.requests[-1]
    assert (request.method, request.path) == ("POST", "/v1/chat/completions")
    assert request.headers["authorization"] == "Bearer sekrit"
    body = json.loads(request.body)
    assert body["model"] == "stand-in-7b" and body["stream"] is False
    prompt = body["messages"][-1]["content"]
    assert "[1] Storm Brannoch flooded" in prompt and "[2] Power was cut" in prompt


def test_a_failing_endpoint_gives_the_extractive_summary_and_a_readable_reason(http_server):
    http_server.route("/v1/chat/completions", b"upstream crashed", status=502, content_type="text/plain")
    result = summarise_with_llm(DOCUMENTS, config(http_server))
    assert result.error.reason is Reason.HTTP_SERVER_ERROR and "HTTP 502" in str(result.error)
    assert result.verdicts == () and result.generated_count == 0
    assert len(result.summary.sentences) == 3


def test_an_answer_that_is_not_a_chat_completion_is_a_bad_response(http_server):
    http_server.route("/v1/chat/completions", b'{"error": "model not loaded"}', content_type="application/json")
    result = summarise_with_llm(DOCUMENTS, config(http_server))
    assert result.error.reason is Reason.BAD_RESPONSE and "not an OpenAI chat completion" in str(result.error)
    assert len(result.summary.sentences) == 3


def test_a_slow_endpoint_times_out_within_the_limit(http_server):
    def slow(handler):
        time.sleep(3)
        handler.send_response(200)
        handler.end_headers()

    http_server.route("/v1/chat/completions", handler=slow)
    started = time.monotonic()
    result = summarise_with_llm(DOCUMENTS, config(http_server, timeout=0.5))
    assert time.monotonic() - started < 2
    assert result.error.reason is Reason.TIMEOUT and len(result.summary.sentences) == 3


def test_an_endpoint_that_is_down_is_a_connect_error():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = summarise_with_llm(DOCUMENTS, LLMConfig(url=f"http://127.0.0.1:{port}/v1", timeout=1.0))
    assert result.error.reason is Reason.CONNECT_ERROR and len(result.summary.sentences) == 3


def test_list_answers_and_citations_after_the_stop_are_read():
    answer = "1. Storm Brannoch forced 40 families from their homes. [1]\n2. Power was cut to 3,000 homes [2]."
    assert parse_answer(answer) == [
        ("Storm Brannoch forced 40 families from their homes.", (1,)),
        ("Power was cut to 3,000 homes.", (2,)),
    ]


def test_a_reasoning_models_thinking_and_markdown_are_not_sentences():
    answer = "<think>The user wants [1] facts. Let me see.</think>\n**Storm Brannoch** forced 40 families out [1]."
    assert parse_answer(answer) == [("Storm Brannoch forced 40 families out.", (1,))]
