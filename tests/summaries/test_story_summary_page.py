"""Story summaries on the real story page: cited sentences, and LLM sentences only when they pass the check.

The LLM is a stand-in OpenAI-compatible server on 127.0.0.1 that answers with faithful and invented
sentences; the summariser is chosen by settings, as an operator would.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from newsdesk.articles.models import Article
from newsdesk.pipeline.article_summary import split_sentences, summarise
from newsdesk.pipeline.story_summary import sentence_similarity
from newsdesk.stories.models import Story, SummaryCheck
from newsdesk.stories.summarising import refresh_summaries
from tests.comments.pages import has_class, parse, text

pytestmark = pytest.mark.django_db

GAZETTE_TEXT = (
    "Storm Brannoch flooded the quayside in Harbourtown overnight, forcing 40 families from their homes. "
    "Mayor Alison Reid opened the sports hall on Mill Road as a shelter for those who had to leave.\n\n"
    '"We will get everyone home," she said on Wednesday. Firefighters pumped water from shops along Quay '
    "Street until dawn.\n\nForecasters expect the wind to ease by Thursday afternoon."
)
WIRE_TEXT = (
    "Power was cut to 3,000 homes across the county for several hours on March 3, the grid operator said.\n\n"
    "The harbour authority said the sea wall had held, but water came over it at high tide. Insurers said it "
    "was too early to put a figure on the damage."
)
COURIER_TEXT = (
    "Storm Brannoch flooded the quayside in Harbourtown overnight, forcing 40 families from their homes, "
    "officials said.\n\nClean-up crews began clearing mud from Quay Street. Shopkeepers said they hoped to "
    "reopen by the weekend."
)

FAITHFUL = [
    "Storm Brannoch forced 40 families in Harbourtown from their homes [1].",
    "Power was cut to 3,000 homes across the county on March 3 [2].",
]
INVENTED = [
    "Mayor John Smith opened the sports hall as a shelter [1].",
    "Power was cut to 30,000 homes [2].",
    'Reid said: "The damage runs to millions" [1].',
    "Clean-up crews began on March 9 [3].",
    "The sea wall held, the harbour authority said [7].",
]


def written(text_with_citations: str) -> str:
    """A stand-in sentence as it would appear on a page: citations taken off."""
    return text_with_citations.rsplit(" [", 1)[0] + "."


def completion(sentences: list[str]) -> bytes:
    return json.dumps(
        {
            "object": "chat.completion",
            "model": "stand-in",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": " ".join(sentences)}}],
        }
    ).encode()


@pytest.fixture
def storm_articles(outlets, make_article):
    gazette, wire, courier, _ = outlets
    gazette.republish_full_text = True
    gazette.save()

    def article(key, source, hours_ago, title, body):
        summary = summarise(body)
        return make_article(
            key,
            source,
            hours_ago=hours_ago,
            title=title,
            text=body,
            summary=summary.text,
            summary_sentences=[{"text": s.text, "position": s.position} for s in summary.sentences],
        )

    return [
        article("gazette-storm", gazette, 6, "Storm Brannoch floods the quayside", GAZETTE_TEXT),
        article("wire-storm", wire, 4, "Power cut to thousands as storm hits", WIRE_TEXT),
        article("courier-storm", courier, 1, "Clean-up after Brannoch", COURIER_TEXT),
    ]


@pytest.fixture
def llm_server(http_server, settings):
    settings.NEWSDESK_SUMMARISER = "llm"
    settings.NEWSDESK_LLM_URL = http_server.url("/v1")
    settings.NEWSDESK_LLM_MODEL = "stand-in-7b"
    settings.NEWSDESK_LLM_TIMEOUT = 2
    return http_server


def summary_section(client, story):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), parse(response).xpath(f"//section[{has_class('summary')}]")[0]


def test_extractive_story_summary_cites_each_sentence_like_the_coverage_list(client, storm_articles, make_story):
    story = make_story(*storm_articles)
    html, section = summary_section(client, story)
    sentences = section.xpath(f".//span[{has_class('summary-sentence')}]")
    assert 3 <= len(sentences) <= 5
    numbered = {n: a for n, a in enumerate(storm_articles, start=1)}  # coverage order: earliest first
    for sentence in sentences:
        links = sentence.xpath(f".//a[{has_class('cite')}]")
        assert links, text(sentence)
        quoted = text(sentence).split(" [")[0]
        for index, link in enumerate(links):
            article = numbered[int(link.text.strip("[]"))]
            assert link.get("href") == article.original_url
            if index == 0:  # the sentence is the first cited article's own
                assert quoted in split_sentences(article.text)
            else:  # and the others carry it too, near enough
                assert max(sentence_similarity(quoted, s) for s in split_sentences(article.text)) >= 0.75
    # The lead two outlets share is said once, citing both of them.
    lead = section.xpath(f".//span[{has_class('summary-sentence')}][starts-with(., 'Storm Brannoch flooded')]")
    assert len(lead) == 1
    assert [a.text for a in lead[0].xpath(f".//a[{has_class('cite')}]")] == ["[1]", "[3]"]


def test_invented_llm_sentences_never_reach_the_page_and_faithful_ones_do(
    client, storm_articles, make_story, llm_server
):
    llm_server.route(
        "/v1/chat/completions",
        completion([FAITHFUL[0], *INVENTED[:2], FAITHFUL[1], *INVENTED[2:]]),
        content_type="application/json",
    )
    story = make_story(*storm_articles)

    html, section = summary_section(client, story)
    for sentence in FAITHFUL:
        assert written(sentence) in text(section)
    for sentence in INVENTED:
        assert written(sentence) not in html
    for invented in ("John Smith", "30,000", "The damage runs to millions", "March 9"):
        assert invented not in html
    generated = section.xpath(f".//span[{has_class('generated')}]")
    assert [text(s) for s in generated] == [f"{written(FAITHFUL[0])}* [1]", f"{written(FAITHFUL[1])}* [2]"]
    assert len(section.xpath(f".//span[{has_class('summary-sentence')}]")) == 4  # extractive ones fill in

    checks = list(SummaryCheck.objects.filter(story=story))
    assert [(c.passed, c.published) for c in checks] == [
        (True, True),
        (False, False),
        (False, False),
        (True, True),
        (False, False),
        (False, False),
        (False, False),
    ]
    assert checks[0].citations == [str(storm_articles[0].pk)]
    assert checks[6].citations == ["[7]"]
    assert "name “Mayor John Smith” is not in [1]" in checks[1].reasons
    assert checks[0].model == "stand-in-7b"
    story.refresh_from_db()
    assert story.summary_mode == "llm+extractive"
    assert "7 generated sentences: 5 failed the check, 2 published" in story.summary_note


def test_verdicts_are_shown_to_staff_in_the_admin_and_never_on_the_public_page(
    client, admin_client, storm_articles, make_story, llm_server
):
    llm_server.route("/v1/chat/completions", completion([FAITHFUL[0], INVENTED[0]]), content_type="application/json")
    story = make_story(*storm_articles)
    change = reverse("admin:stories_story_change", args=[story.pk])

    staff_page = admin_client.get(change).content.decode()
    assert "Mayor John Smith opened the sports hall as a shelter." in staff_page
    assert "is not in [1]" in staff_page
    assert "failed the check" in staff_page
    checks_list = admin_client.get(reverse("admin:stories_summarycheck_changelist") + "?passed__exact=0")
    assert "Mayor John Smith" in checks_list.content.decode()

    assert client.get(change).status_code == 302  # the public is sent to the login page
    public = client.get(story.get_absolute_url()).content.decode()
    assert "John Smith" not in public and "is not in" not in public and "failed the check" not in public


def refresh(story: Story) -> None:
    """What the story desk and the story services do after articles join or leave: the figures, then the
    summary (after commit, which a test's transaction never reaches: made here directly)."""
    story.refresh_from_articles()
    refresh_summaries([story])


def test_an_endpoint_that_fails_gives_the_extractive_summary_with_a_reason_and_is_tried_again(
    client, storm_articles, make_story, llm_server
):
    llm_server.route("/v1/chat/completions", b"overloaded", status=503, content_type="text/plain")
    story = make_story(*storm_articles)
    story.refresh_from_db()
    assert story.summary_mode == "extractive"
    assert "LLM endpoint failed" in story.summary_note and "HTTP server error (5xx)" in story.summary_note
    html, section = summary_section(client, story)
    assert len(section.xpath(f".//span[{has_class('summary-sentence')}]")) == 4
    assert not section.xpath(f".//span[{has_class('generated')}]")

    # The endpoint recovers: the next refresh asks again, though the articles did not change.
    llm_server.route("/v1/chat/completions", completion(FAITHFUL), content_type="application/json")
    refresh(story)
    html, section = summary_section(client, story)
    assert written(FAITHFUL[0]) in text(section)
    assert Story.objects.get(pk=story.pk).summary_note.startswith("2 generated sentences")


def test_the_llm_is_asked_again_only_when_the_summarys_articles_change(
    storm_articles, make_story, make_article, outlets, llm_server
):
    llm_server.route("/v1/chat/completions", completion(FAITHFUL), content_type="application/json")
    story = make_story(*storm_articles[:2])
    asked = len(llm_server.requests)
    refresh(story)
    assert len(llm_server.requests) == asked  # same articles: the stored summary stands
    Article.objects.filter(pk=storm_articles[2].pk).update(story=story)
    refresh(story)
    assert len(llm_server.requests) == asked + 1
    prompt = json.loads(llm_server.requests[-1].body)["messages"][-1]["content"]
    assert "[3] Storm Brannoch flooded the quayside" in prompt


def test_the_summarise_command_remakes_summaries_after_the_summariser_changes(
    storm_articles, make_story, settings, http_server
):
    from io import StringIO

    from django.core.management import call_command

    story = make_story(*storm_articles)
    assert story.summary_mode == "extractive"
    settings.NEWSDESK_SUMMARISER = "llm"
    settings.NEWSDESK_LLM_URL = http_server.url("/v1")
    http_server.route("/v1/chat/completions", completion(FAITHFUL), content_type="application/json")
    out = StringIO()
    call_command("summarise", stdout=out)
    story.refresh_from_db()
    assert story.summary_mode == "llm+extractive" and written(FAITHFUL[0]) in story.summary
    assert "Summarised 1 stories with llm (llm+extractive: 1)." in out.getvalue()

    http_server.route("/v1/chat/completions", b"", status=500)
    out = StringIO()
    call_command("summarise", "--story", str(story.pk), stdout=out)
    assert "1 fell back to extractive" in out.getvalue() and "HTTP 500" in out.getvalue()
